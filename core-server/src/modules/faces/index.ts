/**
 * Face matching (issue #5): detect faces on upload, suggest who they are from the faces editors
 * confirmed in the same organisation, approve or reject, re-index existing assets.
 *
 *   upload ──job faces.index──▶ worker pool: detect + embed ──▶ unknown boxes (source 'detected') + embeddings
 *                                                             └▶ match each new face against confirmed faces
 *   approve / tag a box ──job faces.boxes──▶ search unknown faces near the new reference ──▶ re-match those
 *   manual box ──job faces.boxes──▶ crop (+25 %), detect, embed ──▶ a reference once tagged
 *   delete person ──(same transaction)──▶ embeddings of their faces deleted; suggestions cascade
 *
 * Every write goes through the unit of work with an audit row; writes that add boxes or tags call
 * StatusEffects. Jobs re-check `faceMatching` when they run, so turning it off stops everything
 * queued for the tenant. Embeddings stay in this database and this process; nothing is sent anywhere.
 *
 *   face.hooks         what other services call (upload, box changes, erasure)
 *   face.indexer       detect + embed assets and boxes (jobs faces.index, faces.boxes)
 *   face.matcher       suggestions for unknown faces (job faces.match)
 *   face-review        the API: faces of an asset, approve, reject
 *   face-reindex       re-indexing runs and their progress (job faces.reindex)
 */
import type { Logger } from 'pino';
import type { ClusterBus } from '../cluster/cluster.bus';
import type { JobQueue } from '../jobs/job.queue';
import type { Repositories, UnitOfWork } from '../repositories';
import type { StatusEffects } from '../services/status-effects';
import type { TenantSettingsCache } from '../services/tenant-settings.cache';
import type { FileStorage } from '../storage/file.storage';
import type { FaceVectorIndex } from './face-index';
import type { FacePool } from './face-pool';
import { FaceReindexService } from './face-reindex.service';
import { FaceReviewService } from './face-review.service';
import { FaceGate } from './face.gate';
import { FaceHooks } from './face.hooks';
import { FaceIndexer } from './face.indexer';
import { FaceMatcher } from './face.matcher';

export interface FaceDeps {
  repos: Repositories;
  uow: UnitOfWork;
  settingsCache: TenantSettingsCache;
  effects: StatusEffects;
  storage: FileStorage;
  jobs: JobQueue;
  bus: ClusterBus;
  index: FaceVectorIndex;
  pool: FacePool;
  logger: Logger;
  limits: { maxImagePixels: number };
}

export function createFaceModule(d: FaceDeps) {
  const { repos, uow, jobs, bus, index, pool, logger } = d;
  const gate = new FaceGate(d.settingsCache, bus);
  const hooks = new FaceHooks(gate, jobs);
  const matcher = new FaceMatcher(repos, uow, gate, index);
  const indexer = new FaceIndexer(repos, uow, gate, d.effects, d.storage, index, pool, matcher, logger, d.limits);
  const review = new FaceReviewService(repos, uow, d.settingsCache, d.effects, hooks);
  const reindex = new FaceReindexService(repos, uow, d.settingsCache, gate, jobs, indexer, pool, logger);

  jobs.process('faces.index', ({ tenantId, assetId }) => indexer.indexAsset(tenantId, assetId).then(() => undefined));
  jobs.process('faces.boxes', ({ tenantId, changes }) => indexer.followBoxChanges(tenantId, changes));
  jobs.process('faces.match', ({ tenantId, boxIds }) => (boxIds ? matcher.rematch(tenantId, boxIds) : matcher.rematchTenant(tenantId)));
  jobs.process('faces.reindex', ({ tenantId, jobId }) => reindex.run(tenantId, jobId));
  bus.subscribe((m) => {
    if (m.kind === 'faces') {
      if (m.ids === null) index.drop(m.tenantId);
      else void index.refresh(m.tenantId, m.ids).catch((err) => logger.warn({ err }, 'face index refresh failed'));
    } else if (m.kind === 'assets') {
      // A deleted asset takes its boxes and embeddings with it (cascade): forget them here too.
      void index.refreshAssets(m.tenantId, m.ids).catch((err) => logger.warn({ err }, 'face index refresh failed'));
    } else if (m.kind === 'settings') {
      // Possibly switched off: free the memory; reloaded lazily when matching runs again.
      index.drop(m.tenantId);
    }
  });

  return { hooks, review, reindex, index, pool, close: () => pool.close() };
}

export type FaceModule = ReturnType<typeof createFaceModule>;
