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
 */
import os from 'node:os';
import type { Logger } from 'pino';
import { AppError, type AssetFacesDto, type FaceDecisionDto, type FaceDto, type FaceJobDto, type FaceReindexRequest, type FaceSuggestionDto } from '@likeness/shared';
import type { ClusterBus } from '../cluster/cluster.bus';
import { auditMeta, type RequestContext } from '../http/request-context';
import type { JobQueue } from '../jobs/job.queue';
import { personDisplayName } from '../mappers/register.mapper';
import type { Repositories, UnitOfWork } from '../repositories';
import type { Actor } from '../repositories/audit.repository';
import type { FaceJobRow, FaceSuggestionRow } from '../repositories/face.repository';
import type { AfterCommit, StatusEffects } from '../services/status-effects';
import type { TenantSettings, TenantSettingsCache } from '../services/tenant-settings.cache';
import type { FileStorage } from '../storage/file.storage';
import { FACE_MODEL, type DetectedFace } from './face-engine';
import type { FaceVectorIndex } from './face-index';
import { SEARCH_LIMIT, SEARCH_SLACK, chooseSuggestions, iou, isMatchable, scorePersons } from './face-match';
import type { FacePool } from './face-pool';

const SYSTEM: Actor = { type: 'system', id: null, label: 'face matching' };
/** A detected face overlapping an existing box this much is that box (re-index, or a box drawn before indexing). */
const SAME_BOX_IOU = 0.5;
const MATCH_PAGE = 500;

export interface BoxChange {
  boxId: string;
  /** The person the box was tagged with before the change (untag, re-tag, delete). */
  formerPersonId: string | null;
  /** Its geometry changed (or it is new): its embedding must be computed again. */
  moved: boolean;
}

