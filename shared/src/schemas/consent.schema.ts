import { z } from 'zod';
import { ChannelSchema, DateOnlySchema, IdSchema, InstantSchema, PageQuerySchema, optionalText } from './common.schema';

/** How a signer may sign: Swedish BankID, or a six-digit code sent by SMS or email. */
export const CONSENT_METHODS = ['bankid', 'sms_code', 'email_code'] as const;
export const ConsentMethodSchema = z.enum(CONSENT_METHODS).meta({ id: 'ConsentMethod' });
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;

export const CONSENT_LOCALES = ['sv', 'en'] as const;
export const ConsentLocaleSchema = z.enum(CONSENT_LOCALES).meta({ id: 'ConsentLocale' });
export type ConsentLocale = z.infer<typeof ConsentLocaleSchema>;

/** Where a request link is sent. */
export const CONSENT_DELIVERY = ['sms', 'email'] as const;
export const ConsentDeliverySchema = z.enum(CONSENT_DELIVERY).meta({ id: 'ConsentDelivery' });
export type ConsentDelivery = z.infer<typeof ConsentDeliverySchema>;

export const CONSENT_REQUEST_STATUSES = ['created', 'sent', 'delivered', 'opened', 'signed', 'declined', 'expired', 'cancelled'] as const;
export const ConsentRequestStatusSchema = z.enum(CONSENT_REQUEST_STATUSES).meta({ id: 'ConsentRequestStatus' });
export type ConsentRequestStatus = z.infer<typeof ConsentRequestStatusSchema>;

/** One count per request status, every status present (an object, so the document names each property). */
const StatusCountsSchema = z.strictObject(
  Object.fromEntries(CONSENT_REQUEST_STATUSES.map((s) => [s, z.number().int()])) as Record<ConsentRequestStatus, z.ZodInt>,
);
/** Statuses after which nothing more happens to a request. */
export const CONSENT_FINAL_STATUSES: readonly ConsentRequestStatus[] = ['signed', 'declined', 'expired', 'cancelled'];

/** Details the signer may correct on the signing page, when the template allows it. */
export const CONSENT_EDITABLE_FIELDS = ['name', 'email', 'phone'] as const;
export const ConsentEditableFieldSchema = z.enum(CONSENT_EDITABLE_FIELDS).meta({ id: 'ConsentEditableField' });
export type ConsentEditableField = z.infer<typeof ConsentEditableFieldSchema>;

export const CONSENT_PURPOSES = ['consent', 'model_release'] as const;

/** Variables a template body may use, e.g. `{{person.name}}`. */
export const CONSENT_TEMPLATE_VARIABLES = ['person.name', 'organisation', 'session', 'session.date', 'channels', 'validity', 'guardian.name'] as const;

const TemplateTextSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(20_000).meta({
      description: `Markdown. Variables: ${CONSENT_TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.`,
    }),
    completionText: z.string().trim().max(2000).default('').meta({ description: 'Shown (Markdown) after signing.' }),
  })
  .meta({ id: 'ConsentTemplateText' });
export type ConsentTemplateText = z.infer<typeof TemplateTextSchema>;

const templateFields = {
  name: z.string().trim().min(1).max(200),
  purpose: z.enum(CONSENT_PURPOSES).default('consent'),
  texts: z.strictObject({ sv: TemplateTextSchema, en: TemplateTextSchema }).meta({ description: 'The text in Swedish and English.' }),
  validityDays: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .nullable()
    .default(null)
    .meta({ description: 'Default validity from signing, in days; null: until withdrawn.' }),
  channels: z.array(ChannelSchema).min(1).max(50).meta({ description: 'Default channel scope.' }),
  methods: z
    .array(ConsentMethodSchema)
    .min(1)
    .max(3)
    .refine((m) => new Set(m).size === m.length, 'Methods must be unique.'),
  editableText: z.boolean().default(false).meta({ description: 'Whether the text may be edited per request before sending.' }),
  editableFields: z
    .array(ConsentEditableFieldSchema)
    .max(3)
    .default([])
    .meta({ description: 'Details the signer may correct on the signing page.' }),
};

export const ConsentTemplateCreateSchema = z.strictObject(templateFields).meta({ id: 'ConsentTemplateCreate' });
export type ConsentTemplateCreate = z.infer<typeof ConsentTemplateCreateSchema>;

/** A full replacement: every update makes a new version; signed agreements keep pointing at theirs. */
export const ConsentTemplateUpdateSchema = z.strictObject(templateFields).meta({ id: 'ConsentTemplateUpdate' });
export type ConsentTemplateUpdate = z.infer<typeof ConsentTemplateUpdateSchema>;

