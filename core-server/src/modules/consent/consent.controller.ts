import fs from 'node:fs';
import type { Response } from 'express';
import { consentEvidenceContract, consentRequestContract, consentSettingsContract, consentTemplateContract } from '@likeness/shared';
import type { ConsentFacade } from './index';
import { FileResponse, route } from '../../kernel/route';

/** Bytes from the database served as a file: a temp file that is removed once the response is done. */
function bytesResponse(s: ConsentFacade, res: Response, bytes: Uint8Array, contentType: string, fileName: string): FileResponse {
  const tmp = s.storage.tempPath();
  fs.writeFileSync(tmp, bytes, { mode: 0o600 });
  res.once('close', () => fs.rm(tmp, { force: true }, () => undefined));
  return new FileResponse(tmp, contentType, fileName, { attachment: true });
}

export function consentRoutes(c: ConsentFacade) {
  return [
    route(consentTemplateContract.list, ({ ctx }) => c.templates.list(ctx)),
    route(consentTemplateContract.create, ({ ctx, body }) => c.templates.create(ctx, body)),
    route(consentTemplateContract.get, ({ ctx, params }) => c.templates.get(ctx, params.id)),
    route(consentTemplateContract.update, ({ ctx, params, body }) => c.templates.update(ctx, params.id, body)),
    route(consentTemplateContract.archive, ({ ctx, params }) => c.templates.archive(ctx, params.id)),
    route(consentTemplateContract.versions, ({ ctx, params }) => c.templates.versions(ctx, params.id)),
    route(consentTemplateContract.preview, ({ ctx, params, body }) => c.templates.preview(ctx, params.id, body)),

    route(consentRequestContract.list, ({ ctx, query }) => c.requests.list(ctx, query)),
    route(consentRequestContract.bulk, ({ ctx, body }) => c.requests.bulk(ctx, body)),
    route(consentRequestContract.create, ({ ctx, body }) => c.requests.create(ctx, body)),
    route(consentRequestContract.batch, ({ ctx, params }) => c.requests.batch(ctx, params.id)),
    route(consentRequestContract.get, ({ ctx, params }) => c.requests.get(ctx, params.id)),
    route(consentRequestContract.cancel, ({ ctx, params, body }) => c.requests.cancel(ctx, params.id, body.reason)),
    route(consentRequestContract.remind, ({ ctx, params }) => c.requests.remind(ctx, params.id)),
    route(consentRequestContract.reviewCorrection, ({ ctx, params, body }) => c.corrections.review(ctx, params.id, body)),
    route(consentRequestContract.outbox, ({ ctx, query }) => c.requests.outbox(ctx, query)),

    route(consentSettingsContract.get, ({ ctx }) => c.settings.get(ctx)),
    route(consentSettingsContract.update, ({ ctx, body }) => c.settings.update(ctx, body)),

    route(consentEvidenceContract.evidence, ({ ctx, params }) => c.evidence.get(ctx, params.id)),
    route(consentEvidenceContract.receipt, async ({ ctx, params, res }) => {
      const r = await c.evidence.receipt(ctx, params.id);
      return bytesResponse(c, res, r.bytes, 'application/pdf', r.fileName);
    }),
    route(
      consentEvidenceContract.verifyReceipt,
      async ({ ctx, upload: { file } }) => {
        try {
          return await c.evidence.verifyReceipt(ctx, fs.readFileSync(file.path));
        } finally {
          await c.storage.discard(file.path);
        }
      },
      { maxUploadBytes: 20 * 1024 * 1024 },
    ),
  ];
}
