import type { DbOrTx } from '../../db/prisma.client';
import type { StoredFingerprint } from './fingerprint.index';

export interface BankImageRow {
  id: string;
  sha256: string;
  title: string | null;
  originalName: string;
  storageKey: string;
}

/**
 * The documents module's data: perceptual hashes of bank images (`AssetFingerprint`, deleted with their asset),
 * and a read-only view of the image bank to match against. Every query is scoped by tenant.
 */
export class DocumentsRepository {
  constructor(private readonly db: DbOrTx) {}

  bankImages(tenantId: string): Promise<BankImageRow[]> {
    return this.db.asset.findMany({
      where: { tenantId, kind: 'image' },
      select: { id: true, sha256: true, title: true, originalName: true, storageKey: true },
    });
  }

  bankImage(tenantId: string, assetId: string): Promise<BankImageRow | null> {
    return this.db.asset.findFirst({
      where: { tenantId, id: assetId, kind: 'image' },
      select: { id: true, sha256: true, title: true, originalName: true, storageKey: true },
    });
  }

  fingerprints(tenantId: string): Promise<StoredFingerprint[]> {
    return this.db.assetFingerprint.findMany({ where: { tenantId }, select: { assetId: true, sha256: true, phash: true } });
  }

  async saveFingerprints(tenantId: string, rows: StoredFingerprint[]): Promise<void> {
    for (const row of rows) {
      try {
        await this.db.assetFingerprint.upsert({
          where: { assetId: row.assetId },
          create: { assetId: row.assetId, tenantId, sha256: row.sha256, phash: row.phash },
          update: { sha256: row.sha256, phash: row.phash },
        });
      } catch (err) {
        // The asset was deleted while it was hashed (foreign key): then there is nothing to keep.
        if ((await this.db.asset.count({ where: { tenantId, id: row.assetId } })) > 0) throw err;
      }
    }
  }
}
