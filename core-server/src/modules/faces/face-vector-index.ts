/**
 * Vector search over a tenant's face embeddings.
 *
 * `FaceVectorIndex` is the seam: the default `InMemoryFaceIndex` needs no database extension;
 * an implementation on pgvector (`ORDER BY vector <#> $1 LIMIT k` on an HNSW index, scoped by
 * tenantId) could take its place where that extension exists. Every search is scoped to one tenant.
 *
 * The in-memory index keeps, per tenant and loaded lazily, two sets: faces tagged with a person
 * (the references suggestions come from) and unknown faces (searched when a new reference
 * appears). Each set is one contiguous Float32Array of L2-normalised vectors, so a score is a dot
 * product (cosine similarity). Sets above EXACT_SCAN_MAX rows are first scanned through an int8
 * copy with a WebAssembly SIMD kernel; the best candidates are then re-scored exactly.
 * It is kept in sync by `refresh(tenantId, faceIds)`, which re-reads those faces from the
 * database; every node calls it on the cluster bus message of any change.
 */
import { dot, instantiateKernel, quantise, type ScanFn } from './vector-kernel';

export interface FaceRow {
  faceId: string;
  personId: string | null;
  assetId: string;
  /** Detector confidence. */
  detScore: number;
  sizePx: number;
  vector: Float32Array;
}

export interface FaceHit {
  faceId: string;
  personId: string | null;
  assetId: string;
  detScore: number;
  sizePx: number;
  /** Cosine similarity to the query, exact. */
  score: number;
}

export interface SearchOptions {
  /** At most this many hits, best first. */
  limit: number;
  /** Only hits scoring at least this. */
  minScore: number;
  /** Rows failing this are never returned (quality gate, excluded persons, …). */
  filter?: (row: Omit<FaceHit, 'score'>) => boolean;
}

export interface FaceVectorIndex {
  /** Faces tagged with a person that are most similar to the query. */
  searchConfirmed(tenantId: string, query: Float32Array, options: SearchOptions): Promise<FaceHit[]>;
  /** Unknown (untagged) faces most similar to the query. */
  searchUnknown(tenantId: string, query: Float32Array, options: SearchOptions): Promise<FaceHit[]>;
  /** How many tagged faces each of these persons has (for aggregating over a person's faces). */
  personFaceCounts(tenantId: string, personIds: string[]): Promise<Map<string, number>>;
  /** Re-reads these faces from the store: added, moved between tagged and unknown, or gone. */
  refresh(tenantId: string, faceIds: string[]): Promise<void>;
  /** Re-reads every indexed face of these assets (e.g. after an asset was deleted). */
  refreshAssets(tenantId: string, assetIds: string[]): Promise<void>;
  /** Forgets a tenant entirely (reloaded on next use). */
  drop(tenantId: string): void;
  stats(): { tenants: number; rows: number; bytes: number };
}

/** Where the in-memory index reads faces from (the face repository). */
export interface FaceSource {
  loadTenant(tenantId: string): Promise<FaceRow[]>;
  loadFaces(tenantId: string, faceIds: string[]): Promise<FaceRow[]>;
}

/** Up to this many rows a set is scanned exactly in JS (≈1.7 ms per 1,000 rows); above, the SIMD kernel scans first. */
export const EXACT_SCAN_MAX = 2048;
/** int8 scores differ from exact ones by far less than this; candidates are taken this much below the floor. */
const QUANT_MARGIN = 0.03;
const PAGE = 65536;

/** One contiguous set of vectors with their metadata; rows are swapped-removed. */
export class VectorSet {
  private capacity = 0;
  count = 0;
  private ids: string[] = [];
  private personIds: Array<string | null> = [];
  private assetIds: string[] = [];
  private detScores = new Float32Array(0);
  private sizes = new Int32Array(0);
  private scales = new Float32Array(0);
  private vectors = new Float32Array(0);
  private readonly rowOf = new Map<string, number>();
  private readonly perPerson = new Map<string, number>();
  // WebAssembly memory: [query int16 × dim][scores int32 × capacity][rows int8 × capacity × dim]
  private memory: WebAssembly.Memory | null = null;
  private scan: ScanFn | null = null;
  private kernelReady = true;