const TemplateTextOutSchema = z.object({ title: z.string(), body: z.string(), completionText: z.string() });

export const ConsentTemplateSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    archived: z.boolean(),
    version: z.number().int(),
    versionId: IdSchema,
    purpose: z.enum(CONSENT_PURPOSES),
    texts: z.object({ sv: TemplateTextOutSchema, en: TemplateTextOutSchema }),
    validityDays: z.number().int().nullable(),
    channels: z.array(z.string()),
    methods: z.array(ConsentMethodSchema),
    editableText: z.boolean(),
    editableFields: z.array(ConsentEditableFieldSchema),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'ConsentTemplate' });
export type ConsentTemplateDto = z.infer<typeof ConsentTemplateSchema>;

export const ConsentTemplateListSchema = z.object({ items: z.array(ConsentTemplateSchema) }).meta({ id: 'ConsentTemplateList' });

export const ConsentTemplatePreviewSchema = z
  .strictObject({
    personId: IdSchema.optional(),
    locale: ConsentLocaleSchema.default('sv'),
    session: optionalText(200),
  })
  .meta({ id: 'ConsentTemplatePreviewRequest' });
export type ConsentTemplatePreview = z.infer<typeof ConsentTemplatePreviewSchema>;

export const ConsentRenderedTextSchema = z
  .object({
    locale: ConsentLocaleSchema,
    title: z.string(),
    markdown: z.string(),
    html: z.string().meta({ description: 'Rendered and sanitised.' }),
    textHash: z.string().meta({ description: 'SHA-256 (hex) of the exact text shown.' }),
  })
  .meta({ id: 'ConsentRenderedText' });

// ---------------------------------------------------------------------------------------------
// Requests

const TextOverrideSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1).max(20_000).optional(),
});

const requestOptions = {
  via: z
    .array(ConsentDeliverySchema)
    .min(1)
    .max(2)
    .refine((v) => new Set(v).size === v.length, 'Send each way once.')
    .meta({ description: 'Send the link by SMS, email or both. A minor\'s request goes to the guardian.' }),
  locale: ConsentLocaleSchema.default('sv').meta({ description: 'Language of the message and the page; the signer can switch.' }),
  channels: z.array(ChannelSchema).min(1).max(50).optional().meta({ description: 'Default: the template\'s channel scope.' }),
  validUntil: InstantSchema.nullable().optional().meta({ description: 'Fixed end of the agreement; default: the template validity from signing.' }),
  session: optionalText(200).meta({ description: 'Photo session, for the {{session}} variable.' }),
  sessionDate: DateOnlySchema.nullable().optional(),
  expiresInDays: z.number().int().min(1).max(90).optional().meta({ description: 'Link lifetime; default from the consent settings.' }),
  remindAfterDays: z.number().int().min(1).max(60).nullable().optional().meta({ description: 'One reminder after this many days; null: none.' }),
};

export const ConsentRequestCreateSchema = z
  .strictObject({
    personId: IdSchema,
    templateId: IdSchema,
    assetIds: z.array(IdSchema).max(50).default([]).meta({ description: 'Files the person appears in, shown as thumbnails on the signing page.' }),
    texts: z
      .strictObject({ sv: TextOverrideSchema.optional(), en: TextOverrideSchema.optional() })
      .optional()
      .meta({ description: 'Edited text for this request; only when the template allows it.' }),
    personalNumber: z
      .string()
      .regex(/^(19|20)\d{6}-?\d{4}$/, 'A personal number is twelve digits: YYYYMMDDNNNN.')
      .transform((v) => v.replace('-', ''))
      .optional()
      .meta({ description: 'The signer\'s personal number (the guardian\'s for a minor), when known: BankID then lets only that person sign. Never returned.' }),
    ...requestOptions,
  })
  .meta({ id: 'ConsentRequestCreate' });
export type ConsentRequestCreate = z.infer<typeof ConsentRequestCreateSchema>;

export const ConsentBulkCreateSchema = z
  .strictObject({
    templateId: IdSchema,
    personIds: z
      .array(IdSchema)
      .min(1)
      .max(1000)
      .refine((p) => new Set(p).size === p.length, 'Each person once.'),
    name: optionalText(200).meta({ description: 'E.g. "Class 4B, autumn photo".' }),
    ...requestOptions,
  })
  .meta({ id: 'ConsentBulkCreate' });
export type ConsentBulkCreate = z.infer<typeof ConsentBulkCreateSchema>;

