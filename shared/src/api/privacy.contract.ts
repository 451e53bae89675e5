import { z } from 'zod';
import { IdParamsSchema } from '../schemas/common.schema';
import { SubjectExportRequestSchema, SubjectExportSchema } from '../schemas/subject-export.schema';
import { defineOperation } from './operation';

/** Data-subject rights: access and portability (Art. 15 and 20). Erasure (Art. 17) is DELETE /persons/{id}. */
export const subjectExportContract = {
  create: defineOperation({
    operationId: 'exportPerson',
    method: 'post',
    path: '/persons/:id/exports',
    tag: 'Persons',
    summary: 'Export everything held about a person (Art. 15 and 20).',
    description:
      'Starts a job that builds one zip: `person.json` (machine-readable, its JSON Schema in `person.schema.json`), ' +
      '`summary.html` (readable, in the chosen language) and the stored files (agreement documents, receipts, the files the person appears in). ' +
      'Poll the export for progress; download it until it expires. Audit-logged.',
    permission: 'persons:export',
    params: IdParamsSchema,
    body: SubjectExportRequestSchema,
    response: SubjectExportSchema,
    successStatus: 201,
  }),
  get: defineOperation({
    operationId: 'getPersonExport',
    method: 'get',
    path: '/exports/:id',
    tag: 'Persons',
    summary: "An export's progress and expiry.",
    permission: 'persons:export',
    params: IdParamsSchema,
    response: SubjectExportSchema,
  }),
  download: defineOperation({
    operationId: 'downloadPersonExport',
    method: 'get',
    path: '/exports/:id/download',
    tag: 'Persons',
    summary: 'Download a finished export (a zip). 409 while it is being built, 410 once it has expired.',
    permission: 'persons:export',
    params: IdParamsSchema,
    response: z.string().meta({ format: 'binary' }),
    responseType: 'binary',
  }),
};