export class FaceService {
  constructor(
    private readonly repos: Repositories,
    private readonly uow: UnitOfWork,
    private readonly settings: TenantSettingsCache,
    private readonly effects: StatusEffects,
    private readonly storage: FileStorage,
    private readonly jobs: JobQueue,
    private readonly bus: ClusterBus,
    readonly index: FaceVectorIndex,
    readonly pool: FacePool,
    private readonly logger: Logger,
    private readonly limits: { maxImagePixels: number },
  ) {
    jobs.process('faces.index', ({ tenantId, assetId }) => this.indexAsset(tenantId, assetId).then(() => undefined));
    jobs.process('faces.boxes', ({ tenantId, changes }) => this.followBoxChanges(tenantId, changes));
    jobs.process('faces.match', ({ tenantId, boxIds }) => (boxIds ? this.rematch(tenantId, boxIds) : this.rematchTenant(tenantId)));
    jobs.process('faces.reindex', ({ tenantId, jobId }) => this.runReindex(tenantId, jobId));
    bus.subscribe((m) => {
      if (m.kind === 'faces') {
        if (m.ids === null) this.index.drop(m.tenantId);
        else void this.index.refresh(m.tenantId, m.ids).catch((err) => this.logger.warn({ err }, 'face index refresh failed'));
      } else if (m.kind === 'assets') {
        // A deleted asset takes its boxes and embeddings with it (cascade): forget them here too.
        void this.index.refreshAssets(m.tenantId, m.ids).catch((err) => this.logger.warn({ err }, 'face index refresh failed'));
      } else if (m.kind === 'settings') {
        // Possibly switched off: free the memory; reloaded lazily when matching runs again.
        this.index.drop(m.tenantId);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async enabled(tenantId: string): Promise<TenantSettings | null> {
    const s = await this.settings.get(tenantId).catch(() => null);
    return s?.faceMatching ? s : null;
  }

  private publish(tenantId: string, ids: string[]) {
    if (ids.length > 0) this.bus.publish({ kind: 'faces', tenantId, ids });
  }

  // --- hooks called by other services ------------------------------------------------------

  /** After an upload committed (AssetService). */
  assetUploaded(tenantId: string, assetId: string): void {
    void this.enabled(tenantId).then((on) => on && this.jobs.add('faces.index', { tenantId, assetId }, { jobId: `${assetId}:${Date.now()}` }));
  }

  /** After boxes were created, moved, (un)tagged or deleted (BoxService), from its after-commit. */
  boxesChanged(tenantId: string, changes: BoxChange[]): void {
    this.publish(tenantId, changes.map((c) => c.boxId));
    void this.enabled(tenantId).then((on) => on && this.jobs.add('faces.boxes', { tenantId, changes }));
  }

  /** Erasure (PersonService.delete), inside its transaction: the embeddings of every face tagged with the person go. */
  async personErasing(repos: Repositories, afterCommit: AfterCommit, ctx: RequestContext, personId: string, personRef: number): Promise<void> {
    const boxIds = await repos.faces.deleteEmbeddingsOfPerson(ctx.tenantId, personId);
    if (boxIds.length > 0) {
      await repos.audit.append({ ...auditMeta(ctx), action: 'face.embeddings_erased', entityType: 'person', entityId: personId, before: { ref: personRef, embeddings: boxIds.length } });
    }
    // Their suggestions cascade with the person row; the vector index forgets the faces on every node.
    afterCommit(() => {
      this.publish(ctx.tenantId, boxIds);
      void this.enabled(ctx.tenantId).then((on) => on && this.jobs.add('faces.boxes', { tenantId: ctx.tenantId, changes: boxIds.map((boxId) => ({ boxId, formerPersonId: null, moved: false })) }));
    });
  }

  // --- indexing ----------------------------------------------------------------------------

  /** Detects and embeds the faces of one asset. Never throws for a bad file: the scan is recorded as failed. */
  async indexAsset(tenantId: string, assetId: string): Promise<'done' | 'failed' | 'skipped' | 'off'> {
    const settings = await this.enabled(tenantId);
    if (!settings) return 'off';
    const asset = await this.repos.assets.findInTenant(tenantId, assetId);
    if (!asset) return 'skipped';
    if (asset.kind !== 'image') {
      // No video decoder on these servers (no ffmpeg): videos are skipped, visibly, rather than guessed at.
      await this.recordScan(tenantId, assetId, { status: 'skipped', faces: 0, error: 'Video frames cannot be decoded on this server (no ffmpeg); videos are not indexed.' });
      return 'skipped';
    }
    let faces: DetectedFace[];
    try {
      faces = await this.pool.detect({ path: this.storage.pathOf(`${asset.storageKey}/original`), maxPixels: this.limits.maxImagePixels });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ assetId, err: message }, 'face indexing failed');
      await this.recordScan(tenantId, assetId, { status: 'failed', faces: 0, error: `The image could not be indexed: ${message}`.slice(0, 500) });
      return 'failed';
    }
    if (!(await this.enabled(tenantId))) return 'off';

    const touched = await this.uow.run(async (repos, afterCommit) => {
      const current = await repos.assets.findInTenant(tenantId, assetId);
      if (!current) return null;
      const free = new Set(current.boxes.map((b) => b.id));
      const created: string[] = [];
      const embedded: string[] = [];
      for (const face of faces) {
        let best: { id: string; overlap: number } | null = null;
        for (const b of current.boxes) {
          if (!free.has(b.id)) continue;
          const overlap = iou(face.box, b);
          if (overlap >= SAME_BOX_IOU && (!best || overlap > best.overlap)) best = { id: b.id, overlap };
        }
        let boxId: string;
        if (best) {
          free.delete(best.id);
          boxId = best.id;
        } else {
          const box = await repos.boxes.create({ tenantId, assetId, personId: null, ...face.box, source: 'detected' });
          boxId = box.id;
          created.push(boxId);
        }
        await repos.faces.upsertEmbedding({ boxId, tenantId, assetId, score: face.score, sizePx: face.sizePx, vector: face.embedding, model: FACE_MODEL });
        embedded.push(boxId);
      }
      await repos.faces.upsertScan(tenantId, assetId, { status: 'done', faces: faces.length, model: FACE_MODEL, error: null });
      await repos.audit.append({ tenantId, actor: SYSTEM, action: 'face.indexed', entityType: 'asset', entityId: assetId, after: { status: 'done', faces: faces.length, createdBoxIds: created } });
      // Every new unknown box is a person without consent yet: the status changes.
      if (created.length > 0) await this.effects.assetsChanged(repos, afterCommit, tenantId, [assetId]);
      afterCommit(() => this.publish(tenantId, embedded));
      return embedded;
    });
    if (touched && touched.length > 0) await this.followBoxChanges(tenantId, touched.map((boxId) => ({ boxId, formerPersonId: null, moved: false })));
    return 'done';
  }

  private async recordScan(tenantId: string, assetId: string, scan: { status: 'failed' | 'skipped'; faces: number; error: string }) {
    await this.uow.run(async (repos) => {
      if (!(await repos.assets.findInTenant(tenantId, assetId))) return;
      await repos.faces.upsertScan(tenantId, assetId, { ...scan, model: FACE_MODEL });
      await repos.audit.append({ tenantId, actor: SYSTEM, action: 'face.indexed', entityType: 'asset', entityId: assetId, after: { status: scan.status, error: scan.error } });
    });
  }

  /** A manual (or moved) box: crop it with padding, detect the face inside, embed it. */
  private async embedBox(tenantId: string, box: { id: string; assetId: string; x: number; y: number; w: number; h: number; storageKey: string }): Promise<boolean> {
    let faces: DetectedFace[];
    try {
      faces = await this.pool.detect({ path: this.storage.pathOf(`${box.storageKey}/original`), region: box, maxPixels: this.limits.maxImagePixels });
    } catch (err) {
      this.logger.warn({ boxId: box.id, err: err instanceof Error ? err.message : err }, 'embedding a box failed');
      faces = [];
    }
    const face = faces[0];
    return this.uow.run(async (repos) => {
      const still = await repos.boxes.findInTenant(tenantId, box.id);
      if (!still || still.x !== box.x || still.y !== box.y || still.w !== box.w || still.h !== box.h) return false; // moved or deleted meanwhile: its own job follows
      if (!face) {
        const { count } = await repos.faces.deleteEmbedding(tenantId, box.id);
        if (count > 0) await repos.audit.append({ tenantId, actor: SYSTEM, action: 'face.embedded', entityType: 'asset', entityId: box.assetId, after: { boxId: box.id, face: false } });
        return count > 0;
      }
      await repos.faces.upsertEmbedding({ boxId: box.id, tenantId, assetId: box.assetId, score: face.score, sizePx: face.sizePx, vector: face.embedding, model: FACE_MODEL });
      await repos.audit.append({ tenantId, actor: SYSTEM, action: 'face.embedded', entityType: 'asset', entityId: box.assetId, after: { boxId: box.id, face: true, score: face.score } });
      return true;
    });
  }

  /**
   * After boxes changed: embed manual or moved boxes, then re-match every unknown face the change can
   * affect: the boxes themselves if unknown, unknown faces near a new reference, and faces that had
   * suggestions of a person who lost or gained a reference.
   */
  async followBoxChanges(tenantId: string, changes: BoxChange[]): Promise<void> {
    const settings = await this.enabled(tenantId);
    if (!settings || changes.length === 0) return;
    const ids = [...new Set(changes.map((c) => c.boxId))];
    let boxes = await this.repos.faces.boxesForMatching(tenantId, ids);
    const moved = new Set(changes.filter((c) => c.moved).map((c) => c.boxId));
    const reembed = boxes.filter((b) => b.asset.kind === 'image' && (moved.has(b.id) ? b.source === 'manual' || b.embedding !== null : b.source === 'manual' && b.embedding === null));
    if (reembed.length > 0) {
      const changed: string[] = [];
      for (const b of reembed) if (await this.embedBox(tenantId, { ...b, storageKey: b.asset.storageKey })) changed.push(b.id);
      this.publish(tenantId, changed);
      boxes = await this.repos.faces.boxesForMatching(tenantId, ids);
    }
    await this.index.refresh(tenantId, ids);

    const toMatch = new Set<string>();
    const persons = new Set<string>();
    for (const c of changes) if (c.formerPersonId) persons.add(c.formerPersonId);
    const tagged: string[] = [];
    for (const b of boxes) {
      if (!b.personId) {
        if (b.embedding) toMatch.add(b.id);
        continue;
      }
      tagged.push(b.id);
      persons.add(b.personId);
    }
    if (tagged.length > 0) {
      // A tagged face needs no suggestions any more.
      await this.uow.run(async (repos) => {
        for (const id of tagged) await repos.faces.deletePending(tenantId, id);
      });
      const refs = await this.repos.faces.indexRows(tenantId, FACE_MODEL, tagged);
      for (const ref of refs) {
        if (!isMatchable(ref, settings)) continue;
        const near = await this.index.searchUnknown(tenantId, ref.vector, {
          limit: 1000,
          minScore: settings.faceMatchThreshold - SEARCH_SLACK / 2,
          filter: (h) => isMatchable(h, settings),
        });
        for (const h of near) toMatch.add(h.faceId);
      }
    }
    if (persons.size > 0) for (const id of await this.repos.faces.pendingBoxIdsForPersons(tenantId, [...persons])) toMatch.add(id);
    if (toMatch.size > 0) await this.rematch(tenantId, [...toMatch]);
  }

  // --- matching ----------------------------------------------------------------------------

  /** Recomputes the pending suggestions of these (unknown) faces. Rejections are kept and respected. */
  async rematch(tenantId: string, boxIds: string[]): Promise<void> {
    const settings = await this.enabled(tenantId);
    if (!settings || boxIds.length === 0) return;
    for (let i = 0; i < boxIds.length; i += MATCH_PAGE) await this.rematchPage(tenantId, settings, boxIds.slice(i, i + MATCH_PAGE));
  }

  private async rematchTenant(tenantId: string): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const settings = await this.enabled(tenantId);
      if (!settings) return;
      const page = await this.repos.faces.unknownFaceIds(tenantId, FACE_MODEL, { limit: MATCH_PAGE, after });
      if (page.length === 0) return;
      await this.rematchPage(tenantId, settings, page);
      after = page[page.length - 1];
    }
  }

