import { IMPORT_LIMITS, agreementContract, personContract, personImportContract } from '@likeness/shared';
import { FileResponse, route } from '../../kernel/route';
import type { RegisterFacade } from './index';

export function registerRoutes(s: RegisterFacade) {
  return [
    route(personContract.list, ({ ctx, query }) => s.persons.list(ctx, query)),
    // Before /persons/:id, which would take "counts" for an id.
    route(personContract.counts, ({ ctx }) => s.personCounts.counts(ctx)),
    route(personContract.create, ({ ctx, body }) => s.persons.create(ctx, body)),
    route(personContract.get, ({ ctx, params }) => s.persons.get(ctx, params.id)),
    route(personContract.update, ({ ctx, params, body }) => s.persons.update(ctx, params.id, body)),
    route(personContract.delete, ({ ctx, params }) => s.persons.delete(ctx, params.id)),
    route(personContract.usages, ({ ctx, params }) => s.persons.usages(ctx, params.id)),
    route(agreementContract.listForPerson, ({ ctx, params }) => s.agreements.listForPerson(ctx, params.id)),
    route(agreementContract.create, ({ ctx, params, body }) => s.agreements.create(ctx, params.id, body)),
    route(agreementContract.get, ({ ctx, params }) => s.agreements.get(ctx, params.id)),
    route(agreementContract.update, ({ ctx, params, body }) => s.agreements.update(ctx, params.id, body)),
    route(agreementContract.withdraw, ({ ctx, params, body }) => s.agreements.withdraw(ctx, params.id, body)),
    route(agreementContract.attach, ({ ctx, params, upload }) => s.agreements.attach(ctx, params.id, upload.file), { maxUploadBytes: s.limits.maxDocumentBytes }),
    route(agreementContract.download, async ({ ctx, params }) => {
      const doc = await s.agreements.openDocument(ctx, params.id);
      return new FileResponse(doc.path, doc.contentType, doc.fileName, { attachment: true });
    }),
    route(agreementContract.deleteDocument, ({ ctx, params }) => s.agreements.deleteDocument(ctx, params.id)),
    route(personImportContract.inspect, ({ ctx, upload }) => s.imports.inspect(ctx, upload.file), { maxUploadBytes: IMPORT_LIMITS.maxBytes }),
    route(personImportContract.start, ({ ctx, upload }) => s.imports.start(ctx, upload.file, upload.fields), { maxUploadBytes: IMPORT_LIMITS.maxBytes }),
    route(personImportContract.get, ({ ctx, params }) => s.imports.get(ctx, params.id)),
  ];
}