  constructor(readonly dim: number) {}

  personCount(personId: string): number {
    return this.perPerson.get(personId) ?? 0;
  }

  private countPerson(personId: string | null, delta: number) {
    if (!personId) return;
    const n = (this.perPerson.get(personId) ?? 0) + delta;
    if (n > 0) this.perPerson.set(personId, n);
    else this.perPerson.delete(personId);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  bytes(): number {
    return this.vectors.byteLength + (this.memory?.buffer.byteLength ?? 0) + this.scales.byteLength + this.detScores.byteLength + this.sizes.byteLength;
  }

  private get outOffset() {
    return this.dim * 2;
  }

  private get rowsOffset() {
    return this.outOffset + this.capacity * 4;
  }

  private grow(min: number) {
    const capacity = Math.max(256, min > this.capacity * 2 ? min : this.capacity * 2);
    const vectors = new Float32Array(capacity * this.dim);
    vectors.set(this.vectors.subarray(0, this.count * this.dim));
    const grow = <T extends Float32Array | Int32Array>(old: T, make: (n: number) => T) => {
      const next = make(capacity);
      next.set(old.subarray(0, this.count));
      return next;
    };
    this.detScores = grow(this.detScores, (n) => new Float32Array(n));
    this.sizes = grow(this.sizes, (n) => new Int32Array(n));
    this.scales = grow(this.scales, (n) => new Float32Array(n));
    const oldMemory = this.memory;
    const oldRowsOffset = this.rowsOffset;
    this.capacity = capacity;
    this.vectors = vectors;
    if (capacity > EXACT_SCAN_MAX) {
      const bytes = this.rowsOffset + capacity * this.dim;
      const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
      const scan = instantiateKernel(memory);
      if (scan) {
        const rows = new Int8Array(memory.buffer, this.rowsOffset, capacity * this.dim);
        if (oldMemory) rows.set(new Int8Array(oldMemory.buffer, oldRowsOffset, this.count * this.dim));
        else for (let r = 0; r < this.count; r++) this.scales[r] = quantise(this.vectors.subarray(r * this.dim, (r + 1) * this.dim), rows, r * this.dim);
        this.memory = memory;
        this.scan = scan;
      } else {
        this.kernelReady = false;
      }
    }
  }

  /** Room for `n` rows without growing (a tenant's load knows its size). */
  reserve(n: number): void {
    if (n > this.capacity) this.grow(n);
  }

  upsert(row: FaceRow): void {
    if (row.vector.length !== this.dim) throw new Error(`Expected a ${this.dim}-d vector, got ${row.vector.length}`);
    let r = this.rowOf.get(row.faceId);
    if (r !== undefined) this.countPerson(this.personIds[r]!, -1);
    this.countPerson(row.personId, 1);
    if (r === undefined) {
      if (this.count === this.capacity) this.grow(this.count + 1);
      r = this.count++;
      this.rowOf.set(row.faceId, r);
    }
    this.ids[r] = row.faceId;
    this.personIds[r] = row.personId;
    this.assetIds[r] = row.assetId;
    this.detScores[r] = row.detScore;
    this.sizes[r] = row.sizePx;
    this.vectors.set(row.vector, r * this.dim);
    if (this.memory) this.scales[r] = quantise(row.vector, new Int8Array(this.memory.buffer, this.rowsOffset + r * this.dim, this.dim));
  }

  remove(id: string): void {
    const r = this.rowOf.get(id);
    if (r === undefined) return;
    this.countPerson(this.personIds[r]!, -1);
    const last = this.count - 1;
    if (r !== last) {
      const lastId = this.ids[last]!;
      this.ids[r] = lastId;
      this.personIds[r] = this.personIds[last]!;
      this.assetIds[r] = this.assetIds[last]!;
      this.detScores[r] = this.detScores[last]!;
      this.sizes[r] = this.sizes[last]!;
      this.scales[r] = this.scales[last]!;
      this.vectors.copyWithin(r * this.dim, last * this.dim, (last + 1) * this.dim);
      if (this.memory) {
        const rows = new Int8Array(this.memory.buffer, this.rowsOffset, this.capacity * this.dim);
        rows.copyWithin(r * this.dim, last * this.dim, (last + 1) * this.dim);
      }
      this.rowOf.set(lastId, r);
    }
    this.rowOf.delete(id);
    this.ids.length = last;
    this.personIds.length = last;
    this.assetIds.length = last;
    this.count = last;
  }

  /** Ids of the rows that belong to these assets (a linear scan: ~1 ms per 100,000 rows). */
  idsOfAssets(assetIds: Set<string>): string[] {
    const out: string[] = [];
    for (let r = 0; r < this.count; r++) if (assetIds.has(this.assetIds[r]!)) out.push(this.ids[r]!);
    return out;
  }

  private meta(r: number): Omit<FaceHit, 'score'> {
    return { faceId: this.ids[r]!, personId: this.personIds[r]!, assetId: this.assetIds[r]!, detScore: this.detScores[r]!, sizePx: this.sizes[r]! };
  }

  search(query: Float32Array, options: SearchOptions): FaceHit[] {
    if (this.count === 0 || options.limit <= 0) return [];
    const useKernel = this.count > EXACT_SCAN_MAX && this.memory !== null && this.scan !== null && this.kernelReady;
    const rows = useKernel ? this.coarseCandidates(query, options) : null;
    const top = new TopK(options.limit);
    const consider = (r: number) => {
      const score = dot(query, this.vectors, r * this.dim);
      if (score < options.minScore || !top.wouldTake(score)) return;
      if (options.filter && !options.filter(this.meta(r))) return;
      top.push(score, r);
    };
    if (rows) for (const r of rows) consider(r);
    else for (let r = 0; r < this.count; r++) consider(r);
    return top.sorted().map(([score, r]) => ({ ...this.meta(r), score }));
  }

  /** Rows worth an exact score: the best by int8 score, with the quantisation margin below the floor. */
  private coarseCandidates(query: Float32Array, options: SearchOptions): number[] {
    const memory = this.memory!;
    const q8 = new Int8Array(this.dim);
    const qScale = quantise(query, q8);
    new Int16Array(memory.buffer, 0, this.dim).set(q8);
    this.scan!(0, this.rowsOffset, this.count, this.dim, this.outOffset);
    const raw = new Int32Array(memory.buffer, this.outOffset, this.count);
    const floor = options.minScore - QUANT_MARGIN;
    // The filter may drop candidates, so keep a generous pool beyond `limit`.
    const pool = new TopK(Math.max(options.limit * 2, options.limit + 64, 128));
    for (let r = 0; r < this.count; r++) {
      const coarse = raw[r]! * this.scales[r]! * qScale;
      if (coarse >= floor && pool.wouldTake(coarse)) pool.push(coarse, r);
    }
    return pool.sorted().map(([, r]) => r);
  }
}

/** The k largest (score, row) pairs: a binary min-heap on typed arrays. */
class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  wouldTake(score: number): boolean {
    return this.size < this.k || score > this.scores[0]!;
  }

