import type { FacesRepositories, FacesUnitOfWork } from './faces.repositories';
import type { TenantSettings } from '../../kernel/tenant-settings';
import { FACE_MODEL } from './face-engine';
import type { FaceVectorIndex } from './face-vector-index';
import { SEARCH_LIMIT, SEARCH_SLACK, chooseSuggestions, isMatchable, scorePersons } from './face-scoring';
import { FACE_SYSTEM, type FaceGate } from './face.gate';
import type { BoxChange } from './face.hooks';

const MATCH_PAGE = 500;

/** Keeps the pending suggestions of unknown faces in step with the faces editors confirmed. */
export class FaceSuggestionService {
  constructor(
    private readonly repos: FacesRepositories,
    private readonly uow: FacesUnitOfWork,
    private readonly gate: FaceGate,
    private readonly index: FaceVectorIndex,
  ) {}

  /**
   * After boxes changed (and were embedded): re-matches every unknown face the change can affect: the
   * boxes themselves if unknown, unknown faces near a new reference, and faces that had suggestions of
   * a person who lost or gained a reference.
   */
  async rematchAffected(
    tenantId: string,
    settings: TenantSettings,
    changes: BoxChange[],
    boxes: Array<{ id: string; personId: string | null; embedding: object | null }>,
  ): Promise<void> {
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

  /** Recomputes the pending suggestions of these (unknown) faces. Rejections are kept and respected. */
  async rematch(tenantId: string, boxIds: string[]): Promise<void> {
    const settings = await this.gate.enabled(tenantId);
    if (!settings || boxIds.length === 0) return;
    for (let i = 0; i < boxIds.length; i += MATCH_PAGE) await this.rematchPage(tenantId, settings, boxIds.slice(i, i + MATCH_PAGE));
  }

  /** Every unknown face of the tenant, a page at a time: after the matching settings changed. */
  async rematchTenant(tenantId: string): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const settings = await this.gate.enabled(tenantId);
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
        await repos.audit.append({ tenantId, actor: FACE_SYSTEM, action: 'face.suggested', entityType: 'asset', entityId: assetId, after: { boxId, suggestions: want } });
      }
    });
  }
}

function minorCutoff(adultAge: number, now = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - adultAge);
  return cutoff;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;