export const ConsentMessageSchema = z
  .object({
    id: IdSchema,
    requestId: IdSchema.nullable(),
    kind: z.enum(['invite', 'reminder', 'code', 'receipt']),
    channel: ConsentDeliverySchema,
    to: z.string(),
    subject: z.string().nullable(),
    provider: z.enum(['twilio', 'smtp', 'outbox', 'none']).nullable().meta({ description: 'none: no provider was configured, so the message was not sent (outside development).' }),
    status: z.enum(['pending', 'sent', 'delivered', 'failed', 'undelivered']),
    error: z.string().nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'ConsentMessage' });
export type ConsentMessageDto = z.infer<typeof ConsentMessageSchema>;

export const ConsentOutboxMessageSchema = ConsentMessageSchema.extend({
  body: z.string().meta({ description: 'The full text, link included: this is the development outbox.' }),
}).meta({ id: 'ConsentOutboxMessage' });
export type ConsentOutboxMessageDto = z.infer<typeof ConsentOutboxMessageSchema>;

export const ConsentRequestSchema = z
  .object({
    id: IdSchema,
    personId: IdSchema,
    personDisplayName: z.string(),
    templateId: IdSchema,
    templateVersionId: IdSchema,
    templateVersion: z.number().int(),
    batchId: IdSchema.nullable(),
    status: ConsentRequestStatusSchema,
    recipient: z.enum(['subject', 'guardian']),
    via: z.array(ConsentDeliverySchema),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    locale: ConsentLocaleSchema,
    channels: z.array(z.string()),
    validityDays: z.number().int().nullable(),
    validUntil: InstantSchema.nullable(),
    assetIds: z.array(IdSchema),
    session: z.string().nullable(),
    sessionDate: DateOnlySchema.nullable(),
    expiresAt: InstantSchema,
    remindAt: InstantSchema.nullable(),
    reminders: z.number().int(),
    sentAt: InstantSchema.nullable(),
    deliveredAt: InstantSchema.nullable(),
    openedAt: InstantSchema.nullable(),
    completedAt: InstantSchema.nullable(),
    cancelledAt: InstantSchema.nullable(),
    declineReason: z.string().nullable(),
    lastError: z.string().nullable(),
    agreementId: IdSchema.nullable(),
    personalNumberRequired: z.boolean().meta({ description: 'BankID may only be signed with the personal number staff gave.' }),
    signerCheck: z
      .enum(['personal_number', 'name_match', 'name_mismatch'])
      .nullable()
      .meta({ description: 'How the BankID signer was tied to the person: by personal number, or by name (name_mismatch: staff should check who signed).' }),
    correction: z
      .object({ status: z.enum(['pending', 'accepted', 'rejected']), fields: z.array(z.enum(['name', 'email', 'phone'])) })
      .nullable()
      .meta({ description: 'Contact details the signer corrected: they reach the register only when staff accept them.' }),
    messages: z.array(ConsentMessageSchema),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'ConsentRequest' });
export type ConsentRequestDto = z.infer<typeof ConsentRequestSchema>;

export const ConsentRequestListQuerySchema = PageQuerySchema.extend({
  personId: IdSchema.optional(),
  batchId: IdSchema.optional(),
  status: ConsentRequestStatusSchema.optional(),
});
export type ConsentRequestListQuery = z.infer<typeof ConsentRequestListQuerySchema>;

export const ConsentRequestCancelSchema = z.strictObject({ reason: optionalText(500) }).meta({ id: 'ConsentRequestCancel' });

export const ConsentCorrectionReviewSchema = z
  .strictObject({ decision: z.enum(['accept', 'reject']) })
  .meta({ id: 'ConsentCorrectionReview', description: 'accept: the corrected details go into the register; reject: the register stays as it is.' });
export type ConsentCorrectionReview = z.infer<typeof ConsentCorrectionReviewSchema>;

export const ConsentBatchSchema = z
  .object({
    id: IdSchema,
    templateId: IdSchema,
    name: z.string().nullable(),
    total: z.number().int().meta({ description: 'Requests created.' }),
    counts: StatusCountsSchema.meta({ description: 'Requests per status now.' }),
    signed: z.number().int(),
    pending: z.number().int().meta({ description: 'Requests still waiting for an answer.' }),
    progress: z.number().meta({ description: 'Share of requests answered (signed, declined, expired or cancelled), 0–1.' }),
    skipped: z.array(z.object({ personId: IdSchema, reason: z.string() })).meta({ description: 'Persons no request was sent to, and why.' }),
    createdAt: InstantSchema,
  })
  .meta({ id: 'ConsentBatch' });