  private async rematchPage(tenantId: string, settings: TenantSettings, boxIds: string[]): Promise<void> {
    const faces = (await this.repos.faces.indexRows(tenantId, FACE_MODEL, boxIds)).filter((f) => f.personId === null);
    if (faces.length === 0) return;
    const minors = settings.faceMatchMinors ? new Set<string>() : await this.repos.faces.personIdsBornAfter(tenantId, minorCutoff(settings.adultAge));
    const taggedIn = await this.repos.faces.taggedPersonsByAsset(tenantId, [...new Set(faces.map((f) => f.assetId))]);
    const existing = await this.repos.faces.suggestionsForBoxes(tenantId, faces.map((f) => f.faceId));
    const floor = settings.faceMatchThreshold - SEARCH_SLACK;

    const desired = new Map<string, Array<{ personId: string; score: number }>>();
    for (const face of faces) {
      if (!isMatchable(face, settings)) {
        desired.set(face.faceId, []);
        continue;
      }
      const rejected = existing.filter((s) => s.boxId === face.faceId && s.status === 'rejected').map((s) => s.personId);
      const excluded = new Set([...minors, ...rejected, ...(taggedIn.get(face.assetId) ?? [])]);
      const hits = await this.index.searchConfirmed(tenantId, face.vector, {
        limit: SEARCH_LIMIT,
        minScore: floor,
        // References must be clear faces too, and never from the same photo.
        filter: (h) => h.personId !== null && !excluded.has(h.personId) && h.assetId !== face.assetId && isMatchable(h, settings),
      });
      const counts = await this.index.personFaceCounts(tenantId, [...new Set(hits.map((h) => h.personId!))]);
      const chosen = chooseSuggestions(scorePersons(hits, counts, floor), { threshold: settings.faceMatchThreshold, excluded });
      desired.set(face.faceId, chosen.map((c) => ({ personId: c.personId, score: round(c.score) })));
    }

    await this.uow.run(async (repos) => {
      for (const [boxId, want] of desired) {
        const before = existing.filter((s) => s.boxId === boxId && s.status === 'pending');
        const same = before.length === want.length && want.every((w) => before.some((b) => b.personId === w.personId && Math.abs(b.score - w.score) < 1e-3));
        if (same) continue;
        await repos.faces.deletePending(tenantId, boxId, want.map((w) => w.personId));
        for (const w of want) await repos.faces.upsertPending(tenantId, boxId, w.personId, w.score);
        const assetId = faces.find((f) => f.faceId === boxId)!.assetId;
        await repos.audit.append({ tenantId, actor: SYSTEM, action: 'face.suggested', entityType: 'asset', entityId: assetId, after: { boxId, suggestions: want } });
      }
    });
  }

