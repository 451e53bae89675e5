import path from 'node:path';
import type { Logger } from 'pino';
import { LocalClusterBus, RedisClusterBus } from './cluster/cluster.bus';
import { LocalRateCounter, RedisRateCounter } from './cluster/rate-counter';
import { prismaErrors } from './db/prisma-errors';
import type { Db } from './db/prisma.client';
import { BullJobQueue, LocalJobQueue } from './jobs/job.queue';
import type { AppConfig } from './kernel/config';
import type { AssetObserver, ClusterBus, FaceDataStore, JobQueue, Mailer, RateCounter } from './kernel/ports';
import type { DbOrTx } from './db/prisma.client';
import { SmtpMailer } from './mail/mailer';
import { AuditTrailRepository, adminRepositories, createAdminModule } from './modules/admin';
import { assetsRepositories, createAssetsModule } from './modules/assets';
import { consentRepositories, createConsentModule } from './modules/consent';
import { createDocumentsModule, documentsRepositories } from './modules/documents';

import { createMaintenanceModule, maintenanceRepositories } from './modules/maintenance';
import { createPrivacyModule, privacyRepositories } from './modules/privacy';

import { createFacesModule, facesRepositories } from './modules/faces';
import { createLiveModule, liveRepositories } from './modules/live';
import { createRegisterModule, registerRepositories } from './modules/register';
import { createStatusModule, statusRepositories } from './modules/status';
import { PrismaTransactions } from './persistence';
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

/** Every module's repositories in one set: for the seed, the CLI, tests and benches, never for a module. */
export const allRepositories = (db: DbOrTx) => ({
  ...adminRepositories(db),
  ...liveRepositories(db),
  ...statusRepositories(db),
  ...assetsRepositories(db),
  ...facesRepositories(db),
  ...registerRepositories(db),
  ...consentRepositories(db),
  ...documentsRepositories(db),
  ...maintenanceRepositories(db),
  ...privacyRepositories(db),
});

/**
 * The composition root: the only place that knows the whole graph. Each module gets its own unit
 * of work (its repositories only), the kernel's ports and the facades of the modules it uses, in
 * dependency order. A new module: create it here (after the modules it uses) and add it to the
 * list in routes.ts.
 */
