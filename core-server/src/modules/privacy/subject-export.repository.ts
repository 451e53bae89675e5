import type { DbOrTx } from '../../db/prisma.client';

export type SubjectExportRow = NonNullable<Awaited<ReturnType<SubjectExportRepository['findInTenant']>>>;

/** Data-subject exports: the job's progress and the zip it left, per organisation. */
export class SubjectExportRepository {
  constructor(private readonly db: DbOrTx) {}

  create(data: { tenantId: string; personId: string; locale: string; requestedById: string | null; createdAt: Date; expiresAt: Date }) {
    return this.db.subjectExport.create({ data });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.subjectExport.findFirst({ where: { tenantId, id } });
  }

  update(tenantId: string, id: string, data: Partial<{ status: string; total: number; done: number; storageKey: string | null; size: number | null; error: string | null; completedAt: Date | null }>) {
    return this.db.subjectExport.updateMany({ where: { tenantId, id }, data });
  }

  /** Of these exports, the ones whose zip may stay: the row exists (its person was not erased) and has not expired. */
  async live(ids: string[], now: Date): Promise<Set<string>> {
    const rows = await this.db.subjectExport.findMany({ where: { id: { in: ids }, expiresAt: { gt: now } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** Expired exports that still name a zip: the key is cleared once the file is gone. */
  forgetExpiredFiles(now: Date) {
    return this.db.subjectExport.updateMany({ where: { expiresAt: { lte: now }, storageKey: { not: null } }, data: { storageKey: null } });
  }
}
