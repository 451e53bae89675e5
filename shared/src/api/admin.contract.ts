import { z } from 'zod';
import { AuditEventSchema, AuditListQuerySchema, AuditVerificationSchema } from '../schemas/audit.schema';
import { pageOf } from '../schemas/common.schema';
import { SettingsSchema, SettingsUpdateSchema } from '../schemas/settings.schema';
import { defineOperation } from './operation';

export const settingsContract = {
  get: defineOperation({
    operationId: 'getSettings',
    method: 'get',
    path: '/settings',
    tag: 'Settings',
    summary: 'The organisation\'s settings.',
    permission: 'settings:read',
    response: SettingsSchema,
  }),
  update: defineOperation({
    operationId: 'updateSettings',
    method: 'patch',
    path: '/settings',
    tag: 'Settings',
    summary: 'Change lead time, channels, policies, pseudonymous IDs, custom fields or face matching.',
    permission: 'settings:write',
    body: SettingsUpdateSchema,
    response: SettingsSchema,
  }),
};

export const auditContract = {
  list: defineOperation({
    operationId: 'listAuditEvents',
    method: 'get',
    path: '/audit',
    tag: 'Audit',
    summary: 'The audit log, newest first.',
    permission: 'audit:read',
    query: AuditListQuerySchema,
    response: pageOf(AuditEventSchema, 'AuditEventPage'),
  }),
  verify: defineOperation({
    operationId: 'verifyAuditChain',
    method: 'get',
    path: '/audit/verify',
    tag: 'Audit',
    summary: 'Recompute the hash chain of the audit log and report the first broken link.',
    permission: 'audit:read',
    response: AuditVerificationSchema,
  }),
};

export const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), version: z.string(), database: z.enum(['sqlite', 'postgresql']) })
  .meta({ id: 'Health' });

export const healthContract = {
  health: defineOperation({
    operationId: 'getHealth',
    method: 'get',
    path: '/health',
    tag: 'System',
    summary: 'Liveness and database reachability.',
    permission: null,
    response: HealthSchema,
  }),
};