  // --- API -------------------------------------------------------------------------------

  async assetFaces(ctx: RequestContext, assetId: string): Promise<AssetFacesDto> {
    const asset = await this.repos.assets.findInTenant(ctx.tenantId, assetId);
    if (!asset) throw new AppError('not_found', 'No such asset.');
    const settings = await this.settings.get(ctx.tenantId);
    const [scan, embeddings, suggestions] = await Promise.all([
      this.repos.faces.scanOf(ctx.tenantId, assetId),
      this.repos.faces.embeddingsForAsset(ctx.tenantId, assetId),
      this.repos.faces.suggestionsForBoxes(ctx.tenantId, asset.boxes.map((b) => b.id)),
    ]);
    const byBox = new Map(embeddings.map((e) => [e.boxId, e]));
    return {
      assetId,
      scan: scan ? { status: scan.status as 'done' | 'failed' | 'skipped', faces: scan.faces, error: scan.error, at: scan.updatedAt.toISOString() } : null,
      faces: asset.boxes.map((b) => {
        const e = byBox.get(b.id);
        return this.faceDto(b, e, settings, b.personId ? [] : suggestions.filter((s) => s.boxId === b.id && s.status === 'pending'));
      }),
    };
  }

  private faceDto(
    b: { id: string; x: number; y: number; w: number; h: number; source: string; personId: string | null; person: { name: string | null; ref: number } | null },
    e: { score: number; sizePx: number; model: string } | undefined,
    settings: TenantSettings,
    suggestions: FaceSuggestionRow[],
  ): FaceDto {
    const embedded = !!e && e.model === FACE_MODEL;
    return {
      boxId: b.id,
      x: b.x,
      y: b.y,
      w: b.w,
      h: b.h,
      source: b.source as FaceDto['source'],
      personId: b.personId,
      personName: b.person ? personDisplayName(b.person) : null,
      embedded,
      detectionScore: e?.score ?? null,
      sizePx: e?.sizePx ?? null,
      matchable: embedded && isMatchable({ detScore: e.score, sizePx: e.sizePx }, settings),
      suggestions: suggestions.map(toSuggestionDto),
    };
  }

