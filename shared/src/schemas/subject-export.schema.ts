import { z } from 'zod';
import { LocaleSchema } from './auth.schema';
import { IdSchema, InstantSchema } from './common.schema';

/**
 * Everything Likeness can hold about a person, by category. The access export (Art. 15/20) has one
 * section per category, and erasure (Art. 17) leaves every one of them empty: a test holds them to it.
 */
export const SUBJECT_DATA_CATEGORIES = [
  'person',
  'custom_fields',
  'agreements',
  'agreement_documents',
  'consent_requests',
  'consent_evidence',
  'receipts',
  'files',
  'publications',
  'face_data',
  'notifications',
] as const;
export const SubjectDataCategorySchema = z.enum(SUBJECT_DATA_CATEGORIES).meta({ id: 'SubjectDataCategory' });
export type SubjectDataCategory = z.infer<typeof SubjectDataCategorySchema>;

export const SUBJECT_EXPORT_STATES = ['queued', 'running', 'done', 'failed', 'expired'] as const;

export const SubjectExportRequestSchema = z
  .strictObject({
    locale: LocaleSchema.optional().meta({ description: "Language of the readable summary (the person's language); default: the organisation's." }),
  })
  .meta({ id: 'SubjectExportRequest' });
export type SubjectExportRequest = z.infer<typeof SubjectExportRequestSchema>;

export const SubjectExportSchema = z
  .object({
    id: IdSchema,
    personId: IdSchema,
    status: z.enum(SUBJECT_EXPORT_STATES),
    locale: LocaleSchema,
    progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
    /** Bytes of the zip, once done. */
    size: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: InstantSchema,
    completedAt: InstantSchema.nullable(),
    /** After this the zip is deleted and the download answers 410. */
    expiresAt: InstantSchema,
  })
  .meta({ id: 'SubjectExport', description: 'A data-subject export (Art. 15 and 20): built as a job, downloadable until it expires.' });
export type SubjectExportDto = z.infer<typeof SubjectExportSchema>;

/** One stored file in the zip: where it lies in the archive and what it is. */
const ArchivedFileSchema = z.object({ path: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string().nullable() });
const Row = z.record(z.string(), z.unknown());

/** `person.json` in the export zip: machine-readable, one section per category. Its JSON Schema ships beside it. */
export const SubjectExportDocumentSchema = z
  .object({
    format: z.literal('likeness.subject-export'),
    version: z.literal(1),
    exportedAt: InstantSchema,
    organisation: z.object({ name: z.string() }),
    categories: z.array(SubjectDataCategorySchema),
    person: Row,
    custom_fields: z.array(z.object({ field: z.string(), value: z.unknown() })),
    agreements: z.array(Row),
    agreement_documents: z.array(Row.and(z.object({ file: ArchivedFileSchema.nullable() }))),
    consent_requests: z.array(Row),
    consent_evidence: z.array(Row),
    receipts: z.array(Row.and(z.object({ file: ArchivedFileSchema }))),
    files: z.array(Row.and(z.object({ boxes: z.array(Row), file: ArchivedFileSchema.nullable() }))),
    publications: z.array(Row),
    face_data: z.array(Row),
    notifications: z.array(Row),
  })
  .meta({ id: 'SubjectExportDocument' });
export type SubjectExportDocument = z.infer<typeof SubjectExportDocumentSchema>;
