import type { Logger } from 'pino';
import { AppError, type FaceJobDto, type FaceReindexRequest } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { JobQueue } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { FacesRepositories, FacesUnitOfWork } from './faces.repositories';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { FACE_MODEL } from './face-engine';
import type { FacePool } from './face-pool';
import type { FaceGate } from './face.gate';
import type { FaceDetectionService } from './face-detection.service';
import { toJobDto } from './face.mapper';

/** Re-indexing runs over a tenant's existing assets: started from the API, run as a job, progress in a FaceJob row. */
export class FaceReindexService {
  constructor(
    private readonly repos: FacesRepositories,
    private readonly uow: FacesUnitOfWork,
    private readonly settings: TenantSettingsSource,
    private readonly gate: FaceGate,
    private readonly jobs: JobQueue,
    private readonly indexer: FaceDetectionService,
    private readonly pool: FacePool,
    private readonly logger: Logger,
  ) {}

  async start(ctx: RequestContext, input: FaceReindexRequest): Promise<FaceJobDto> {
    const settings = await this.settings.get(ctx.tenantId);
    if (!settings.faceMatching) throw new AppError('conflict', 'Face matching is off for this organisation; turn it on in the settings first.');
    const job = await this.uow.run((repos, _afterCommit, scope) => this.open(scope, ctx, input.force));
    return toJobDto(job);
  }

  /** Inside the caller's transaction (the settings switching matching on): the run starts once it commits. */
  async open(scope: TxScope, ctx: RequestContext, force: boolean) {
    const repos = this.uow.join(scope);
    const created = await repos.faces.createJob(ctx.tenantId, { force, createdById: ctx.actor.type === 'user' ? ctx.actor.id : null });
    await repos.audit.append({ ...auditMeta(ctx), action: 'face.reindex_started', entityType: 'face_job', entityId: created.id, after: { force } });
    scope.afterCommit(() => this.jobs.add('faces.reindex', { tenantId: ctx.tenantId, jobId: created.id }, { jobId: created.id }));
    return created;
  }

  async get(ctx: RequestContext, id: string): Promise<FaceJobDto> {
    const job = await this.repos.faces.findJob(ctx.tenantId, id);
    if (!job) throw new AppError('not_found', 'No such re-indexing run.');
    return toJobDto(job);
  }

  async list(ctx: RequestContext): Promise<{ items: FaceJobDto[] }> {
    return { items: (await this.repos.faces.listJobs(ctx.tenantId, 20)).map(toJobDto) };
  }

  /** The reindex job: every asset to (re-)index, up to one per worker at a time, with progress. */
  async run(tenantId: string, jobId: string): Promise<void> {
    const job = await this.repos.faces.findJob(tenantId, jobId);
    if (!job || job.status !== 'queued') return;
    if (!(await this.gate.enabled(tenantId))) {
      await this.repos.faces.updateJob(tenantId, jobId, { status: 'cancelled', error: 'Face matching was turned off.', finishedAt: new Date() });
      return;
    }
    try {
      const ids = await this.repos.faces.assetIdsToIndex(tenantId, FACE_MODEL, job.force);
      await this.repos.faces.updateJob(tenantId, jobId, { status: 'running', total: ids.length });
      let next = 0;
      let cancelled = false;
      const worker = async () => {
        while (!cancelled && next < ids.length) {
          const assetId = ids[next++]!;
          const outcome = await this.indexer.indexAsset(tenantId, assetId).catch((err) => {
            this.logger.error({ err, assetId }, 'face indexing crashed');
            return 'failed' as const;
          });
          if (outcome === 'off') {
            cancelled = true;
            break;
          }
          await this.repos.faces.incrementJob(tenantId, jobId, 'done');
          if (outcome === 'failed') await this.repos.faces.incrementJob(tenantId, jobId, 'failed');
        }
      };
      await Promise.all(Array.from({ length: Math.min(ids.length, this.pool.size + 1) }, worker));
      await this.repos.faces.updateJob(tenantId, jobId, cancelled ? { status: 'cancelled', error: 'Face matching was turned off.', finishedAt: new Date() } : { status: 'done', finishedAt: new Date() });
    } catch (err) {
      this.logger.error({ err, jobId }, 'face reindex failed');
      await this.repos.faces.updateJob(tenantId, jobId, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed', finishedAt: new Date() }).catch(() => {});
    }
  }
}
