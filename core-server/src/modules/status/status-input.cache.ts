import type { LegalBasis, Signer, StatusInput } from '@likeness/shared';
import type { StatusInputRepository } from './status.repository';

/** One asset's facts plus its evaluated answers, each valid until the status can next change. */
export interface CachedAsset {
  input: StatusInput;
  /** key: channel + audience → the batch item as JSON bytes and the instant it stops being true. */
  answers: Map<string, { json: Buffer; until: number }>;
}

interface TenantEntries {
  /** Bumped by every invalidation, so a load that raced a write is not cached. */
  generation: number;
  /** entry null: known not to exist in this tenant (so unknown ids do not hit the database every time). */
  /** In load order (a reload moves an entry to the end), so the oldest come first. `read`: asked for since its load. */
  assets: Map<string, { entry: CachedAsset | null; loadedAt: number; read: boolean }>;
  /** Loads under way in this generation: concurrent misses of one id share a load instead of each querying. */
  loading: Map<string, Promise<CachedAsset | null>>;
  /** The tenant's event seq these facts are known to include (null: not read yet). */
  seq: number | null;
  /** Seqs heard of over the bus beyond `seq`, waiting for the ones before them. */
  heard: Set<number>;
  checking: Promise<number> | null;
  /** When the last seq read started (the facts are known current as of then). */
  checkedAt: number;
}

const MAX_ENTRIES_PER_TENANT = 250_000;
/** However invalidations fare, no fact is older than this (an end date moved without a status change, say). */
export const FACTS_TTL_MS = 30_000;

export interface StatusCacheOptions {
  /** The tenant's event seq: one row read, the same on every node. */
  head: (tenantId: string) => Promise<number>;
  /** Re-read the seq at most this often (0, the default: on every read). */
  seqCheckMs?: number;
  ttlMs?: number;
  now?: () => number;
  /**
   * Reload, in the background, facts that were read and will reach the TTL within `aheadMs`, at most
   * `idsPerSecond` of them a second (off when unset). Loads made by reads come in bursts (a deploy, a
   * dropped tenant) and would expire in the same burst; reloading them ahead, a few at a time, spreads
   * the database work so that no request waits behind a wall of reloads.
   */
  refreshAhead?: { aheadMs: number; idsPerSecond: number };
}

const LOAD_CHUNK = 100;

/**
 * The facts behind each asset's status (basis, boxes, persons' agreements), kept in memory
 * with the answers evaluated from them. Status depends on the moment, so an answer is kept
 * only until its nextChangeAt; writes invalidate the facts (on every node, via the cluster bus).
 * A lost bus message cannot leave a node answering from old facts for long: reads compare the tenant's
 * event seq (re-read at most every `seqCheckMs`) with the seqs this node has heard of (a gap drops the
 * tenant's facts), and no fact outlives FACTS_TTL_MS.
 */
export class StatusInputCache {
  private readonly tenants = new Map<string, TenantEntries>();
  private readonly ttlMs: number;
  private readonly seqCheckMs: number;
  private readonly now: () => number;
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing = false;

  constructor(
    private readonly loader: StatusInputRepository,
    private readonly options: StatusCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? FACTS_TTL_MS;
    this.seqCheckMs = options.seqCheckMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  private entries(tenantId: string): TenantEntries {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { generation: 0, assets: new Map(), loading: new Map(), seq: null, heard: new Set(), checking: null, checkedAt: 0 };
      this.tenants.set(tenantId, t);
    }
    return t;
  }

  /** Concurrent reads share one look at the seq; a seq this node never heard of means it missed a write. */
  private async checkSeq(tenantId: string, t: TenantEntries): Promise<void> {
    // On the hot path a read per request would cost more than the lookup it guards: within the interval, trust the bus.
    if (t.seq !== null && t.checking === null && this.now() - t.checkedAt < this.seqCheckMs) return;
    if (!t.checking) {
      const startedAt = this.now();
      t.checking = this.options.head(tenantId).finally(() => {
        t.checking = null;
        t.checkedAt = startedAt;
      });
    }
    const head = await t.checking;
    if (t.seq !== null && head <= t.seq) return;
    if (t.seq !== null) this.invalidateTenant(tenantId);
    t.seq = head;
    t.heard.clear();
  }

