import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { AppError } from '@likeness/shared';
import type { AppConfig } from './kernel/config';
import type { Modules, ServerHandle } from './container';
import { accessLog } from './http/access-log';
import { dashboardRoute } from './http/dashboard.route';
import { prismaErrors } from './db/prisma-errors';
import { errorMiddleware } from './http/error.middleware';
import { mountRoutes } from './http/route.binder';
import { jsonBody } from './kernel/json-body';
import { renderDocsPage } from './openapi/docs.page';
import { buildOpenApiDocument } from './openapi/openapi.document';
import { apiRoutes, moduleList } from './routes';

export async function createApp(modules: Modules, handle: ServerHandle, config: AppConfig, logger: Logger): Promise<Express> {
  const app = express();
  app.disable('x-powered-by');
  // API answers are per-request (evaluatedAt, sessions); an ETag hash per response is wasted work.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const httpsPublic = config.publicUrl?.startsWith('https://') ?? false;
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    // HTTPS only from here on: when the configured address is https, or the request came over TLS (req.secure
    // believes X-Forwarded-Proto only from a trusted proxy). Browsers ignore the header on plain HTTP anyway.
    if (httpsPublic || req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  // Plugins call these on every page render; logging each would drown the log and cost ~0.1 ms. Errors are still logged.
  const unlogged = new Set(['/api/v1/status/batch', '/api/v1/health', '/live/likeness.js']);
  // Signing links carry their token in the path: those requests are not logged (the signing router logs its errors, redacted).
  app.use(accessLog(logger, (req) => unlogged.has(req.path) || req.path.startsWith('/sign/')));

  const api = express.Router();
  api.use(publicCors);
  api.use(jsonBody({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  const openapi = buildOpenApiDocument();
  const openapiJson = JSON.stringify(openapi);
  const docsHtml = renderDocsPage(openapi);
  api.get('/openapi.json', (_req, res) => res.type('application/json').send(openapiJson));
  api.get('/docs', (_req, res) => res.type('html').send(docsHtml));

  mountRoutes(api, apiRoutes(modules), {
    authenticate: modules.admin.facade.authenticate,
    validateResponses: config.validateResponses,
    storage: handle.storage,
  });
  api.use((req, _res, next) => next(new AppError('not_found', `No route ${req.method} ${req.baseUrl}${req.path}.`)));

  app.use('/api/v1', api);
  for (const mod of moduleList(modules)) for (const router of (await mod.routers?.()) ?? []) app.use(router);
  app.use('/admin', dashboardRoute());
  app.get('/', (_req, res) => res.redirect('/admin'));
  app.use(errorMiddleware(logger, prismaErrors));
  return app;
}

/** Paths a public browser key may call from any page; the key itself restricts the origin. */
const PUBLIC_PATHS = new Set(['/status/batch', '/events']);

const publicCors: express.RequestHandler = (req, res, next) => {
  if (!PUBLIC_PATHS.has(req.path) || !req.get('origin')) return next();
  res.setHeader('Access-Control-Allow-Origin', req.get('origin')!);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
};
