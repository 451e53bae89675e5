/**
 * Admin: organisations' settings, users, sessions and API keys, the audit log, health.
 * Its facade resolves callers (REST and sockets) and serves the tenant settings every module reads.
 */
import type { Logger } from 'pino';
import type { ClusterBus, FaceDataStore, JobQueue, RateCounter } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { Module } from '../../kernel/module';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';
import { accessibilityRouter } from './accessibility.controller';
import { AccessibilityStatementService } from './accessibility.service';
import { adminRoutes } from './admin.controller';
import { ApiKeyService } from './api-key.service';
import { AuditService } from './audit.service';
import { authRoutes } from './auth.controller';
import { AuthService } from './auth.service';
import { authenticator } from './authenticator';
import { HealthService } from './health.service';
import { RoleCatalog } from './role-catalog';
import { RoleService } from './role.service';
import { AttemptLimiter, HashGate } from './login-guard';
import { SessionService } from './session.service';
import { SettingsService } from './settings.service';
import { TenantSettingsCache } from './tenant-settings.cache';
import { UserService } from './user.service';

export { SESSION_COOKIE, originAllowed } from './authenticator';
export { adminRepositories } from './admin.repositories';
/** The audit trail every module's repositories carry (the kernel's AuditTrail port). */
export { AuditRepository as AuditTrailRepository } from './audit.repository';

export interface AdminDeps {
  repos: AdminRepositories;
  uow: AdminUnitOfWork;
  bus: ClusterBus;
  jobs: JobQueue;
  /** Login counters: shared by every node through Redis when there is one. */
  rates: RateCounter;
  logger: Logger;
  /** Switching face matching off erases the face data (the faces module; created after this one). */
  faceData: FaceDataStore;
  config: { sessionTtlMs: number; dbProvider: 'sqlite' | 'postgresql'; cookieSecure: 'auto' | boolean; loginHashConcurrency: number; loginHashQueue: number };
}

function buildFacade(d: AdminDeps) {
  const settingsSource = new TenantSettingsCache(d.uow);
  // 10 attempts per address or account in 15 minutes, for the dashboard and the Office dialog alike.
  const guard = { limiter: new AttemptLimiter(d.rates, 10, 15 * 60_000), hashes: new HashGate(d.config.loginHashConcurrency, d.config.loginHashQueue) };
  const roleCatalog = new RoleCatalog(d.repos);
  const roles = new RoleService(d.repos, d.uow, roleCatalog, d.bus);
  const auth = new AuthService(d.repos, d.uow, settingsSource, roleCatalog, d.config.sessionTtlMs, guard, d.bus);
  const facade = {
    /** The tenant settings every module reads (cached, invalidated over the cluster bus). */
    settingsSource: settingsSource as TenantSettingsSource,
    /**
     * The organisation's running numbers, kept on its row (whose lock orders them by commit) and drawn
     * inside the caller's transaction: person numbers (the register), status event numbers (live).
     */
    sequences: {
      nextPersonRefs: (scope: TxScope, tenantId: string, count: number) => d.uow.join(scope).tenants.nextPersonRefs(tenantId, count),
      claimEventSeqs: (scope: TxScope, tenantId: string, count: number) => d.uow.join(scope).tenants.claimEventSeqs(tenantId, count),
    },
    auth,
    authenticate: authenticator(auth),
    health: new HealthService(d.repos.tenants, d.config.dbProvider),
    users: new UserService(d.repos, d.uow, d.bus, roles),
    roles,
    apiKeys: new ApiKeyService(d.repos, d.uow, d.bus),
    sessions: new SessionService(d.repos, d.uow, d.bus),
    settings: new SettingsService(d.uow, settingsSource, roleCatalog, d.bus, d.jobs, d.faceData),
    audit: new AuditService(d.repos),
    /** Whose contact the public accessibility statement shows. */
    statement: new AccessibilityStatementService(d.repos.tenants),
    cookie: { secure: d.config.cookieSecure },
  };
  d.bus.subscribe((m) => {
    if (m.kind === 'settings') settingsSource.invalidate(m.tenantId);
    else if (m.kind === 'roles') roleCatalog.invalidate(m.tenantId);
    else if (m.kind === 'api_key') auth.forgetApiKey(m.id);
  });
  return facade;
}

export type AdminFacade = ReturnType<typeof buildFacade>;

export function createAdminModule(d: AdminDeps): Module<AdminFacade> {
  const facade = buildFacade(d);
  return { facade, routes: [...adminRoutes(facade), ...authRoutes(facade)], routers: async () => [accessibilityRouter(facade)] };
}