export type ConsentBatchDto = z.infer<typeof ConsentBatchSchema>;

export const ConsentOutboxQuerySchema = PageQuerySchema.extend({ requestId: IdSchema.optional() });

// ---------------------------------------------------------------------------------------------
// Settings

export const ConsentSettingsSchema = z
  .object({
    sms: z.object({
      provider: z.enum(['twilio', 'outbox', 'none']).meta({ description: 'outbox: nothing configured, messages are kept for the dashboard (development only, LIKENESS_DEV_OUTBOX). none: nothing configured; SMS requests and SMS codes are not offered.' }),
      twilioAccountSid: z.string().nullable(),
      twilioFrom: z.string().nullable(),
      twilioAuthTokenSet: z.boolean().meta({ description: 'The token itself is never returned.' }),
    }),
    email: z.object({ provider: z.enum(['smtp', 'outbox', 'none']) }),
    bankid: z.object({ enabled: z.boolean(), environment: z.enum(['production', 'test', 'simulator', 'custom']).nullable() }),
    linkValidityDays: z.number().int(),
    reminderAfterDays: z.number().int().nullable(),
  })
  .meta({ id: 'ConsentSettings' });
export type ConsentSettingsDto = z.infer<typeof ConsentSettingsSchema>;

export const ConsentSettingsUpdateSchema = z
  .strictObject({
    twilioAccountSid: z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'A Twilio account SID starts with AC followed by 32 hex digits.')
      .nullable()
      .optional(),
    twilioAuthToken: z.string().trim().min(16).max(200).nullable().optional().meta({ description: 'Write-only.' }),
    twilioFrom: z
      .string()
      .trim()
      .regex(/^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32}|[A-Za-z0-9 ]{1,11})$/, 'A phone number (+46…), a messaging service SID (MG…) or an alphanumeric sender.')
      .nullable()
      .optional(),
    linkValidityDays: z.number().int().min(1).max(90).optional(),
    reminderAfterDays: z.number().int().min(1).max(60).nullable().optional(),
  })
  .meta({ id: 'ConsentSettingsUpdate' });
export type ConsentSettingsUpdate = z.infer<typeof ConsentSettingsUpdateSchema>;

// ---------------------------------------------------------------------------------------------
// Evidence

export const ConsentIntegritySchema = z
  .object({
    valid: z.boolean(),
    checks: z.object({
      seal: z.boolean().meta({ description: 'The stored record still hashes to its seal.' }),
      textHash: z.boolean().meta({ description: 'The stored text still hashes to the text hash.' }),
      receipt: z.boolean().meta({ description: 'The stored PDF receipt still has its recorded SHA-256.' }),
      auditAnchor: z.boolean().meta({ description: 'The audit chain row written at signing names this seal.' }),
    }),
  })
  .meta({ id: 'ConsentIntegrity' });

export const ConsentEvidenceSchema = z
  .object({
    agreementId: IdSchema,
    requestId: IdSchema,
    templateVersionId: IdSchema,
    sealHash: z.string(),
    receiptSha256: z.string(),
    record: z.record(z.string(), z.unknown()).meta({
      description:
        'The sealed record: template version, locale, title and text shown with their hash, signer and details, method, ' +
        'BankID completionData (user, device, signature, ocspResponse) or the code\'s channel, times and attempts, IP and user agent.',
    }),
    integrity: ConsentIntegritySchema,
    masked: z.array(z.string()).meta({
      description:
        'Paths in `record` masked for this caller (no `persons:sensitive`): the personal number shows its birth date only; signature, OCSP response and IP are null. The integrity check is made on the full record.',
    }),
    createdAt: InstantSchema,
  })
  .meta({ id: 'ConsentEvidence' });
export type ConsentEvidenceDto = z.infer<typeof ConsentEvidenceSchema>;

export const ReceiptVerificationSchema = z
  .object({
    valid: z.boolean(),
    agreementId: IdSchema.nullable(),
    sealHash: z.string().nullable(),
    reason: z.string().nullable().meta({ description: 'Why the receipt is not valid.' }),
  })
  .meta({ id: 'ReceiptVerification' });
export type ReceiptVerification = z.infer<typeof ReceiptVerificationSchema>;

export const ReceiptUploadFormSchema = z
  .object({ file: z.string().meta({ format: 'binary', description: 'The PDF receipt.' }) })
  .meta({ id: 'ReceiptUploadForm' });
