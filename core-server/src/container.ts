import path from 'node:path';
import type { Logger } from 'pino';
import { LocalClusterBus, RedisClusterBus, type ClusterBus } from './cluster/cluster.bus';
import type { AppConfig } from './config';
import { createConsentModule } from './consent/consent.module';
import type { Db } from './db/prisma.client';
import { ExpiryScheduler } from './jobs/expiry.scheduler';
import { InMemoryFaceIndex } from './faces/face-index';
import { FACE_MODEL } from './faces/face-engine';
import { FacePool, defaultPoolSize } from './faces/face-pool';
import { createFaceModule } from './faces/face.module';
import { BullJobQueue, LocalJobQueue, type JobQueue } from './jobs/job.queue';
import { WarningNotifier } from './jobs/warning.notifier';
import { WebhookDispatcher } from './jobs/webhook.dispatcher';
import { EventPublisher } from './live/event.publisher';
import { SmtpMailer, type Mailer } from './notify/mailer';
import { UnitOfWork, createRepositories } from './repositories';
import { AgreementService } from './services/agreement.service';
import { ApiKeyService } from './services/api-key.service';
import { AssetService } from './services/asset.service';
import { AuditService } from './services/audit.service';
import { AuthService } from './services/auth.service';
import { BoxService } from './services/box.service';
import { HealthService } from './services/health.service';
import { LiveService } from './services/live.service';
import { PersonService } from './services/person.service';
import { SettingsService } from './services/settings.service';
import { StatusEffects } from './services/status-effects';
import { StatusEngine } from './services/status-engine';
import { StatusInputCache } from './services/status-input.cache';
import { StatusService } from './services/status.service';
import { TenantSettingsCache } from './services/tenant-settings.cache';
import { UsageService } from './services/usage.service';
import { UserService } from './services/user.service';
import { FileStorage } from './storage/file.storage';

export interface Infrastructure {
  bus: ClusterBus;
  jobs: JobQueue;
  mailer: Mailer | null;
}

/** In-process by default; Redis pub/sub and BullMQ when REDIS_URL is set, so several nodes can share the work. */
export async function createInfrastructure(config: AppConfig, logger: Logger): Promise<Infrastructure> {
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : null;
  if (config.redisUrl) return { bus: await RedisClusterBus.connect(config.redisUrl), jobs: new BullJobQueue(config.redisUrl, logger), mailer };
  return { bus: new LocalClusterBus(), jobs: new LocalJobQueue(logger), mailer };
}

/** Wires repositories into services: the only place that knows the whole graph. */
export function createServices(db: Db, config: AppConfig, infra: Infrastructure, logger: Logger) {
  const repos = createRepositories(db);
  const uow = new UnitOfWork(db);
  const storage = new FileStorage(path.join(config.dataDir, 'files'));
  const settingsCache = new TenantSettingsCache(repos.tenants);
  const statusInputs = new StatusInputCache(repos.statusInputs);
  const status = new StatusService(statusInputs, settingsCache);
  const auth = new AuthService(repos, uow, settingsCache, config.sessionTtlMs);
  const engine = new StatusEngine();
  const publisher = new EventPublisher();
  const notifier = new WarningNotifier(repos, infra.mailer, logger);
  const scheduler = new ExpiryScheduler(repos, uow, engine, publisher, infra.bus, infra.jobs, notifier, logger, config.reconcileMs, config.eventRetentionMs);
  const effects = new StatusEffects(engine, infra.bus, publisher, scheduler);
  const webhooks = new WebhookDispatcher(repos, infra.jobs, logger, config.webhookRetryBaseMs);
  publisher.attach(webhooks);
  const consent = createConsentModule({ repos, uow, config, infra, effects, storage, settingsCache, logger });
  // Face matching: vectors in memory per tenant (loaded lazily), detection in a worker pool sized to the cores.
  const faceIndex = new InMemoryFaceIndex({ loadTenant: (t) => repos.faces.indexRows(t, FACE_MODEL), loadFaces: (t, ids) => repos.faces.indexRows(t, FACE_MODEL, ids) });
  const faces = createFaceModule({
    repos,
    uow,
    settingsCache,
    effects,
    storage,
    jobs: infra.jobs,
    bus: infra.bus,
    index: faceIndex,
    pool: new FacePool({ size: defaultPoolSize() }),
    logger,
    limits: { maxImagePixels: config.maxImagePixels },
  });

  // SQLite has one connection: a read outside a transaction can see that transaction's
  // uncommitted rows. If it then rolls back, cached facts may hold them, so drop the cache.
  if (config.dbProvider === 'sqlite') uow.onRollback(() => statusInputs.invalidateAll());

  infra.bus.subscribe((m) => {
    if (m.kind === 'assets') statusInputs.invalidateAssets(m.tenantId, m.ids);
    else if (m.kind === 'persons') statusInputs.invalidatePersons(m.tenantId, m.ids);
    else if (m.kind === 'tenant') statusInputs.invalidateTenant(m.tenantId);
    else if (m.kind === 'settings') {
      settingsCache.invalidate(m.tenantId);
      statusInputs.invalidateTenant(m.tenantId);
    } else if (m.kind === 'api_key') auth.forgetApiKey(m.id);
  });

  return {
    db,
    repos,
    uow,
    infra,
    storage,
    settingsCache,
    statusInputs,
    status,
    auth,
    engine,
    publisher,
    scheduler,
    webhooks,
    limits: { maxUploadBytes: config.maxUploadBytes, maxDocumentBytes: config.maxDocumentBytes, maxImagePixels: config.maxImagePixels },
    health: new HealthService(repos, config.dbProvider),
    users: new UserService(repos, uow),
    apiKeys: new ApiKeyService(repos, uow, infra.bus),
    settings: new SettingsService(uow, settingsCache, infra.bus, infra.jobs),
    persons: new PersonService(repos, uow, settingsCache, effects, storage, faces.hooks),
    agreements: new AgreementService(repos, uow, settingsCache, effects, storage),
    assets: new AssetService(repos, uow, status, effects, storage, { maxImagePixels: config.maxImagePixels }, faces.hooks),
    boxes: new BoxService(uow, effects, faces.hooks),
    faces,
    usages: new UsageService(uow),
    audit: new AuditService(repos),
    live: new LiveService(repos, uow),
    consent,
  };
}

export type Services = ReturnType<typeof createServices>;
