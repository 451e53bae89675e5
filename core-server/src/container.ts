import path from 'node:path';
import type { AppConfig } from './config';
import type { Db } from './db/prisma.client';
import { UnitOfWork, createRepositories } from './repositories';
import { AgreementService } from './services/agreement.service';
import { ApiKeyService } from './services/api-key.service';
import { AssetService } from './services/asset.service';
import { AuditService } from './services/audit.service';
import { AuthService } from './services/auth.service';
import { BoxService } from './services/box.service';
import { HealthService } from './services/health.service';
import { PersonService } from './services/person.service';
import { SettingsService } from './services/settings.service';
import { StatusInputCache } from './services/status-input.cache';
import { StatusService } from './services/status.service';
import { TenantSettingsCache } from './services/tenant-settings.cache';
import { UsageService } from './services/usage.service';
import { UserService } from './services/user.service';
import { FileStorage } from './storage/file.storage';

/** Wires repositories into services: the only place that knows the whole graph. */
export function createServices(db: Db, config: AppConfig) {
  const repos = createRepositories(db);
  const uow = new UnitOfWork(db);
  const storage = new FileStorage(path.join(config.dataDir, 'files'));
  const settingsCache = new TenantSettingsCache(repos.tenants);
  const statusInputs = new StatusInputCache(repos.statusInputs);
  const status = new StatusService(statusInputs, settingsCache);
  const auth = new AuthService(repos, uow, settingsCache, config.sessionTtlMs);
  return {
    db,
    repos,
    uow,
    storage,
    settingsCache,
    statusInputs,
    status,
    auth,
    limits: { maxUploadBytes: config.maxUploadBytes, maxDocumentBytes: config.maxDocumentBytes, maxImagePixels: config.maxImagePixels },
    health: new HealthService(repos, config.dbProvider),
    users: new UserService(repos, uow),
    apiKeys: new ApiKeyService(repos, uow, auth),
    settings: new SettingsService(uow, settingsCache, statusInputs),
    persons: new PersonService(repos, uow, settingsCache, statusInputs, storage),
    agreements: new AgreementService(repos, uow, settingsCache, statusInputs, storage),
    assets: new AssetService(repos, uow, status, statusInputs, storage, { maxImagePixels: config.maxImagePixels }),
    boxes: new BoxService(uow, statusInputs),
    usages: new UsageService(uow),
    audit: new AuditService(repos),
  };
}

export type Services = ReturnType<typeof createServices>;
