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
    const [row] = await this.appendMany([entry]);
    return row!;
  }

  /** Rows of one organisation, chained in order: one claim of numbers and one insert per 500, however many rows. */
  async appendMany(entries: AuditEntry[]): Promise<Array<{ seq: number; hash: string }>> {
    if (!entries.length) return [];
    const tenantId = entries[0]!.tenantId;
    if (entries.some((e) => e.tenantId !== tenantId)) throw new Error('appendMany takes the rows of one organisation');
    const claimed = await this.tenants.claimAuditSlots(tenantId, entries.length);
    let prevHash = claimed.prevHash;
    const rows = entries.map((entry, i) => {
      const fields = {
        seq: claimed.seq + i,
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
      const row = { ...fields, tenantId, before: jsonColumn(fields.before), after: jsonColumn(fields.after), prevHash, hash };
      prevHash = hash;
      return row;
    });
    if (rows.length === 1) await this.db.auditEvent.create({ data: rows[0]! });
    else for (let i = 0; i < rows.length; i += 500) await this.db.auditEvent.createMany({ data: rows.slice(i, i + 500) });
    await this.tenants.setAuditHead(tenantId, prevHash);
    return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
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
