/**
 * Admin: organisations' settings, users, sessions and API keys, the audit log, health.
 * Its facade resolves callers (REST and sockets) and serves the tenant settings every module reads.
 */
import type { Logger } from 'pino';
import type { ClusterBus, JobQueue } from '../../kernel/ports';
import type { Module } from '../../kernel/module';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { Repositories, UnitOfWork } from '../../persistence';
import { adminRoutes } from './admin.controller';
import { ApiKeyService } from './api-key.service';
import { AuditService } from './audit.service';
import { authRoutes } from './auth.controller';
import { AuthService } from './auth.service';
import { authenticator } from './authenticator';
import { HealthService } from './health.service';
import { SettingsService } from './settings.service';
import { TenantSettingsCache } from './tenant-settings.cache';
import { UserService } from './user.service';

export { AttemptLimiter, SESSION_COOKIE, originAllowed } from './authenticator';

export interface AdminDeps {
  repos: Repositories;
  uow: UnitOfWork;
  bus: ClusterBus;
  jobs: JobQueue;
  logger: Logger;
  config: { sessionTtlMs: number; dbProvider: 'sqlite' | 'postgresql'; cookieSecure: 'auto' | boolean };
}

function buildFacade(d: AdminDeps) {
  const settingsSource = new TenantSettingsCache(d.repos.tenants);
  const auth = new AuthService(d.repos, d.uow, settingsSource, d.config.sessionTtlMs);
  const facade = {
    /** The tenant settings every module reads (cached, invalidated over the cluster bus). */
    settingsSource: settingsSource as TenantSettingsSource,
    auth,
    authenticate: authenticator(auth),
    health: new HealthService(d.repos.tenants, d.config.dbProvider),
    users: new UserService(d.repos, d.uow),
    apiKeys: new ApiKeyService(d.repos, d.uow, d.bus),
    settings: new SettingsService(d.uow, settingsSource, d.bus, d.jobs),
    audit: new AuditService(d.repos),
    cookie: { secure: d.config.cookieSecure },
  };
  d.bus.subscribe((m) => {
    if (m.kind === 'settings') settingsSource.invalidate(m.tenantId);
    else if (m.kind === 'api_key') auth.forgetApiKey(m.id);
  });
  return facade;
}

export type AdminFacade = ReturnType<typeof buildFacade>;

export function createAdminModule(d: AdminDeps): Module<AdminFacade> {
  const facade = buildFacade(d);
  return { facade, routes: [...adminRoutes(facade), ...authRoutes(facade)] };
}