  push(score: number, row: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.scores[p]! <= score) break;
        this.scores[i] = this.scores[p]!;
        this.rows[i] = this.rows[p]!;
        i = p;
      }
      this.scores[i] = score;
      this.rows[i] = row;
      return;
    }
    if (score <= this.scores[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && this.scores[l + 1]! < this.scores[l]! ? l + 1 : l;
      if (this.scores[c]! >= score) break;
      this.scores[i] = this.scores[c]!;
      this.rows[i] = this.rows[c]!;
      i = c;
    }
    this.scores[i] = score;
    this.rows[i] = row;
  }

  sorted(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.size; i++) out.push([this.scores[i]!, this.rows[i]!]);
    return out.sort((a, b) => b[0] - a[0]);
  }
}

interface TenantSets {
  confirmed: VectorSet;
  unknown: VectorSet;
}

export class InMemoryFaceIndex implements FaceVectorIndex {
  private readonly tenants = new Map<string, Promise<TenantSets>>();
  private readonly loaded = new Map<string, TenantSets>();
  /** Refreshes of one tenant run one after another, so a slower, older read never overwrites a newer one. */
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(
    private readonly source: FaceSource,
    private readonly dim = 1024,
  ) {}

  private sets(tenantId: string): Promise<TenantSets> {
    let hit = this.tenants.get(tenantId);
    if (!hit) {
      const pending = this.source.loadTenant(tenantId).then((rows) => {
        const sets = { confirmed: new VectorSet(this.dim), unknown: new VectorSet(this.dim) };
        const tagged = rows.filter((r) => r.personId).length;
        sets.confirmed.reserve(tagged);
        sets.unknown.reserve(rows.length - tagged);
        for (const row of rows) (row.personId ? sets.confirmed : sets.unknown).upsert(row);
        if (this.tenants.get(tenantId) === pending) this.loaded.set(tenantId, sets);
        return sets;
      });
      pending.catch(() => this.tenants.get(tenantId) === pending && this.tenants.delete(tenantId));
      this.tenants.set(tenantId, pending);
      hit = pending;
    }
    return hit;
  }

