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

/** Why a row cannot be imported; `params` of the row error fill in the dashboard's text for each. */
export const IMPORT_ROW_ERRORS = [
  'not_a_date',
  'not_a_number',
  'not_yes_no',
  'unknown_kind',
  'unknown_signer',
  'unknown_channel',
  'no_kind',
  'no_channels',
  'no_start',
  'invalid_email',
  'invalid_phone',
  'end_before_start',
  'name_required',
  'digital_requires_signature',
  'in_register',
  'same_as_row',
  'invalid',
] as const;
export type ImportRowErrorCode = (typeof IMPORT_ROW_ERRORS)[number];