  /** Seqs a commit produced, as the bus reports them (after its invalidation was applied). */
  heard(tenantId: string, seqs: readonly number[]): void {
    const t = this.entries(tenantId);
    if (t.seq === null) return;
    for (const seq of seqs) if (seq > t.seq) t.heard.add(seq);
    while (t.heard.delete(t.seq + 1)) t.seq++;
  }

  /** Entries for the ids that exist in the tenant; unknown ids are absent from the result. */
  async get(tenantId: string, assetIds: readonly string[]): Promise<Map<string, CachedAsset>> {
    const entries = await this.lookup(tenantId, assetIds);
    const found = new Map<string, CachedAsset>();
    entries.forEach((entry, i) => entry && found.set(assetIds[i]!, entry));
    return found;
  }

  /**
   * The hot path's read: entries aligned with `assetIds` (null: not in the tenant), one map probe per
   * cached id. Only misses that pass `loadable` (say, well-formed ids) reach the database.
   */
  async lookup(tenantId: string, assetIds: readonly string[], loadable: (id: string) => boolean = () => true): Promise<Array<CachedAsset | null>> {
    const t = this.entries(tenantId);
    await this.checkSeq(tenantId, t);
    const now = this.now();
    const out = new Array<CachedAsset | null>(assetIds.length).fill(null);
    let misses: number[] | null = null;
    for (let i = 0; i < assetIds.length; i++) {
      const hit = t.assets.get(assetIds[i]!);
      if (hit && now - hit.loadedAt < this.ttlMs) {
        out[i] = hit.entry;
        hit.read = true;
      }
      else if (loadable(assetIds[i]!)) (misses ??= []).push(i);
    }
    if (!misses) return out;
    const pending = new Map<string, Promise<CachedAsset | null>>();
    const toLoad = new Set<string>();
    for (const i of misses) {
      const id = assetIds[i]!;
      const inFlight = t.loading.get(id);
      if (inFlight) pending.set(id, inFlight);
      else toLoad.add(id);
    }
    if (toLoad.size) for (const [id, entry] of this.load(tenantId, t, [...toLoad], now, true)) pending.set(id, entry);
    for (const i of misses) out[i] = await pending.get(assetIds[i]!)!;
    return out;
  }

  /** Starts one load for `ids` and registers it, so that concurrent misses of the same ids join it. */
  private load(tenantId: string, t: TenantEntries, ids: string[], now: number, read: boolean): Map<string, Promise<CachedAsset | null>> {
    const generation = t.generation;
    // An invalidation during the load cleared `loading` and started a new generation: leave that one alone.
    const current = () => t.generation === generation;
    const settled = this.loader.load(tenantId, ids).then(
      (loaded) => {
        const inputs = toStatusInputs(loaded);
        const cacheable = current();
        if (cacheable) for (const id of ids) t.loading.delete(id);
        if (cacheable && t.assets.size + ids.length > MAX_ENTRIES_PER_TENANT) t.assets.clear();
        const entries = new Map<string, CachedAsset | null>();
        for (const id of ids) {
          const input = inputs.get(id);
          const entry = input ? { input, answers: new Map() } : null;
          entries.set(id, entry);
          if (!cacheable) continue;
          t.assets.delete(id);
          t.assets.set(id, { entry, loadedAt: now, read });
        }
        return entries;
      },
      (err: unknown) => {
        if (current()) for (const id of ids) t.loading.delete(id);
        throw err;
      },
    );
    const shared = new Map<string, Promise<CachedAsset | null>>();
    for (const id of ids) {
      const one = settled.then((entries) => entries.get(id) ?? null);
      // A failed load rejects every read that joined it, like the one that started it; none is left unhandled.
      one.catch(() => undefined);
      shared.set(id, one);
      t.loading.set(id, one);
    }
    return shared;
  }

  startRefreshing(): void {
    if (!this.options.refreshAhead || this.refreshTimer) return;
    this.refreshTimer = setInterval(() => void this.refreshDue().catch(() => undefined), 1000);
    this.refreshTimer.unref();
  }