  async searchConfirmed(tenantId: string, query: Float32Array, options: SearchOptions): Promise<FaceHit[]> {
    return (await this.sets(tenantId)).confirmed.search(query, options);
  }

  async searchUnknown(tenantId: string, query: Float32Array, options: SearchOptions): Promise<FaceHit[]> {
    return (await this.sets(tenantId)).unknown.search(query, options);
  }

  async personFaceCounts(tenantId: string, personIds: string[]): Promise<Map<string, number>> {
    const sets = await this.sets(tenantId);
    return new Map(personIds.map((id) => [id, sets.confirmed.personCount(id)]));
  }

  refresh(tenantId: string, faceIds: string[]): Promise<void> {
    const pending = this.tenants.get(tenantId);
    // Not loaded on this node: its first load reads the current state anyway.
    if (!pending || faceIds.length === 0) return Promise.resolve();
    const run = async () => {
      const sets = await pending;
      const rows = await this.source.loadFaces(tenantId, faceIds);
      if (this.tenants.get(tenantId) !== pending) return; // dropped meanwhile
      const found = new Map(rows.map((r) => [r.faceId, r]));
      for (const id of faceIds) {
        const row = found.get(id);
        sets.confirmed.remove(id);
        sets.unknown.remove(id);
        if (row) (row.personId ? sets.confirmed : sets.unknown).upsert(row);
      }
    };
    const next = (this.refreshing.get(tenantId) ?? Promise.resolve()).then(run, run);
    this.refreshing.set(tenantId, next);
    void next.finally(() => this.refreshing.get(tenantId) === next && this.refreshing.delete(tenantId)).catch(() => {});
    return next;
  }

  async refreshAssets(tenantId: string, assetIds: string[]): Promise<void> {
    const sets = this.loaded.get(tenantId);
    if (!sets || assetIds.length === 0) return;
    const wanted = new Set(assetIds);
    const ids = [...sets.confirmed.idsOfAssets(wanted), ...sets.unknown.idsOfAssets(wanted)];
    if (ids.length > 0) await this.refresh(tenantId, ids);
  }

  drop(tenantId: string): void {
    this.tenants.delete(tenantId);
    this.loaded.delete(tenantId);
  }

  stats() {
    let rows = 0;
    let bytes = 0;
    for (const s of this.loaded.values()) {
      rows += s.confirmed.count + s.unknown.count;
      bytes += s.confirmed.bytes() + s.unknown.bytes();
    }
    return { tenants: this.loaded.size, rows, bytes };
  }
}
