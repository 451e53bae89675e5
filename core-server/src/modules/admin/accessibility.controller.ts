import { Router, type Request } from 'express';
import { z } from 'zod';
import { statementPage } from './accessibility.page';
import type { StatementLocale } from './accessibility.texts';
import type { AdminFacade } from './index';

/** Nothing but our stylesheet: the page has no script, no form and no third-party content. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const Query = z.object({
  lang: z.enum(['sv', 'en']).optional().catch(undefined),
  org: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional()
    .catch(undefined),
});

function localeOf(req: Request, lang: StatementLocale | undefined): StatementLocale {
  return lang ?? (req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv');
}

/** GET /accessibility: the public accessibility statement the Swedish DOS law asks for (no login). */
export function accessibilityRouter(s: AdminFacade): Router {
  const router = Router();
  router.get('/accessibility', async (req, res, next) => {
    try {
      const q = Query.parse(req.query);
      const contact = await s.statement.contact(q.org);
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Language', localeOf(req, q.lang));
      res.status(200).type('html').send(statementPage(localeOf(req, q.lang), contact));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
