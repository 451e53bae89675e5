import type { DbOrTx } from '../../db/prisma.client';
import type { FaceRow } from './face-vector-index';
import { fromBytes, toBytes } from './vector-kernel';

export interface EmbeddingData {
  boxId: string;
  tenantId: string;
  assetId: string;
  score: number;
  sizePx: number;
  vector: Float32Array;
  model: string;
}

const suggestionInclude = { person: { select: { name: true, ref: true } } } as const;

/** Face matching data: embeddings, suggestions, scans and reindex jobs. Every query is scoped by tenant. */
export class FaceRepository {
  constructor(private readonly db: DbOrTx) {}

  // --- embeddings -------------------------------------------------------------------------

  upsertEmbedding(e: EmbeddingData) {
    const data = { score: e.score, sizePx: e.sizePx, vector: toBytes(e.vector), model: e.model };
    return this.db.faceEmbedding.upsert({
      where: { boxId: e.boxId },
      create: { boxId: e.boxId, tenantId: e.tenantId, assetId: e.assetId, ...data },
      update: data,
      select: { boxId: true },
    });
  }

  deleteEmbedding(tenantId: string, boxId: string) {
    return this.db.faceEmbedding.deleteMany({ where: { tenantId, boxId } });
  }

  /** Erasure: the embeddings of every face tagged with this person; returns their box ids. */
  async deleteEmbeddingsOfPerson(tenantId: string, personId: string): Promise<string[]> {
    const rows = await this.db.faceEmbedding.findMany({ where: { tenantId, box: { personId } }, select: { boxId: true } });
    const ids = rows.map((r) => r.boxId);
    if (ids.length > 0) await this.db.faceEmbedding.deleteMany({ where: { tenantId, boxId: { in: ids } } });
    return ids;
  }

  /**
   * Face matching switched off: every embedding of the tenant, the pending suggestions made from them and
   * the scans (so turning it on again indexes afresh). Detected boxes stay: they are the editors' marks now.
   */
  async eraseTenantFaceData(tenantId: string): Promise<{ embeddings: number; suggestions: number }> {
    const { count: embeddings } = await this.db.faceEmbedding.deleteMany({ where: { tenantId } });
    const { count: suggestions } = await this.db.faceSuggestion.deleteMany({ where: { tenantId, status: 'pending' } });
    await this.db.faceScan.deleteMany({ where: { tenantId } });
    return { embeddings, suggestions };
  }

