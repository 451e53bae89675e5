import express from 'express';
import type { DeliveryService } from './delivery.service';

/**
 * GET /d/<publicId>/<channel>/<width>.webp: public, no credentials. A refusal has no body and no reason
 * (404, or 410 once withdrawn), and is not cached, so the image can come back when it is approved again.
 */
export function deliveryRouter(delivery: DeliveryService): express.Router {
  const router = express.Router();
  router.get('/d/:publicId/:channel/:file', async (req, res, next) => {
    try {
      const width = /^(\d{2,4})\.webp$/.exec(req.params.file)?.[1];
      const found = width ? await delivery.open(req.params.publicId, req.params.channel, Number(width)) : ({ kind: 'not_found' } as const);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Robots-Tag', 'noindex');
      if (found.kind !== 'image') {
        res.setHeader('Cache-Control', 'no-store');
        return void res.status(found.kind === 'gone' ? 410 : 404).end();
      }
      res.setHeader('Cache-Control', `public, max-age=${found.maxAgeSeconds}, must-revalidate`);
      res.setHeader('ETag', found.etag);
      // Images are embedded by other sites (newsletters, intranets): that is the point of the URL.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      if (matches(req.get('if-none-match'), found.etag)) return void res.status(304).end();
      res.type('image/webp');
      res.sendFile(found.path, { etag: false, lastModified: false, cacheControl: false }, (err) => err && next(err));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/**
 * If-None-Match as RFC 9110 evaluates it (weak comparison). Not `req.fresh`: that also gives up on a request
 * that says `Cache-Control: no-cache`, which is exactly how a CDN or fetch() revalidates.
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

