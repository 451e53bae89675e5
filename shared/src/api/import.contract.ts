import { IdParamsSchema } from '../schemas/common.schema';
import { ImportFileFormSchema, ImportInspectionSchema, PersonImportFormSchema, PersonImportSchema } from '../schemas/import.schema';
import { defineOperation } from './operation';

/** Bringing an existing register in: a spreadsheet of persons and their agreements. */
export const personImportContract = {
  inspect: defineOperation({
    operationId: 'inspectPersonImport',
    method: 'post',
    path: '/imports/persons/inspect',
    tag: 'Import',
    summary: "Read a CSV or XLSX file's columns, a few sample values and a suggested mapping. Nothing is stored.",
    permission: 'persons:write',
    body: ImportFileFormSchema,
    bodyType: 'multipart',
    response: ImportInspectionSchema,
  }),
  start: defineOperation({
    operationId: 'startPersonImport',
    method: 'post',
    path: '/imports/persons',
    tag: 'Import',
    summary: 'Check (dryRun) or import a file of persons and agreements, as a job with progress.',
    description:
      'Every row is checked first, with the same rules as the API (a digital agreement is never accepted: only a signature makes one; ' +
      'a person already in the register is reported, not created twice). With a bad row and skipInvalid false the import is rejected and ' +
      'nothing is written; otherwise every good row is written in one transaction, each person and agreement audit-logged.',
    permission: 'persons:write',
    body: PersonImportFormSchema,
    bodyType: 'multipart',
    response: PersonImportSchema,
    successStatus: 201,
  }),
  get: defineOperation({
    operationId: 'getPersonImport',
    method: 'get',
    path: '/imports/persons/:id',
    tag: 'Import',
    summary: "An import's progress and report: the bad rows with their line numbers.",
    permission: 'persons:write',
    params: IdParamsSchema,
    response: PersonImportSchema,
  }),
};
