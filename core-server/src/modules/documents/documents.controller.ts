import { documentContract } from '@likeness/shared';
import { FileResponse, route, type BoundRoute } from '../../kernel/route';
import type { DocumentsFacade } from './index';

export function documentRoutes(s: DocumentsFacade): BoundRoute[] {
  return [
    route(documentContract.createOfficeSession, ({ body, req }) =>
      s.sessions.create(body, { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null }),
    ),
    route(documentContract.lookupContent, ({ ctx, body }) => s.lookup.lookup(ctx, body)),
    route(documentContract.limits, async () => s.limits),
    route(documentContract.check, ({ ctx, query, upload }) => s.check.check(ctx, upload.file, query.channel), { maxUploadBytes: s.limits.maxBytes }),
    route(documentContract.insertableImage, async ({ ctx, params, query, res }) => {
      const image = await s.images.render(ctx, params.id, query.channel, query.maxWidth);
      // A derivative of a person's photo must not outlive the response (an erasure would miss it).
      res.on('close', () => void s.discardTemp(image.path));
      return new FileResponse(image.path, image.contentType, image.fileName);
    }),
  ];
}
