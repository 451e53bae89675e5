import type { DbOrTx } from '../../db/prisma.client';

/** What housekeeping reads and prunes. Every query is scoped by tenant, like any other write. */
export class MaintenanceRepository {
  constructor(private readonly db: DbOrTx) {}

  tenantIds(): Promise<string[]> {
    return this.db.tenant.findMany({ select: { id: true } }).then((rows) => rows.map((t) => t.id));
  }

  /** Of these storage keys, the ones a row still points at: an asset's folder or an agreement document. */
  async referencedKeys(tenantId: string, assetKeys: string[], documentKeys: string[]): Promise<Set<string>> {
    const [assets, documents] = await Promise.all([
      assetKeys.length ? this.db.asset.findMany({ where: { tenantId, storageKey: { in: assetKeys } }, select: { storageKey: true } }) : [],
      documentKeys.length ? this.db.agreementDocument.findMany({ where: { tenantId, storageKey: { in: documentKeys } }, select: { storageKey: true } }) : [],
    ]);
    return new Set([...assets, ...documents].map((r) => r.storageKey));
  }

  pruneSessions(tenantId: string, expiredBefore: Date) {
    return this.db.session.deleteMany({ where: { tenantId, expiresAt: { lt: expiredBefore } } }).then((r) => r.count);
  }

  /** Delivered or given-up deliveries older than the retention; pending ones stay until they are done. */
  pruneDeliveries(tenantId: string, createdBefore: Date) {
    return this.db.webhookDelivery.deleteMany({ where: { tenantId, status: { in: ['delivered', 'failed'] }, createdAt: { lt: createdBefore } } }).then((r) => r.count);
  }
}
