import { assetContract, boxContract, usageContract } from '@likeness/shared';
import { FileResponse, route } from '../../kernel/route';
import type { AssetsFacade } from './index';

export function assetRoutes(s: AssetsFacade) {
  return [
    route(assetContract.list, ({ ctx, query }) => s.assets.list(ctx, query)),
    // Before /assets/:id, which would take "counts" for an id.
    route(assetContract.counts, ({ ctx }) => s.assets.counts(ctx)),
    route(
      assetContract.upload,
      async ({ ctx, upload: { file, fields }, res }) => {
        const result = await s.assets.upload(ctx, file, fields.title?.trim().slice(0, 300) || null);
        if (result.duplicate) res.locals.status = 200;
        return result;
      },
      { maxUploadBytes: s.limits.maxUploadBytes },
    ),
    route(assetContract.get, ({ ctx, params }) => s.assets.get(ctx, params.id)),
    route(assetContract.update, ({ ctx, params, body }) => s.assets.update(ctx, params.id, body)),
    route(assetContract.delete, ({ ctx, params }) => s.assets.delete(ctx, params.id)),
    route(assetContract.setBasis, ({ ctx, params, body }) => s.assets.setBasis(ctx, params.id, body)),
    route(assetContract.file, async ({ ctx, params }) => {
      const f = await s.assets.openFile(ctx, params.id, params.variant);
      // Content-addressed by sha256, so a variant never changes under the same URL.
      return new FileResponse(f.path, f.contentType, f.fileName, { immutable: true });
    }),
    route(assetContract.frame, async ({ ctx, params }) => {
      const f = await s.frames.open(ctx, params.id, params.ms);
      return new FileResponse(f.path, 'image/webp', f.fileName, { immutable: true });
    }),
    route(assetContract.usages, ({ ctx, params }) => s.assets.usages(ctx, params.id)),
    route(assetContract.declareDownload, ({ ctx, params, body }) => s.downloads.declare(ctx, params.id, body)),
    route(boxContract.create, ({ ctx, params, body }) => s.boxes.create(ctx, params.id, body)),
    route(boxContract.update, ({ ctx, params, body }) => s.boxes.update(ctx, params.id, body)),
    route(boxContract.delete, ({ ctx, params }) => s.boxes.delete(ctx, params.id)),
    route(usageContract.report, ({ ctx, body }) => s.usages.report(ctx, body)),
  ];
}
