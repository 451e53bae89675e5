import { z } from 'zod';
import { IdSchema, InstantSchema, PageQuerySchema } from './common.schema';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.session_revoked',
  'user.created',
  'user.updated',
  'role.created',
  'role.updated',
  'role.deleted',
  'api_key.created',
  'api_key.revoked',
  'settings.updated',
  'person.created',
  'person.updated',
  'person.deleted',
  'import.started',
  'import.finished',
  'person.export_requested',
  'person.exported',
  'person.export_failed',
  'person.export_downloaded',
  'agreement.created',
  'agreement.updated',
  'agreement.withdrawn',
  'document.attached',
  'document.deleted',
  'asset.uploaded',
  'asset.updated',
  'asset.deleted',
  'asset.basis_set',
  'box.created',
  'box.updated',
  'box.deleted',
  'face.indexed',
  'face.embedded',
  'face.suggested',
  'face.suggestion_approved',
  'face.suggestion_rejected',
  'face.reindex_started',
  'face.embeddings_erased',
  'usage.reported',
  'usage.download_declared',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'notification.read',
  'consent_settings.updated',
  'consent_template.created',
  'consent_template.updated',
  'consent_template.archived',
  'consent_batch.created',
  'consent_request.created',
  'consent_request.sent',
  'consent_request.send_failed',
  'consent_request.delivered',
  'consent_request.reminded',
  'consent_request.opened',
  'consent_request.details_corrected',
  'consent_request.correction_pending',
  'consent_request.correction_accepted',
  'consent_request.correction_rejected',
  'consent_request.signer_mismatch',
  'consent_request.code_sent',
  'consent_request.code_failed',
  'consent_request.code_locked',
  'consent_request.bankid_started',
  'consent_request.bankid_failed',
  'consent_request.bankid_cancelled',
  'consent_request.signed',
  'consent_request.declined',
  'consent_request.expired',
  'consent_request.cancelled',
  'consent_request.receipt_downloaded',
  'consent_request.withdrawn',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: 'AuditAction' });
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEventSchema = z
  .object({
    id: IdSchema,
    seq: z.number().int(),
    at: InstantSchema,
    actorType: z.enum(['user', 'api_key', 'system']),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: AuditActionSchema,
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().meta({ description: 'The entity before the change (JSON), or null.' }),
    after: z.unknown().meta({ description: 'The entity after the change (JSON), or null.' }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventDto = z.infer<typeof AuditEventSchema>;

export const AuditListQuerySchema = PageQuerySchema.extend({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(100).optional(),
  action: AuditActionSchema.optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

export const AuditVerificationSchema = z
  .object({
    valid: z.boolean(),
    checked: z.number().int(),
    firstBrokenSeq: z.number().int().nullable(),
  })
  .meta({ id: 'AuditVerification' });
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
