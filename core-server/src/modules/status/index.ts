/**
 * Status: the GDPR status of every asset per channel, evaluated from its facts (kept in memory),
 * recomputed on every write that can change it and at the exact moment time changes it.
 * Its facade is how other modules report a change inside their transaction (`effects`). It also
 * keeps the warnings before consent ends (notifications). Its repositories are the read model of
 * the register and assets tables: the one module whose queries read tables it does not write.
 */
import type { Logger } from 'pino';
import type { Module } from '../../kernel/module';
import type { ClusterBus, EventSink, JobQueue, Mailer } from '../../kernel/ports';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { StatusRepositories, StatusUnitOfWork } from './status.repositories';
import { ExpiryScheduler } from './expiry.scheduler';
import { statusRoutes } from './status.controller';
import { StatusEffects } from './status-effects';
import { StatusEngine } from './status-engine';
import { FACTS_TTL_MS, StatusInputCache } from './status-input.cache';
import { StatusService } from './status.service';
import { NotificationService } from './notification.service';
import { WarningNotifier } from './warning.notifier';
import { StatusSubjectData } from './status.subject-data';

export interface StatusDeps {
  repos: StatusRepositories;
  uow: StatusUnitOfWork;
  bus: ClusterBus;
  jobs: JobQueue;
  /** Where each commit's status events go (the live module). */
  events: EventSink;
  settings: TenantSettingsSource;
  mailer: Mailer | null;
  logger: Logger;
  config: { reconcileMs: number; eventRetentionMs: number; seqCheckMs: number };
}

function buildFacade(d: StatusDeps, facts: StatusInputCache) {
  let scheduler: ExpiryScheduler | null = null;
  const engine = new StatusEngine(d.uow, d.settings, d.events);
  const effects = new StatusEffects(engine, d.uow, d.bus, d.events, { wakeAt: (at) => scheduler?.wakeAt(at) });
  const notifier = new WarningNotifier(d.repos, d.settings, d.mailer, d.logger);
  // No cached fact outlives FACTS_TTL_MS and a missed bus message is caught by the seq check, so the reconciliation
  // need not clear the cache (it did, and every minute all facts reloaded at once under full load).
  scheduler = new ExpiryScheduler(d.repos, effects, d.events, d.jobs, notifier, d.logger, d.config.reconcileMs, d.config.eventRetentionMs);
  d.bus.subscribe((m) => {
    if (m.kind === 'assets') {
      facts.invalidateAssets(m.tenantId, m.ids);
      if (m.seqs) facts.heard(m.tenantId, m.seqs);
    }
    else if (m.kind === 'persons') facts.invalidatePersons(m.tenantId, m.ids);
    else if (m.kind === 'tenant' || m.kind === 'settings') facts.invalidateTenant(m.tenantId);
  });
  return {
    /** Every write that can change a status calls this inside its transaction. */
    effects: effects as Pick<StatusEffects, 'assetsChanged' | 'personsChanged' | 'assetIdsOfPersons'>,
    status: new StatusService(facts, d.settings, d.uow),
    /** The dashboard's warnings (list, mark read) and their erasure with a person. */
    notifications: new NotificationService(d.uow),
    /** The warnings about a person, for their access export. */
    subjectData: new StatusSubjectData(d.repos),
    scheduler: scheduler as Pick<ExpiryScheduler, 'runDue' | 'start' | 'stop'>,
    /**
     * SQLite has one connection: a read outside a transaction can see that transaction's
     * uncommitted rows. If it then rolls back, cached facts may hold them, so they are dropped.
     */
    forgetCachedFacts: () => facts.invalidateAll(),
  };
}

export type StatusFacade = ReturnType<typeof buildFacade>;
export { statusRepositories } from './status.repositories';

export function createStatusModule(d: StatusDeps): Module<StatusFacade> {
  const facts = new StatusInputCache(d.repos.statusInputs, {
    head: (tenantId) => d.events.head(tenantId),
    seqCheckMs: d.config.seqCheckMs,
    refreshAhead: { aheadMs: FACTS_TTL_MS / 2, idsPerSecond: 500 },
  });
  const facade = buildFacade(d, facts);
  return {
    facade,
    routes: statusRoutes(facade),
    start: () => {
      facts.startRefreshing();
      return facade.scheduler.start();
    },
    async stop() {
      facts.stopRefreshing();
      facade.scheduler.stop();
    },
  };
}

/** What other modules call inside their transaction when they changed an asset's or a person's facts. */
export type StatusChanges = StatusFacade['effects'];
/** Status reads for other modules (the assets list shows and filters by status). */
export type StatusReads = StatusFacade['status'];