  approve(ctx: RequestContext, suggestionId: string): Promise<FaceDecisionDto> {
    return this.decide(ctx, suggestionId, 'approved');
  }

  reject(ctx: RequestContext, suggestionId: string): Promise<FaceDecisionDto> {
    return this.decide(ctx, suggestionId, 'rejected');
  }

  private async decide(ctx: RequestContext, suggestionId: string, status: 'approved' | 'rejected'): Promise<FaceDecisionDto> {
    const settings = await this.settings.get(ctx.tenantId);
    const result = await this.uow.run(async (repos, afterCommit) => {
      const s = await repos.faces.findSuggestion(ctx.tenantId, suggestionId);
      if (!s) throw new AppError('not_found', 'No such suggestion.');
      if (s.status !== 'pending') throw new AppError('conflict', `The suggestion was already ${s.status}.`);
      if (s.box.personId) throw new AppError('conflict', 'The face is already tagged; untag it first.');
      const decided = await repos.faces.decide(s.id, status, ctx.actor.type === 'user' ? ctx.actor.id : null);
      const entry = { boxId: s.boxId, personId: s.personId, score: s.score };
      if (status === 'approved') {
        await repos.boxes.update(s.boxId, { personId: s.personId });
        await repos.faces.deletePending(ctx.tenantId, s.boxId);
        await repos.audit.append({ ...auditMeta(ctx), action: 'face.suggestion_approved', entityType: 'asset', entityId: s.box.assetId, before: { boxId: s.boxId, personId: null }, after: entry });
        // Tagging a person changes the GDPR status of the asset.
        await this.effects.assetsChanged(repos, afterCommit, ctx.tenantId, [s.box.assetId]);
        afterCommit(() => this.boxesChanged(ctx.tenantId, [{ boxId: s.boxId, formerPersonId: null, moved: false }]));
      } else {
        await repos.audit.append({ ...auditMeta(ctx), action: 'face.suggestion_rejected', entityType: 'asset', entityId: s.box.assetId, after: entry });
      }
      const box = await repos.boxes.findInTenant(ctx.tenantId, s.boxId);
      const embedding = (await repos.faces.embeddingsForAsset(ctx.tenantId, s.box.assetId)).find((e) => e.boxId === s.boxId);
      const pending = status === 'rejected' ? (await repos.faces.suggestionsForBoxes(ctx.tenantId, [s.boxId])).filter((x) => x.status === 'pending') : [];
      return { decided, face: this.faceDto(box!, embedding, settings, pending) };
    });
    return { suggestion: toSuggestionDto(result.decided), face: result.face };
  }

