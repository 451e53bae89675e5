import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { AuditRepository } from './audit.repository';
import { CustomRoleRepository } from './role.repository';
import { TenantRepository } from './tenant.repository';
import { ApiKeyRepository, SessionRepository, UserRepository } from './user.repository';

/** The tables the admin module owns: the only ones it writes. */
export const adminRepositories = (db: DbOrTx) => ({
  tenants: new TenantRepository(db),
  users: new UserRepository(db),
  roles: new CustomRoleRepository(db),
  sessions: new SessionRepository(db),
  apiKeys: new ApiKeyRepository(db),
  audit: new AuditRepository(db),
});

export type AdminRepositories = ModuleRepositories<ReturnType<typeof adminRepositories>>;
export type AdminUnitOfWork = UnitOfWork<AdminRepositories>;
