import { subjectExportContract } from '@likeness/shared';
import { FileResponse, route } from '../../kernel/route';
import type { PrivacyFacade } from './index';

export function privacyRoutes(s: PrivacyFacade) {
  return [
    route(subjectExportContract.create, ({ ctx, params, body }) => s.exports.request(ctx, params.id, body)),
    route(subjectExportContract.get, ({ ctx, params }) => s.exports.get(ctx, params.id)),
    route(subjectExportContract.download, async ({ ctx, params }) => {
      const zip = await s.exports.openDownload(ctx, params.id);
      return new FileResponse(zip.path, 'application/zip', zip.fileName, { attachment: true, noStore: true });
    }),
  ];
}
