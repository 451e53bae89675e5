import { z } from 'zod';
import { IdSchema, InstantSchema, PageQuerySchema } from './common.schema';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.created',
  'user.updated',
  'api_key.created',
  'api_key.revoked',
  'settings.updated',
  'person.created',
  'person.updated',
  'person.deleted',
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
  'usage.reported',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'notification.read',
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
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
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
