/** The register import's fields and limits, without zod: the dashboard imports this as `@likeness/shared/import`. */

/** A register import reads at most this much: a municipality's whole photo register fits many times over. */
export const IMPORT_LIMITS = { maxBytes: 20 * 1024 * 1024, maxRows: 50_000, maxColumns: 200, maxReportedErrors: 5_000 } as const;

/** What a column can become: a person's field, the agreement's, or one of the organisation's custom fields (`custom.<key>`). */
export const PERSON_IMPORT_FIELDS = [
  'name',
  'email',
  'phone',
  'birthDate',
  'guardianName',
  'guardianEmail',
  'guardianPhone',
  'notes',
  'agreementKind',
  'agreementChannels',
  'agreementValidFrom',
  'agreementValidUntil',
  'agreementSignedBy',
  'agreementGuardianName',
  'agreementNotes',
] as const;
export type PersonImportField = (typeof PERSON_IMPORT_FIELDS)[number];
