import { z } from 'zod';
import { AgreementKindSchema } from '../domain/enums';
import { ChannelSchema, DateOnlySchema, IdSchema, InstantSchema } from './common.schema';
import { IMPORT_LIMITS, IMPORT_ROW_ERRORS, PERSON_IMPORT_FIELDS } from '../domain/import-fields';

export * from '../domain/import-fields';

export const IMPORT_TARGET = new RegExp(`^(${PERSON_IMPORT_FIELDS.join('|')}|custom\\.[a-z][a-zA-Z0-9_]{0,59})$`);

export const PersonImportMappingSchema = z
  .strictObject({
    columns: z
      .record(z.string().regex(IMPORT_TARGET, 'Not a field a column can be imported into.'), z.number().int().min(0).max(IMPORT_LIMITS.maxColumns - 1))
      .refine((c) => new Set(Object.values(c)).size === Object.values(c).length, 'Each column feeds one field.')
      .meta({ description: 'Field → 0-based column index. Unmapped columns are ignored.' }),
    defaults: z
      .strictObject({
        agreementKind: AgreementKindSchema.exclude(['digital']).optional(),
        agreementChannels: z.array(ChannelSchema).min(1).max(50).optional(),
        agreementValidFrom: DateOnlySchema.optional(),
      })
      .optional()
      .meta({ description: 'Used where a row has no value of its own. With a kind and channels, every row gets an agreement.' }),
  })
  .meta({ id: 'PersonImportMapping' });
export type PersonImportMapping = z.infer<typeof PersonImportMappingSchema>;

export const ImportFileFormSchema = z
  .object({ file: z.string().meta({ format: 'binary', description: 'CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX (the first sheet). The first row names the columns.' }) })
  .meta({ id: 'ImportFileForm' });

export const PersonImportFormSchema = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'The same file that was inspected.' }),
    mapping: z.string().meta({ description: 'PersonImportMapping as JSON.' }),
    dryRun: z.enum(['true', 'false']).default('false').meta({ description: 'Check every row and report, without writing anything.' }),
    skipInvalid: z.enum(['true', 'false']).default('false').meta({ description: 'Import the good rows and report the bad ones. Otherwise one bad row stops the whole import, and nothing is written.' }),
  })
  .meta({ id: 'PersonImportForm' });

export const ImportInspectionSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    sheet: z.string().nullable().meta({ description: 'The sheet read from a workbook.' }),
    rows: z.number().int().meta({ description: 'Data rows below the header (empty rows not counted).' }),
    columns: z.array(z.object({ index: z.number().int(), header: z.string(), samples: z.array(z.string()) })),
    suggested: PersonImportMappingSchema.shape.columns.meta({ description: 'Columns whose header names a field (Swedish or English).' }),
  })
  .meta({ id: 'ImportInspection' });
export type ImportInspectionDto = z.infer<typeof ImportInspectionSchema>;

export const ImportRowErrorSchema = z
  .object({
    line: z.number().int().meta({ description: 'The row in the file as a spreadsheet numbers it: the header is row 1.' }),
    field: z.string().nullable(),
    column: z.string().nullable().meta({ description: "The column's header." }),
    code: z.enum(IMPORT_ROW_ERRORS).meta({ id: 'ImportRowErrorCode' }),
    params: z.record(z.string(), z.string()).meta({ description: 'What the message names: the value, the channels, the register number, the other row.' }),
    message: z.string().meta({ description: 'In English; the dashboard words each code in the user\'s language.' }),
  })
  .meta({ id: 'ImportRowError' });
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const PERSON_IMPORT_STATUSES = ['queued', 'checking', 'writing', 'done', 'rejected', 'failed'] as const;

export const PersonImportSchema = z
  .object({
    id: IdSchema,
    status: z.enum(PERSON_IMPORT_STATUSES).meta({
      description: 'rejected: bad rows and skipInvalid was false, so nothing was written; failed: the import itself could not run (see error).',
    }),
    fileName: z.string(),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    rows: z.number().int().meta({ description: 'Data rows in the file.' }),
    checked: z.number().int().meta({ description: 'Rows checked so far (progress).' }),
    persons: z.number().int().meta({ description: 'Persons created (a dry run: that would be created).' }),
    agreements: z.number().int(),
    invalidRows: z.number().int(),
    errors: z.array(ImportRowErrorSchema),
    errorsTruncated: z.boolean(),
    error: z.string().nullable(),
    createdAt: InstantSchema,
    completedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'PersonImport' });
export type PersonImportDto = z.infer<typeof PersonImportSchema>;
