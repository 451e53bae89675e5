import type { Logger } from 'pino';
import type { FacesRepositories, FacesUnitOfWork } from './faces.repositories';
import type { AssetsFacade } from '../assets';
import type { StatusChanges } from '../status';
import type { FileStorage } from '../../storage/file.storage';
import { FACE_MODEL, type DetectedFace } from './face-engine';
import { detectVideoFaces } from './face-video';
import type { FaceVectorIndex } from './face-vector-index';
import { iou } from './face-scoring';
import type { FacePool } from './face-pool';
import { FACE_SYSTEM, type FaceGate } from './face.gate';
import type { BoxChange } from './face.hooks';
import type { FaceSuggestionService } from './face-suggestion.service';

/** A detected face overlapping an existing box this much is that box (re-index, or a box drawn before indexing). */
const SAME_BOX_IOU = 0.5;

/** Detects and embeds faces (whole assets, or single boxes), stores them, then has the matcher follow up. */
export class FaceDetectionService {
  constructor(
    private readonly repos: FacesRepositories,
    private readonly uow: FacesUnitOfWork,
    private readonly gate: FaceGate,
    private readonly effects: StatusChanges,
    private readonly assets: Pick<AssetsFacade, 'lookup' | 'faceBoxes'>,
    private readonly storage: FileStorage,
    private readonly index: FaceVectorIndex,
    private readonly pool: FacePool,
    private readonly matcher: FaceSuggestionService,
    private readonly logger: Logger,
    private readonly limits: { maxImagePixels: number },
  ) {}

  /** Detects and embeds the faces of one asset. Never throws for a bad file: the scan is recorded as failed. */
  async indexAsset(tenantId: string, assetId: string): Promise<'done' | 'failed' | 'skipped' | 'off'> {
    const settings = await this.gate.enabled(tenantId);
    if (!settings) return 'off';
    const asset = await this.assets.lookup.asset(tenantId, assetId);
    if (!asset) return 'skipped';
    if (asset.kind === 'video' && asset.durationMs === null) {
      // Uploaded before this server could read videos: nothing says how to sample it.
      await this.recordScan(tenantId, assetId, { status: 'skipped', faces: 0, error: 'This video was uploaded before videos could be read here: upload it again to scan it.' });
      return 'skipped';
    }
    let faces: Array<DetectedFace & { startMs?: number; endMs?: number; frameMs?: number }>;
    let frames: number | undefined;
    const original = this.storage.pathOf(`${asset.storageKey}/original`);
    try {
      if (asset.kind === 'video') {
        ({ tracks: faces, frames } = await detectVideoFaces(this.pool, { path: original, durationMs: asset.durationMs!, width: asset.width }, this.storage.tempPath(), this.limits.maxImagePixels));
      } else {
        faces = await this.pool.detect({ path: original, maxPixels: this.limits.maxImagePixels });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ assetId, err: message }, 'face indexing failed');
      await this.recordScan(tenantId, assetId, { status: 'failed', faces: 0, error: `The ${asset.kind} could not be indexed: ${message}`.slice(0, 500) });
      return 'failed';
    }
    if (!(await this.gate.enabled(tenantId))) return 'off';