  /** For a person's access export: whether each of their tagged faces has an embedding (never the vector), and every suggestion naming them. */
  async forExport(tenantId: string, personId: string) {
    const [embeddings, suggestions] = await Promise.all([
      this.db.faceEmbedding.findMany({
        where: { tenantId, box: { personId } },
        select: { boxId: true, assetId: true, model: true, score: true, sizePx: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      }),
      this.db.faceSuggestion.findMany({
        where: { tenantId, personId },
        select: { id: true, boxId: true, score: true, status: true, decidedAt: true, createdAt: true, box: { select: { assetId: true } } },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    return { embeddings, suggestions };
  }

  countEmbeddings(tenantId: string): Promise<number> {
    return this.db.faceEmbedding.count({ where: { tenantId } });
  }

  /** Rows for the vector index: every embedding of the tenant made by `model`. */
  async indexRows(tenantId: string, model: string, boxIds?: string[]): Promise<FaceRow[]> {
    const rows = await this.db.faceEmbedding.findMany({
      where: { tenantId, model, ...(boxIds ? { boxId: { in: boxIds } } : {}) },
      select: { boxId: true, assetId: true, score: true, sizePx: true, vector: true, box: { select: { personId: true } } },
    });
    return rows.map((r) => ({ faceId: r.boxId, personId: r.box.personId, assetId: r.assetId, detScore: r.score, sizePx: r.sizePx, vector: fromBytes(r.vector) }));
  }

  embeddingsForAsset(tenantId: string, assetId: string) {
    return this.db.faceEmbedding.findMany({ where: { tenantId, assetId }, select: { boxId: true, score: true, sizePx: true, model: true } });
  }

  /** Boxes with what the matching needs to know about them. */
  boxesForMatching(tenantId: string, boxIds: string[]) {
    return this.db.assetBox.findMany({
      where: { tenantId, id: { in: boxIds } },
      select: {
        id: true,
        assetId: true,
        personId: true,
        source: true,
        x: true,
        y: true,
        w: true,
        h: true,
        asset: { select: { kind: true, storageKey: true } },
        embedding: { select: { score: true, sizePx: true, model: true } },
      },
    });
  }

  /** Persons tagged in these assets: a person is never suggested for a second face in the same photo. */
  async taggedPersonsByAsset(tenantId: string, assetIds: string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.db.assetBox.findMany({ where: { tenantId, assetId: { in: assetIds }, personId: { not: null } }, select: { assetId: true, personId: true } });
    const out = new Map<string, Set<string>>();
    for (const r of rows) {
      let set = out.get(r.assetId);
      if (!set) out.set(r.assetId, (set = new Set()));
      set.add(r.personId!);
    }
    return out;
  }

  /** Persons born after `cutoff` (minors now). */
  async personIdsBornAfter(tenantId: string, cutoff: Date): Promise<Set<string>> {
    const rows = await this.db.person.findMany({ where: { tenantId, birthDate: { gt: cutoff } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** Unknown faces (untagged, with an embedding), a page at a time: for re-matching a whole tenant. */
  unknownFaceIds(tenantId: string, model: string, page: { limit: number; after?: string }) {
    return this.db.faceEmbedding
      .findMany({
        where: { tenantId, model, box: { personId: null }, ...(page.after ? { boxId: { gt: page.after } } : {}) },
        select: { boxId: true },
        orderBy: { boxId: 'asc' },
        take: page.limit,
      })
      .then((rows) => rows.map((r) => r.boxId));
  }

  // --- suggestions ------------------------------------------------------------------------

  suggestionsForBoxes(tenantId: string, boxIds: string[]) {
    return this.db.faceSuggestion.findMany({ where: { tenantId, boxId: { in: boxIds } }, include: suggestionInclude, orderBy: { score: 'desc' } });
  }

  findSuggestion(tenantId: string, id: string) {
    return this.db.faceSuggestion.findFirst({ where: { tenantId, id }, include: { ...suggestionInclude, box: { select: { assetId: true, personId: true } } } });
  }

  /** Unknown faces that currently have a pending suggestion of one of these persons. */
  pendingBoxIdsForPersons(tenantId: string, personIds: string[]) {
    return this.db.faceSuggestion
      .findMany({ where: { tenantId, personId: { in: personIds }, status: 'pending' }, select: { boxId: true }, distinct: ['boxId'] })
      .then((rows) => rows.map((r) => r.boxId));
  }

  upsertPending(tenantId: string, boxId: string, personId: string, score: number) {
    return this.db.faceSuggestion.upsert({
      where: { boxId_personId: { boxId, personId } },
      create: { tenantId, boxId, personId, score },
      update: { score, status: 'pending', decidedAt: null, decidedById: null },
    });
  }

  deletePending(tenantId: string, boxId: string, keepPersonIds: string[] = []) {
    return this.db.faceSuggestion.deleteMany({ where: { tenantId, boxId, status: 'pending', personId: { notIn: keepPersonIds } } });
  }

  decide(tenantId: string, id: string, status: 'approved' | 'rejected', decidedById: string | null) {
    return this.db.faceSuggestion.update({ where: { id, tenantId }, data: { status, decidedById, decidedAt: new Date() }, include: suggestionInclude });
  }

  // --- scans and jobs ---------------------------------------------------------------------

  scanOf(tenantId: string, assetId: string) {
    return this.db.faceScan.findFirst({ where: { tenantId, assetId } });
  }

  upsertScan(tenantId: string, assetId: string, data: { status: 'done' | 'failed' | 'skipped'; faces: number; model: string; error: string | null }) {
    return this.db.faceScan.upsert({ where: { assetId }, create: { tenantId, assetId, ...data }, update: data });
  }

  /** Asset ids to (re-)index: all of the tenant's, or those without a finished scan by `model`. */
  async assetIdsToIndex(tenantId: string, model: string, force: boolean): Promise<string[]> {
    const rows = await this.db.asset.findMany({
      where: { tenantId, ...(force ? {} : { OR: [{ faceScan: null }, { faceScan: { OR: [{ model: { not: model } }, { status: 'failed' }] } }] }) },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => r.id);
  }

  createJob(tenantId: string, data: { force: boolean; createdById: string | null }) {
    return this.db.faceJob.create({ data: { tenantId, ...data } });
  }

  findJob(tenantId: string, id: string) {
    return this.db.faceJob.findFirst({ where: { tenantId, id } });
  }

  listJobs(tenantId: string, limit: number) {
    return this.db.faceJob.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' }, take: limit });
  }

  updateJob(tenantId: string, id: string, data: Partial<{ status: string; total: number; done: number; failed: number; error: string | null; finishedAt: Date | null }>) {
    return this.db.faceJob.update({ where: { id, tenantId }, data });
  }

  incrementJob(tenantId: string, id: string, field: 'done' | 'failed') {
    return this.db.faceJob.update({ where: { id, tenantId }, data: { [field]: { increment: 1 } } });
  }
}

export type FaceSuggestionRow = Awaited<ReturnType<FaceRepository['suggestionsForBoxes']>>[number];
export type FaceJobRow = NonNullable<Awaited<ReturnType<FaceRepository['findJob']>>>;
