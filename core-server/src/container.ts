import path from 'node:path';
import type { Logger } from 'pino';
import { LocalClusterBus, RedisClusterBus } from './cluster/cluster.bus';
import { LocalRateCounter, RedisRateCounter } from './cluster/rate-counter';
import { prismaErrors } from './db/prisma-errors';
import type { Db } from './db/prisma.client';
import { BullJobQueue, LocalJobQueue } from './jobs/job.queue';
import type { AppConfig } from './kernel/config';
import type { ClusterBus, JobQueue, Mailer, RateCounter } from './kernel/ports';
import { SmtpMailer } from './mail/mailer';
import { createAdminModule } from './modules/admin';
import { createAssetsModule } from './modules/assets';
import { createConsentModule } from './modules/consent';
import { createDocumentsModule } from './modules/documents';
import { createMaintenanceModule } from './modules/maintenance';
import { createFacesModule } from './modules/faces';
import { createLiveModule } from './modules/live';
import { createRegisterModule } from './modules/register';
import { createStatusModule } from './modules/status';
import { PrismaUnitOfWork, createRepositories } from './persistence';
import { FileStorage } from './storage/file.storage';
import { PublicUrls } from './kernel/public-url';
import { SecretBox } from './kernel/secret-box';

export interface Infrastructure {
  bus: ClusterBus;
  jobs: JobQueue;
  mailer: Mailer | null;
  rates: RateCounter;
}

/** In-process by default; Redis pub/sub and BullMQ when REDIS_URL is set, so several nodes can share the work. */
export async function createInfrastructure(config: AppConfig, logger: Logger): Promise<Infrastructure> {
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : null;
  if (config.redisUrl) return { bus: await RedisClusterBus.connect(config.redisUrl), jobs: new BullJobQueue(config.redisUrl, logger), mailer, rates: new RedisRateCounter(config.redisUrl) };
  return { bus: new LocalClusterBus(), jobs: new LocalJobQueue(logger), mailer, rates: new LocalRateCounter() };
}

/**
 * The composition root: the only place that knows the whole graph. Each module gets the kernel's
 * ports and the facades of the modules it uses, in dependency order. A new module: create it here
 * (after the modules it uses) and add it to the list in routes.ts.
 */
export function createModules(db: Db, config: AppConfig, infra: Infrastructure, logger: Logger) {
  const repos = createRepositories(db);
  const uow = new PrismaUnitOfWork(db);
  const storage = new FileStorage(path.join(config.dataDir, 'files'));
  const base = { repos, uow, logger };
  const urls = new PublicUrls(config.publicUrl, config.signingBaseUrl);
  const secrets = SecretBox.fromConfig(config);

  const admin = createAdminModule({
    ...base,
    bus: infra.bus,
    jobs: infra.jobs,
    rates: infra.rates,
    config: { sessionTtlMs: config.sessionTtlMs, dbProvider: config.dbProvider, cookieSecure: config.cookieSecure, loginHashConcurrency: config.loginHashConcurrency, loginHashQueue: config.loginHashQueue },
  });
  const settings = admin.facade.settingsSource;
  const live = createLiveModule({ ...base, jobs: infra.jobs, bus: infra.bus, auth: admin.facade.auth, secrets, config: { webhookRetryBaseMs: config.webhookRetryBaseMs, redisUrl: config.redisUrl, webhookAllowPrivateTargets: config.webhookAllowPrivateTargets } });
  const status = createStatusModule({
    ...base,
    bus: infra.bus,
    jobs: infra.jobs,
    events: live.facade.events,
    settings,
    mailer: infra.mailer,
    config: { reconcileMs: config.reconcileMs, eventRetentionMs: config.eventRetentionMs, seqCheckMs: config.statusSeqCheckMs },
  });
  const faces = createFacesModule({
    ...base,
    settingsCache: settings,
    effects: status.facade.effects,
    storage,
    jobs: infra.jobs,
    bus: infra.bus,
    limits: { maxImagePixels: config.maxImagePixels },
    workers: config.faceWorkers,
    workerNice: config.faceWorkerNice,
  });
  const assets = createAssetsModule({ ...base, storage, status: status.facade, faces: faces.facade, limits: { maxUploadBytes: config.maxUploadBytes, maxImagePixels: config.maxImagePixels } });
  const register = createRegisterModule({ ...base, settings, storage, status: status.facade, faces: faces.facade, usages: assets.facade.usages, limits: { maxDocumentBytes: config.maxDocumentBytes } });
  const consent = createConsentModule({ ...base, config, jobs: infra.jobs, mailer: infra.mailer, rates: infra.rates, errors: prismaErrors, effects: status.facade.effects, withdrawal: register.facade.withdrawal, storage, settingsCache: settings, urls, secrets });

  const documents = createDocumentsModule({
    repository: repos.officeDocuments,
    storage,
    status: status.facade.status,
    settings,
    auth: admin.facade.auth,
    config: { publicUrl: () => urls.server(), maxImagePixels: config.maxImagePixels },
    log: (line) => logger.info(line),
  });

  const maintenance = createMaintenanceModule({ repository: repos.maintenance, storage, jobs: infra.jobs, logger, config: config.maintenance });

  if (config.dbProvider === 'sqlite') uow.onRollback(status.facade.forgetCachedFacts);

  const modules = { admin, live, status, faces, assets, register, consent, documents, maintenance };
  /** What the seed, the CLI, tests and benches reach for: not part of any module's facade. */
  const handle = {
    db,
    repos,
    uow,
    infra,
    storage,
    scheduler: status.facade.scheduler,
    webhooks: live.facade.webhooks,
    apiKeys: admin.facade.apiKeys,
    persons: register.facade.persons,
    agreements: register.facade.agreements,
    assets: assets.facade.assets,
    boxes: assets.facade.boxes,
    usages: assets.facade.usages,
    limits: assets.facade.limits,
    consent: consent.facade,
    urls,
    secrets,
    faces: faces.facade,
    maintenance: maintenance.facade,
  };
  return { modules, handle };
}

export type Modules = ReturnType<typeof createModules>['modules'];
export type ServerHandle = ReturnType<typeof createModules>['handle'];
