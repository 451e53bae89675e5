import type { AuditAction } from '@likeness/shared';
import type { Actor } from './request-context';

/** One typed row of the tamper-evident audit log. */
export interface AuditEntry {
  tenantId: string;
  actor: Actor;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  userAgent?: string | null;
  at?: Date;
}

/**
 * Every state change writes its audit row in the same transaction, whichever module made it: so
 * every module's repository set carries the trail (the admin module implements it).
 */
export interface AuditTrail {
  append(entry: AuditEntry): Promise<{ seq: number; hash: string }>;
  /** Many rows of one organisation in order, as cheaply as one (a register import). */
  appendMany(entries: AuditEntry[]): Promise<Array<{ seq: number; hash: string }>>;
  /** The newest rows about one entity (evidence checks look for the row that anchors a signature). */
  list(tenantId: string, q: { limit: number; entityType?: string; entityId?: string; action?: string }): Promise<Array<{ after: unknown }>>;
  /**
   * The seq of the tenant's newest row. Every committed change raises it (slots are claimed under the tenant
   * row's lock, so in commit order): a read model cached at head N is current while the head is still N.
   */
  head(tenantId: string): Promise<number>;
}
