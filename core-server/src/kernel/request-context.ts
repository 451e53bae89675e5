import { PERMISSIONS, type Permission, type RoleRef } from '@likeness/shared';

/** Who did something: a user, an API key, or the server itself (jobs, the scheduler). */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  label: string | null;
}

/** Who is calling, for which organisation: built once per request by the auth middleware. */
export interface RequestContext {
  tenantId: string;
  actor: Actor;
  /** A built-in role or the id of the organisation's own role; null for API keys and the system. */
  role: RoleRef | null;
  permissions: readonly Permission[];
  sessionTokenHash: string | null;
  /** Set for public (browser) API keys: the page origins allowed to use it. */
  publicOrigins?: string[];
  ip: string | null;
  userAgent: string | null;
}

/** The audit fields every state change records about its caller. */
export function auditMeta(ctx: RequestContext) {
  return { tenantId: ctx.tenantId, actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent };
}

/** The server acting for an organisation on its own (first start, seeding): every permission, no session. */
export function systemContext(tenantId: string, actor: Actor & { type: 'system' }): RequestContext {
  return { tenantId, actor, role: 'owner', permissions: PERMISSIONS, sessionTokenHash: null, ip: null, userAgent: null };
}
