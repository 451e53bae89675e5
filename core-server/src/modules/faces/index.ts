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
 * StatusChanges. Jobs re-check `faceMatching` when they run, so turning it off stops everything
 * queued for the tenant. Embeddings stay in this database and this process; nothing is sent anywhere.
 *
 *   face.hooks                what other modules call (upload, box changes, erasure)
 *   face-detection.service    detect + embed assets and boxes (jobs faces.index, faces.boxes)
 *   face-video, face-tracks   a video: sampled frames detected in the pool, merged into one track per person
 *   face-suggestion.service   suggestions for unknown faces (job faces.match)
 *   face-scoring              the pure rules: who is suggested for a face
 *   face-vector-index         vectors per tenant in memory; vector-kernel is its SIMD scan
 *   face-review.service       the API: faces of an asset, approve, reject
 *   face-reindex.service      re-indexing runs and their progress (job faces.reindex)
 */
import type { Logger } from 'pino';
import type { ClusterBus, FaceDataStore, JobQueue } from '../../kernel/ports';
import type { FacesRepositories, FacesUnitOfWork } from './faces.repositories';
import type { AssetsFacade } from '../assets';
import type { StatusChanges } from '../status';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { FileStorage } from '../../storage/file.storage';
import type { Module } from '../../kernel/module';
import { FACE_MODEL } from './face-engine';
import { FacePool } from './face-pool';
import { faceRoutes } from './face.controller';
import { InMemoryFaceIndex } from './face-vector-index';
import { FaceReindexService } from './face-reindex.service';
import { FaceReviewService } from './face-review.service';
import { FaceGate } from './face.gate';
import { FaceHooks } from './face.hooks';
import { FaceDetectionService } from './face-detection.service';
import { FaceSuggestionService } from './face-suggestion.service';
import { FacesSubjectData } from './faces.subject-data';

export interface FaceDeps {
  repos: FacesRepositories;
  uow: FacesUnitOfWork;
  settingsCache: TenantSettingsSource;
  effects: StatusChanges;
  /** The assets and box tables are the assets module's: detection and review read and write boxes through it. */
  assets: Pick<AssetsFacade, 'lookup' | 'faceBoxes'>;
  storage: FileStorage;
  jobs: JobQueue;
  bus: ClusterBus;
  logger: Logger;
  limits: { maxImagePixels: number };
  /** Worker threads for detection (FACE_WORKERS; the cores by default). */
  workers: number | null;
  workerNice: number;
}

function buildFacade(d: FaceDeps) {
  const { repos, uow, jobs, bus, logger } = d;
  // Vectors in memory per tenant (loaded lazily), detection in a worker pool sized to the cores.
  const index = new InMemoryFaceIndex({ loadTenant: (t) => repos.faces.indexRows(t, FACE_MODEL), loadFaces: (t, ids) => repos.faces.indexRows(t, FACE_MODEL, ids) });
  const pool = new FacePool({ size: d.workers ?? undefined, nice: d.workerNice });
  const gate = new FaceGate(d.settingsCache, bus);
  const hooks = new FaceHooks(gate, jobs, uow);
  const matcher = new FaceSuggestionService(repos, uow, gate, index);
  const indexer = new FaceDetectionService(repos, uow, gate, d.effects, d.assets, d.storage, index, pool, matcher, logger, d.limits);
  const review = new FaceReviewService(repos, uow, d.settingsCache, d.assets);
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

  /** What the settings call when face matching is switched off or on (inside their transaction). */
  const faceData: FaceDataStore = {
    countEmbeddings: (scope, tenantId) => uow.join(scope).faces.countEmbeddings(tenantId),
    eraseTenant: (scope, tenantId) => uow.join(scope).faces.eraseTenantFaceData(tenantId),
    startIndexing: async (scope, ctx) => void (await reindex.open(scope, ctx, false)),
  };
  return { hooks, review, reindex, index, pool, faceData, subjectData: new FacesSubjectData(repos) };
}

export type FacesFacade = ReturnType<typeof buildFacade>;
export { facesRepositories } from './faces.repositories';

export function createFacesModule(d: FaceDeps): Module<FacesFacade> {
  const facade = buildFacade(d);
  return { facade, routes: faceRoutes(facade), close: () => facade.pool.close() };
}