export function createModules(db: Db, config: AppConfig, infra: Infrastructure, logger: Logger) {
  const transactions = new PrismaTransactions(db, (d) => new AuditTrailRepository(d));
  const own = <R extends object>(factory: (d: DbOrTx) => R) => {
    const uow = transactions.unitOfWork(factory);
    return { repos: uow.repos, uow, logger };
  };
  const storage = new FileStorage(path.join(config.dataDir, 'files'));
  const urls = new PublicUrls(config.publicUrl, config.signingBaseUrl);
  const secrets = SecretBox.fromConfig(config);

  // Two modules are told things by modules created after them: the settings erase face data when face
  // matching is switched off, and the assets module tells face matching about uploads and box changes.
  // These relays forward to the faces module once it exists (it is created below, before any request).
  let facesFacade: ReturnType<typeof createFacesModule>['facade'] | null = null;
  const faces$ = () => {
    if (!facesFacade) throw new Error('The faces module is not created yet.');
    return facesFacade;
  };
  const faceData: FaceDataStore = {
    countEmbeddings: (...a) => faces$().faceData.countEmbeddings(...a),
    eraseTenant: (...a) => faces$().faceData.eraseTenant(...a),
    startIndexing: (...a) => faces$().faceData.startIndexing(...a),
  };
  const assetObserver: AssetObserver = { assetUploaded: (...a) => faces$().hooks.assetUploaded(...a), boxesChanged: (...a) => faces$().hooks.boxesChanged(...a) };

  const admin = createAdminModule({
    ...own(adminRepositories),
    faceData,
    bus: infra.bus,
    jobs: infra.jobs,
    rates: infra.rates,
    config: { sessionTtlMs: config.sessionTtlMs, dbProvider: config.dbProvider, cookieSecure: config.cookieSecure, loginHashConcurrency: config.loginHashConcurrency, loginHashQueue: config.loginHashQueue },
  });
  const settings = admin.facade.settingsSource;
  const live = createLiveModule({ ...own(liveRepositories), claimEventSeqs: admin.facade.sequences.claimEventSeqs, jobs: infra.jobs, bus: infra.bus, auth: admin.facade.auth, secrets, config: { webhookRetryBaseMs: config.webhookRetryBaseMs, redisUrl: config.redisUrl, webhookAllowPrivateTargets: config.webhookAllowPrivateTargets } });
  const status = createStatusModule({
    ...own(statusRepositories),
    bus: infra.bus,
    jobs: infra.jobs,
    events: live.facade.events,
    settings,
    mailer: infra.mailer,
    config: { reconcileMs: config.reconcileMs, eventRetentionMs: config.eventRetentionMs, seqCheckMs: config.statusSeqCheckMs },
  });
  const assets = createAssetsModule({ ...own(assetsRepositories), storage, settings, status: status.facade, observer: assetObserver, limits: { maxUploadBytes: config.maxUploadBytes, maxImagePixels: config.maxImagePixels, maxVideoPixels: config.maxVideoPixels, maxVideoSeconds: config.maxVideoSeconds } });
  const faces = createFacesModule({
    ...own(facesRepositories),
    settingsCache: settings,
    effects: status.facade.effects,
    assets: assets.facade,
    storage,
    jobs: infra.jobs,
    bus: infra.bus,
    limits: { maxImagePixels: config.maxImagePixels },
    workers: config.faceWorkers,
    workerNice: config.faceWorkerNice,
  });
  facesFacade = faces.facade;
  const register = createRegisterModule({ ...own(registerRepositories), settings, nextPersonRefs: admin.facade.sequences.nextPersonRefs, storage, status: status.facade, faces: faces.facade, usages: assets.facade.usages, limits: { maxDocumentBytes: config.maxDocumentBytes }, jobs: infra.jobs, logger });
  const consent = createConsentModule({ ...own(consentRepositories), config, jobs: infra.jobs, mailer: infra.mailer, rates: infra.rates, errors: prismaErrors, withdrawal: register.facade.withdrawal, register: register.facade.signer, assets: assets.facade.lookup, storage, settingsCache: settings, urls, secrets });

  const documents = createDocumentsModule({
    repository: documentsRepositories(db).officeDocuments,
    storage,
    status: status.facade.status,
    settings,
    auth: admin.facade.auth,
    config: { publicUrl: () => urls.server(), maxImagePixels: config.maxImagePixels },
    log: (line) => logger.info(line),
  });

  const privacy = createPrivacyModule({
    ...own(privacyRepositories),
    personExists: async (ctx, personId) => void (await register.facade.persons.get(ctx, personId)),
    sources: [register.facade.subjectData, consent.facade.subjectData, assets.facade.subjectData, faces.facade.subjectData, status.facade.subjectData],
    storage,
    settings,
    jobs: infra.jobs,
  });

  const maintenance = createMaintenanceModule({ repository: maintenanceRepositories(db).maintenance, storage, jobs: infra.jobs, logger, config: config.maintenance, exportSweep: (now) => privacy.facade.exports.sweepExpired(now) });

  if (config.dbProvider === 'sqlite') transactions.onRollback(status.facade.forgetCachedFacts);

  const modules = { admin, live, status, faces, assets, register, consent, documents, privacy, maintenance };
  /** What the seed, the CLI, tests and benches reach for: not part of any module's facade. */
  const handle = {
    db,
    repos: allRepositories(db),
    uow: transactions.unitOfWork(allRepositories),
    infra,
    storage,
    scheduler: status.facade.scheduler,
    webhooks: live.facade.webhooks,
    apiKeys: admin.facade.apiKeys,
    persons: register.facade.persons,
    imports: register.facade.imports,
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
    privacy: privacy.facade,
  };
  return { modules, handle };
}

export type Modules = ReturnType<typeof createModules>['modules'];
export type ServerHandle = ReturnType<typeof createModules>['handle'];
