import type { DbOrTx } from '../../db/prisma.client';
import { jsonColumn } from '../../db/json-column';

export type PersonImportRow = NonNullable<Awaited<ReturnType<PersonImportRepository['findInTenant']>>>;

type ImportWrite = Partial<{
  status: string;
  storageKey: string | null;
  rows: number;
  checked: number;
  persons: number;
  agreements: number;
  invalidRows: number;
  errors: unknown[];
  errorsTruncated: boolean;
  error: string | null;
  completedAt: Date;
}>;

export class PersonImportRepository {
  constructor(private readonly db: DbOrTx) {}

  create(data: { tenantId: string; fileName: string; dryRun: boolean; skipInvalid: boolean; mapping: unknown; storageKey: string; rows: number; requestedBy: unknown }) {
    return this.db.personImport.create({ data: { ...data, mapping: jsonColumn(data.mapping), requestedBy: jsonColumn(data.requestedBy), errors: jsonColumn([]) } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.personImport.findFirst({ where: { tenantId, id } });
  }

  /** Moves a queued import to checking; false if another run (another node, a recovery) has it already. */
  async claim(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.db.personImport.updateMany({ where: { id, tenantId, status: 'queued' }, data: { status: 'checking' } });
    return count === 1;
  }

  update(tenantId: string, id: string, data: ImportWrite) {
    const { errors, ...rest } = data;
    return this.db.personImport.update({ where: { id, tenantId }, data: { ...rest, ...(errors ? { errors: jsonColumn(errors) } : {}) } });
  }

  /** Unfinished imports nobody has touched since `before`: a stopped server left them. */
  unfinished(before: Date) {
    return this.db.personImport.findMany({ where: { status: { in: ['queued', 'checking', 'writing'] }, updatedAt: { lt: before } }, select: { id: true, tenantId: true, status: true, storageKey: true, requestedBy: true } });
  }
}