  stopRefreshing(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** One second's share of refresh-ahead: the oldest read entries near their TTL, reloaded a chunk at a time. */
  async refreshDue(): Promise<number> {
    const ahead = this.options.refreshAhead;
    if (!ahead || this.refreshing) return 0;
    this.refreshing = true;
    try {
      let budget = ahead.idsPerSecond;
      for (const [tenantId, t] of this.tenants) {
        const now = this.now();
        const due: string[] = [];
        for (const [id, cached] of t.assets) {
          if (due.length >= budget || now - cached.loadedAt < this.ttlMs - ahead.aheadMs) break;
          if (cached.read && now - cached.loadedAt < this.ttlMs && !t.loading.has(id)) due.push(id);
        }
        budget -= due.length;
        for (let i = 0; i < due.length; i += LOAD_CHUNK) {
          // One chunk at a time: requests run between them. A failed chunk is left to expire and reload on read.
          await Promise.all(this.load(tenantId, t, due.slice(i, i + LOAD_CHUNK), this.now(), false).values()).catch(() => undefined);
        }
        if (budget <= 0) break;
      }
      return ahead.idsPerSecond - budget;
    } finally {
      this.refreshing = false;
    }
  }

  /** Facts only, for callers that evaluate themselves. */
  async inputs(tenantId: string, assetIds: readonly string[]): Promise<Map<string, StatusInput>> {
    const entries = await this.get(tenantId, assetIds);
    return new Map([...entries].map(([id, e]) => [id, e.input]));
  }

  invalidateAssets(tenantId: string, assetIds: Iterable<string>): void {
    const t = this.entries(tenantId);
    this.newGeneration(t);
    for (const id of assetIds) t.assets.delete(id);
  }

  invalidatePersons(tenantId: string, personIds: Iterable<string>): void {
    const t = this.entries(tenantId);
    this.newGeneration(t);
    const persons = new Set(personIds);
    for (const [assetId, { entry }] of t.assets) {
      if (entry?.input.boxes.some((b) => b.personId !== null && persons.has(b.personId))) t.assets.delete(assetId);
    }
  }

  invalidateAll(): void {
    for (const tenantId of this.tenants.keys()) this.invalidateTenant(tenantId);
  }

  invalidateTenant(tenantId: string): void {
    const t = this.entries(tenantId);
    this.newGeneration(t);
    t.assets.clear();
  }

  /** A load started before a write must not be joined by reads that come after it. */
  private newGeneration(t: TenantEntries): void {
    t.generation++;
    t.loading.clear();
  }
}

type Loaded = Awaited<ReturnType<StatusInputRepository['load']>>;

export function toStatusInputs({ assets, boxes, persons, agreements }: Loaded): Map<string, StatusInput> {
  const agreementsByPerson = new Map<string, StatusInput['persons'][number]['agreements']>();
  for (const a of agreements) {
    const list = agreementsByPerson.get(a.personId) ?? [];
    list.push({
      id: a.id,
      channels: a.channels as string[],
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      withdrawnAt: a.withdrawnAt,
      signedBy: a.signedBy as Signer,
    });
    agreementsByPerson.set(a.personId, list);
  }
  const personFacts = new Map(
    persons.map((p) => [p.id, { id: p.id, birthDate: p.birthDate, deceased: p.deceased, agreements: agreementsByPerson.get(p.id) ?? [] }]),
  );
  const boxesByAsset = new Map<string, StatusInput['boxes']>();
  for (const b of boxes) {
    const list = boxesByAsset.get(b.assetId) ?? [];
    list.push({ id: b.id, personId: b.personId });
    boxesByAsset.set(b.assetId, list);
  }
  const result = new Map<string, StatusInput>();
  for (const a of assets) {
    const assetBoxes = boxesByAsset.get(a.id) ?? [];
    const ids = new Set(assetBoxes.flatMap((b) => (b.personId ? [b.personId] : [])));
    result.set(a.id, {
      basis: a.basis as LegalBasis | null,
      basisValidUntil: a.basisValidUntil,
      boxes: assetBoxes,
      persons: [...ids].flatMap((id) => personFacts.get(id) ?? []),
    });
  }
  return result;
}
