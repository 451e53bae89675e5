import type { DbOrTx } from '../../db/prisma.client';

export class CustomRoleRepository {
  constructor(private readonly db: DbOrTx) {}

  list(tenantId: string) {
    return this.db.customRole.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.customRole.findFirst({ where: { tenantId, id } });
  }

  create(data: { tenantId: string; name: string; description: string | null; permissions: string[] }) {
    return this.db.customRole.create({ data });
  }

  update(tenantId: string, id: string, data: Partial<{ name: string; description: string | null; permissions: string[] }>) {
    return this.db.customRole.update({ where: { id, tenantId }, data });
  }

  delete(tenantId: string, id: string) {
    return this.db.customRole.deleteMany({ where: { tenantId, id } });
  }
}
