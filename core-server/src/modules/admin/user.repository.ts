import type { DbOrTx } from '../../db/prisma.client';

export class UserRepository {
  constructor(private readonly db: DbOrTx) {}

  findByEmail(email: string) {
    return this.db.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.user.findFirst({ where: { tenantId, id } });
  }

  list(tenantId: string) {
    return this.db.user.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
  }

  create(data: { tenantId: string; email: string; name: string; passwordHash: string; role: string; locale?: string }) {
    return this.db.user.create({ data: { ...data, email: data.email.toLowerCase() } });
  }

  update(tenantId: string, id: string, data: Partial<{ name: string; role: string; locale: string; passwordHash: string; disabledAt: Date | null; lastLoginAt: Date }>) {
    return this.db.user.update({ where: { id, tenantId }, data });
  }

  /** How many users hold each role (built-in key or custom role id). */
  async countByRole(tenantId: string): Promise<Map<string, number>> {
    const rows = await this.db.user.groupBy({ by: ['role'], where: { tenantId }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.role, r._count._all]));
  }

  listIdsWithRole(tenantId: string, role: string) {
    return this.db.user.findMany({ where: { tenantId, role }, select: { id: true } });
  }

  countOwners(tenantId: string) {
    return this.db.user.count({ where: { tenantId, role: 'owner', disabledAt: null } });
  }
}

export class SessionRepository {
  constructor(private readonly db: DbOrTx) {}

  create(data: { tenantId: string; userId: string; tokenHash: string; expiresAt: Date; ip: string | null; userAgent: string | null; client?: string }) {
    return this.db.session.create({ data });
  }

  listActive(tenantId: string, now: Date) {
    return this.db.session.findMany({
      where: { tenantId, expiresAt: { gt: now } },
      orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
      include: { user: { select: { name: true, email: true } } },
      take: 1000,
    });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.session.findFirst({ where: { tenantId, id }, include: { user: { select: { name: true, email: true } } } });
  }

  deleteInTenant(tenantId: string, id: string) {
    return this.db.session.deleteMany({ where: { tenantId, id } });
  }

  findValid(tokenHash: string, now: Date) {
    return this.db.session.findFirst({
      where: { tokenHash, expiresAt: { gt: now }, user: { disabledAt: null } },
      include: { user: true, tenant: true },
    });
  }

  touch(tenantId: string, id: string, now: Date) {
    return this.db.session.update({ where: { id, tenantId }, data: { lastSeenAt: now } });
  }

  delete(tokenHash: string) {
    return this.db.session.deleteMany({ where: { tokenHash } });
  }

  deleteForUser(tenantId: string, userId: string) {
    return this.db.session.deleteMany({ where: { userId, tenantId } });
  }

  deleteExpired(now: Date) {
    return this.db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  }
}

export class ApiKeyRepository {
  constructor(private readonly db: DbOrTx) {}

  findByPrefix(prefix: string) {
    return this.db.apiKey.findUnique({ where: { prefix }, include: { tenant: true } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.apiKey.findFirst({ where: { tenantId, id } });
  }

  list(tenantId: string) {
    return this.db.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
  }

  create(data: { tenantId: string; name: string; prefix: string; secretHash: string; scopes: string[]; public: boolean; origins: string[]; createdById: string | null }) {
    return this.db.apiKey.create({ data });
  }

  revoke(tenantId: string, id: string, at: Date) {
    return this.db.apiKey.update({ where: { id, tenantId }, data: { revokedAt: at } });
  }

  markUsed(tenantId: string, id: string, at: Date) {
    return this.db.apiKey.update({ where: { id, tenantId }, data: { lastUsedAt: at }, select: { id: true } });
  }
}