  async startReindex(ctx: RequestContext, input: FaceReindexRequest): Promise<FaceJobDto> {
    const settings = await this.settings.get(ctx.tenantId);
    if (!settings.faceMatching) throw new AppError('conflict', 'Face matching is off for this organisation; turn it on in the settings first.');
    const job = await this.uow.run(async (repos) => {
      const created = await repos.faces.createJob(ctx.tenantId, { force: input.force, createdById: ctx.actor.type === 'user' ? ctx.actor.id : null });
      await repos.audit.append({ ...auditMeta(ctx), action: 'face.reindex_started', entityType: 'face_job', entityId: created.id, after: { force: input.force } });
      return created;
    });
    await this.jobs.add('faces.reindex', { tenantId: ctx.tenantId, jobId: job.id }, { jobId: job.id });
    return toJobDto(job);
  }

  async getReindex(ctx: RequestContext, id: string): Promise<FaceJobDto> {
    const job = await this.repos.faces.findJob(ctx.tenantId, id);
    if (!job) throw new AppError('not_found', 'No such re-indexing run.');
    return toJobDto(job);
  }

  async listReindex(ctx: RequestContext): Promise<{ items: FaceJobDto[] }> {
    return { items: (await this.repos.faces.listJobs(ctx.tenantId, 20)).map(toJobDto) };
  }

  /** The reindex job: every asset to (re-)index, up to one per worker at a time, with progress. */
  private async runReindex(tenantId: string, jobId: string): Promise<void> {
    const job = await this.repos.faces.findJob(tenantId, jobId);
    if (!job || job.status !== 'queued') return;
    if (!(await this.enabled(tenantId))) {
      await this.repos.faces.updateJob(jobId, { status: 'cancelled', error: 'Face matching was turned off.', finishedAt: new Date() });
      return;
    }
    try {
      const ids = await this.repos.faces.assetIdsToIndex(tenantId, FACE_MODEL, job.force);
      await this.repos.faces.updateJob(jobId, { status: 'running', total: ids.length });
      let next = 0;
      let cancelled = false;
      const worker = async () => {
        while (!cancelled && next < ids.length) {
          const assetId = ids[next++]!;
          const outcome = await this.indexAsset(tenantId, assetId).catch((err) => {
            this.logger.error({ err, assetId }, 'face indexing crashed');
            return 'failed' as const;
          });
          if (outcome === 'off') {
            cancelled = true;
            break;
          }
          await this.repos.faces.incrementJob(jobId, 'done');
          if (outcome === 'failed') await this.repos.faces.incrementJob(jobId, 'failed');
        }
      };
      await Promise.all(Array.from({ length: Math.min(ids.length, this.pool.size + 1) }, worker));
      await this.repos.faces.updateJob(jobId, cancelled ? { status: 'cancelled', error: 'Face matching was turned off.', finishedAt: new Date() } : { status: 'done', finishedAt: new Date() });
    } catch (err) {
      this.logger.error({ err, jobId }, 'face reindex failed');
      await this.repos.faces.updateJob(jobId, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed', finishedAt: new Date() }).catch(() => {});
    }
  }
}

export function defaultPoolSize(): number {
  const fromEnv = Number(process.env.FACE_WORKERS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism();
}

function minorCutoff(adultAge: number, now = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - adultAge);
  return cutoff;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

function toSuggestionDto(s: FaceSuggestionRow): FaceSuggestionDto {
  return {
    id: s.id,
    boxId: s.boxId,
    personId: s.personId,
    personName: personDisplayName(s.person),
    score: s.score,
    status: s.status as FaceSuggestionDto['status'],
  };
}

function toJobDto(j: FaceJobRow): FaceJobDto {
  return {
    id: j.id,
    status: j.status as FaceJobDto['status'],
    force: j.force,
    total: j.total,
    done: j.done,
    failed: j.failed,
    error: j.error,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}
