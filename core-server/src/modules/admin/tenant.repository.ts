import type { TenantSettingsWrite } from '../../kernel/tenant-settings';
import type { DbOrTx } from '../../db/prisma.client';

export type TenantRow = Awaited<ReturnType<TenantRepository['findById']>> & {};

export class TenantRepository {
  constructor(private readonly db: DbOrTx) {}

  findById(id: string) {
    return this.db.tenant.findUnique({ where: { id } });
  }

  findBySlug(slug: string) {
    return this.db.tenant.findUnique({ where: { slug } });
  }

  count() {
    return this.db.tenant.count();
  }

  /** Every organisation's id and slug (the audit CLI verifies each chain). */
  listAll() {
    return this.db.tenant.findMany({ select: { id: true, slug: true }, orderBy: { slug: 'asc' } });
  }

  create(data: { slug: string; name: string; channels: string[]; warningLeadDays?: number }) {
    return this.db.tenant.create({ data: { ...data, customFields: [] } });
  }

  update(tenantId: string, data: TenantSettingsWrite) {
    return this.db.tenant.update({ where: { id: tenantId }, data });
  }

  /** Takes the next person number; the row update serialises concurrent creators. */
  /** Reserves `count` person numbers and returns the first. */
  async nextPersonRefs(tenantId: string, count: number): Promise<number> {
    const t = await this.db.tenant.update({ where: { id: tenantId }, data: { personSeq: { increment: count } }, select: { personSeq: true } });
    return t.personSeq - count + 1;
  }

  /** Reserves `count` status event numbers; the tenant row lock orders them by commit. */
  async claimEventSeqs(tenantId: string, count: number): Promise<number> {
    const t = await this.db.tenant.update({ where: { id: tenantId }, data: { eventSeq: { increment: count } }, select: { eventSeq: true } });
    return t.eventSeq - count + 1;
  }

  /** Claims the next audit sequence number and returns the previous chain head, holding the row lock. */
  async claimAuditSlot(tenantId: string): Promise<{ seq: number; prevHash: string }> {
    return this.claimAuditSlots(tenantId, 1);
  }

  /** Claims `count` consecutive audit numbers (the first is returned) and the chain head they follow. */
  async claimAuditSlots(tenantId: string, count: number): Promise<{ seq: number; prevHash: string }> {
    const t = await this.db.tenant.update({
      where: { id: tenantId },
      data: { auditSeq: { increment: count } },
      select: { auditSeq: true, auditHeadHash: true },
    });
    return { seq: t.auditSeq - count + 1, prevHash: t.auditHeadHash };
  }

  setAuditHead(tenantId: string, hash: string) {
    return this.db.tenant.update({ where: { id: tenantId }, data: { auditHeadHash: hash }, select: { id: true } });
  }
}
