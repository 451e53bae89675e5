/**
 * Maintenance: periodic housekeeping, once per time slot across nodes (a job keyed by its slot).
 * - orphaned files: files in storage no row references (a crash after an erasure's commit, before
 *   its files went), older than ORPHAN_FILE_GRACE_HOURS;
 * - expired sessions, kept SESSION_RETENTION_DAYS after they expired;
 * - delivered or failed webhook deliveries older than WEBHOOK_DELIVERY_RETENTION_DAYS.
 */
import type { Logger } from 'pino';
import type { JobQueue } from '../../kernel/ports';
import type { Module } from '../../kernel/module';
import type { FileStorage } from '../../storage/file.storage';
import type { MaintenanceRepository } from './maintenance.repository';
import { OrphanFileSweep } from './orphan-files.sweep';

export interface MaintenanceDeps {
  repository: MaintenanceRepository;
  storage: FileStorage;
  jobs: JobQueue;
  logger: Logger;
  config: { intervalMs: number; sessionRetentionMs: number; deliveryRetentionMs: number; orphanGraceMs: number };
  /** Data-subject export zips past their expiry, or whose person was erased (the privacy module). */
  exportSweep?: (now: Date) => Promise<number>;
}

function buildFacade(d: MaintenanceDeps) {
  const orphans = new OrphanFileSweep(d.storage, d.repository, d.config.orphanGraceMs);
  return {
    /** One pass of everything; returns what it removed (also what tests and the CLI call). */
    async runOnce(now = new Date()) {
      const files = await orphans.run(now.getTime());
      let sessions = 0;
      let deliveries = 0;
      for (const tenantId of await d.repository.tenantIds()) {
        sessions += await d.repository.pruneSessions(tenantId, new Date(now.getTime() - d.config.sessionRetentionMs));
        deliveries += await d.repository.pruneDeliveries(tenantId, new Date(now.getTime() - d.config.deliveryRetentionMs));
      }
      const exports = (await d.exportSweep?.(now)) ?? 0;
      return { files, sessions, deliveries, exports };
    },
  };
}

export type MaintenanceFacade = ReturnType<typeof buildFacade>;

export { maintenanceRepositories } from './maintenance.repositories';

export function createMaintenanceModule(d: MaintenanceDeps): Module<MaintenanceFacade> {
  const facade = buildFacade(d);
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const slot = Math.floor(Date.now() / d.config.intervalMs) + 1;
    void d.jobs.add('maintenance.sweep', { slot }, { delayMs: slot * d.config.intervalMs - Date.now(), jobId: `maintenance-${slot}` });
  };
  d.jobs.process('maintenance.sweep', async () => {
    try {
      const done = await facade.runOnce();
      if (done.files + done.sessions + done.deliveries + done.exports > 0) d.logger.info(done, 'maintenance: pruned');
    } catch (err) {
      d.logger.error({ err }, 'maintenance sweep failed');
    } finally {
      schedule();
    }
  });
  return {
    facade,
    routes: [],
    start: async () => schedule(),
    stop: async () => {
      stopped = true;
    },
  };
}
