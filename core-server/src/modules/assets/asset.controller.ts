import { assetContract, boxContract, statusContract, usageContract } from '@likeness/shared';
import { receiveUpload } from '../http/multipart';
import { FileResponse, route } from '../http/route.binder';
import type { Services } from '../container';

export function statusRoutes(s: Services) {
  return [route(statusContract.batch, ({ ctx, body }) => s.status.batch(ctx.tenantId, body.channel, body.assetIds, { includeReasons: !ctx.publicOrigins }))];
}

export function assetRoutes(s: Services) {
  return [
    route(assetContract.list, ({ ctx, query }) => s.assets.list(ctx, query)),
    route(assetContract.upload, async ({ ctx, req, res }) => {
      const { file, fields } = await receiveUpload(req, s.storage, s.limits.maxUploadBytes);
      const result = await s.assets.upload(ctx, file, fields.title?.trim().slice(0, 300) || null);
      if (result.duplicate) res.locals.status = 200;
      return result;
    }),
    route(assetContract.get, ({ ctx, params }) => s.assets.get(ctx, params.id)),
    route(assetContract.update, ({ ctx, params, body }) => s.assets.update(ctx, params.id, body)),
    route(assetContract.delete, ({ ctx, params }) => s.assets.delete(ctx, params.id)),
    route(assetContract.setBasis, ({ ctx, params, body }) => s.assets.setBasis(ctx, params.id, body)),
    route(assetContract.file, async ({ ctx, params }) => {
      const f = await s.assets.openFile(ctx, params.id, params.variant);
      // Content-addressed by sha256, so a variant never changes under the same URL.
      return new FileResponse(f.path, f.contentType, f.fileName, { immutable: true });
    }),
    route(assetContract.usages, ({ ctx, params }) => s.assets.usages(ctx, params.id)),
    route(boxContract.create, ({ ctx, params, body }) => s.boxes.create(ctx, params.id, body)),
    route(boxContract.update, ({ ctx, params, body }) => s.boxes.update(ctx, params.id, body)),
    route(boxContract.delete, ({ ctx, params }) => s.boxes.delete(ctx, params.id)),
    route(usageContract.report, ({ ctx, body }) => s.usages.report(ctx, body)),
  ];
}
