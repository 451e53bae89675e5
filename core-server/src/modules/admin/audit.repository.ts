import type { AuditEntry, AuditTrail } from '../../kernel/audit-trail';
import { chainHash } from '../../kernel/audit-chain';
import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';
import { TenantRepository } from './tenant.repository';

export type { AuditEntry };

export class AuditRepository implements AuditTrail {
  private readonly tenants: TenantRepository;

  constructor(private readonly db: DbOrTx) {
    this.tenants = new TenantRepository(db);
  }

  /** Must run inside the transaction of the change it records. */
  async append(entry: AuditEntry) {
    const { seq, prevHash } = await this.tenants.claimAuditSlot(entry.tenantId);
    const fields = {
      seq,
      at: entry.at ?? new Date(),
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent ?? null,
    };
    const hash = chainHash(prevHash, fields);
    await this.db.auditEvent.create({
      data: { ...fields, tenantId: entry.tenantId, before: jsonColumn(fields.before), after: jsonColumn(fields.after), prevHash, hash },
    });
    await this.tenants.setAuditHead(entry.tenantId, hash);
    return { seq, hash };
  }

  list(tenantId: string, q: { limit: number; cursor?: string; entityType?: string; entityId?: string; action?: string }) {
    return this.db.auditEvent.findMany({
      where: { tenantId, entityType: q.entityType, entityId: q.entityId, action: q.action },
      orderBy: { seq: 'desc' },
      take: q.limit + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    });
  }

  head(tenantId: string): Promise<number> {
    return this.db.tenant.findUnique({ where: { id: tenantId }, select: { auditSeq: true } }).then((t) => t?.auditSeq ?? 0);
  }

  /** Rows in chain order, a page at a time, for verification. */
  pageBySeq(tenantId: string, afterSeq: number, take: number) {
    return this.db.auditEvent.findMany({ where: { tenantId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
  }

  exists(tenantId: string, id: string) {
    return this.db.auditEvent.count({ where: { tenantId, id } }).then((n) => n > 0);
  }
}