    // Who each box was assigned to before detection: a box re-assigned meanwhile (an erasure untags its
    // boxes and deletes their embeddings) is left alone, so a queued job cannot re-create what was erased.
    const readBefore = new Map(asset.boxes.map((b) => [b.id, b.personId]));
    const touched = await this.uow.run(async (repos, afterCommit, scope) => {
      const current = await this.assets.lookup.asset(tenantId, assetId, scope);
      if (!current) return null;
      const free = new Set(current.boxes.map((b) => b.id));
      const changed = new Set(current.boxes.filter((b) => !readBefore.has(b.id) || readBefore.get(b.id) !== b.personId).map((b) => b.id));
      const created: string[] = [];
      const embedded: string[] = [];
      for (const face of faces) {
        let best: { id: string; overlap: number } | null = null;
        for (const b of current.boxes) {
          if (!free.has(b.id)) continue;
          const overlap = iou(face.box, b);
          if (overlap >= SAME_BOX_IOU && (!best || overlap > best.overlap)) best = { id: b.id, overlap };
        }
        // The face lies in a box that changed since detection began: neither embed it nor add a box over it.
        if (best && changed.has(best.id)) continue;
        let boxId: string;
        if (best) {
          free.delete(best.id);
          boxId = best.id;
        } else {
          const span = face.frameMs === undefined ? {} : { startMs: face.startMs, endMs: face.endMs, frameMs: face.frameMs };
          const box = await this.assets.faceBoxes.addDetected(scope, tenantId, assetId, { ...face.box, ...span });
          boxId = box.id;
          created.push(boxId);
        }
        await repos.faces.upsertEmbedding({ boxId, tenantId, assetId, score: face.score, sizePx: face.sizePx, vector: face.embedding, model: FACE_MODEL });
        embedded.push(boxId);
      }
      await repos.faces.upsertScan(tenantId, assetId, { status: 'done', faces: faces.length, model: FACE_MODEL, error: null });
      await repos.audit.append({ tenantId, actor: FACE_SYSTEM, action: 'face.indexed', entityType: 'asset', entityId: assetId, after: { status: 'done', faces: faces.length, createdBoxIds: created, ...(frames === undefined ? {} : { frames }) } });
      // Every new unknown box is a person without consent yet: the status changes.
      if (created.length > 0) await this.effects.assetsChanged(scope, tenantId, [assetId]);
      afterCommit(() => this.gate.publish(tenantId, embedded));
      return embedded;
    });
    if (touched && touched.length > 0) await this.followBoxChanges(tenantId, touched.map((boxId) => ({ boxId, formerPersonId: null, moved: false })));
    return 'done';
  }

  /** After boxes changed: embed manual or moved boxes, refresh the index, then re-match what the change affects. */
  async followBoxChanges(tenantId: string, changes: BoxChange[]): Promise<void> {
    const settings = await this.gate.enabled(tenantId);
    if (!settings || changes.length === 0) return;
    const ids = [...new Set(changes.map((c) => c.boxId))];
    let boxes = await this.repos.faces.boxesForMatching(tenantId, ids);
    const moved = new Set(changes.filter((c) => c.moved).map((c) => c.boxId));
    const erased = new Set(changes.filter((c) => c.erased).map((c) => c.boxId));
    const reembed = boxes.filter(
      (b) => b.asset.kind === 'image' && !erased.has(b.id) && (moved.has(b.id) ? b.source === 'manual' || b.embedding !== null : b.source === 'manual' && b.embedding === null),
    );
    if (reembed.length > 0) {
      const changed: string[] = [];
      for (const b of reembed) if (await this.embedBox(tenantId, { ...b, storageKey: b.asset.storageKey })) changed.push(b.id);
      this.gate.publish(tenantId, changed);
      boxes = await this.repos.faces.boxesForMatching(tenantId, ids);
    }
    await this.index.refresh(tenantId, ids);
    await this.matcher.rematchAffected(tenantId, settings, changes, boxes);
  }

  private async recordScan(tenantId: string, assetId: string, scan: { status: 'failed' | 'skipped'; faces: number; error: string }) {
    await this.uow.run(async (repos, _afterCommit, scope) => {
      if (!(await this.assets.lookup.asset(tenantId, assetId, scope))) return;
      await repos.faces.upsertScan(tenantId, assetId, { ...scan, model: FACE_MODEL });
      await repos.audit.append({ tenantId, actor: FACE_SYSTEM, action: 'face.indexed', entityType: 'asset', entityId: assetId, after: { status: scan.status, error: scan.error } });
    });
  }

  /** A manual (or moved) box: crop it with padding, detect the face inside, embed it. */
  private async embedBox(tenantId: string, box: { id: string; assetId: string; personId: string | null; x: number; y: number; w: number; h: number; storageKey: string }): Promise<boolean> {
    let faces: DetectedFace[];
    try {
      faces = await this.pool.detect({ path: this.storage.pathOf(`${box.storageKey}/original`), region: box, maxPixels: this.limits.maxImagePixels });
    } catch (err) {
      this.logger.warn({ boxId: box.id, err: err instanceof Error ? err.message : err }, 'embedding a box failed');
      faces = [];
    }
    const face = faces[0];
    return this.uow.run(async (repos, _afterCommit, scope) => {
      const still = await this.assets.faceBoxes.box(scope, tenantId, box.id);
      // Moved, deleted or re-assigned (an erasure untags) since it was read: its own follow-up decides.
      if (!still || still.personId !== box.personId || still.x !== box.x || still.y !== box.y || still.w !== box.w || still.h !== box.h) return false;
      if (!face) {
        const { count } = await repos.faces.deleteEmbedding(tenantId, box.id);
        if (count > 0) await repos.audit.append({ tenantId, actor: FACE_SYSTEM, action: 'face.embedded', entityType: 'asset', entityId: box.assetId, after: { boxId: box.id, face: false } });
        return count > 0;
      }
      await repos.faces.upsertEmbedding({ boxId: box.id, tenantId, assetId: box.assetId, score: face.score, sizePx: face.sizePx, vector: face.embedding, model: FACE_MODEL });
      await repos.audit.append({ tenantId, actor: FACE_SYSTEM, action: 'face.embedded', entityType: 'asset', entityId: box.assetId, after: { boxId: box.id, face: true, score: face.score } });
      return true;
    });
  }
}
