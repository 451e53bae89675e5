import { PHASH_MATCH_DISTANCE } from '@likeness/office-addin/image-hash';
import { perceptualHashOf } from './image-fingerprint';

/** A bank image as the index needs it: its id, exact hash, and where its original lies. */
export interface BankImage {
  id: string;
  sha256: string;
  title: string | null;
  path: string;
}

export interface StoredFingerprint {
  assetId: string;
  sha256: string;
  phash: string | null;
}

/** Persistence of perceptual hashes, so a restart does not decode the whole bank again. */
export interface FingerprintStore {
  bankImages(tenantId: string): Promise<BankImage[]>;
  load(tenantId: string): Promise<StoredFingerprint[]>;
  save(tenantId: string, rows: StoredFingerprint[]): Promise<void>;
}

export interface ContentMatch {
  assetId: string;
  title: string | null;
  match: 'sha256' | 'perceptual';
  distance: number | null;
}

interface Entry {
  sha256: string;
  title: string | null;
  hi: number;
  lo: number;
  hasHash: boolean;
}

/**
 * Finds bank images by content: exact SHA-256 first, else the nearest perceptual hash within
 * PHASH_MATCH_DISTANCE bits. Each tenant's hashes are kept in memory and brought up to date with the bank on
 * every lookup (one query); images not yet hashed are decoded once and stored.
 */
export class FingerprintIndex {
  private readonly tenants = new Map<string, Map<string, Entry>>();
  private readonly loading = new Map<string, Promise<Map<string, Entry>>>();

  constructor(
    private readonly store: FingerprintStore,
    private readonly maxPixels: number,
  ) {}

  async lookup(tenantId: string, queries: Array<{ sha256: string; phash: string | null }>): Promise<Array<ContentMatch | null>> {
    const entries = await this.current(tenantId);
    const bySha = new Map<string, string>();
    for (const [id, e] of entries) bySha.set(e.sha256, id);
    return queries.map((q) => {
      const exact = bySha.get(q.sha256);
      if (exact) return { assetId: exact, title: entries.get(exact)!.title, match: 'sha256', distance: null };
      if (!q.phash) return null;
      const [hi, lo] = split(q.phash);
      let best: { id: string; distance: number } | null = null;
      for (const [id, e] of entries) {
        if (!e.hasHash) continue;
        const distance = popcount(e.hi ^ hi) + popcount(e.lo ^ lo);
        if (distance <= PHASH_MATCH_DISTANCE && (!best || distance < best.distance)) best = { id, distance };
      }
      return best ? { assetId: best.id, title: entries.get(best.id)!.title, match: 'perceptual', distance: best.distance } : null;
    });
  }

  /** Titles of bank images by id (for reports). */
  async titles(tenantId: string): Promise<Map<string, string | null>> {
    const entries = await this.current(tenantId);
    return new Map([...entries].map(([id, e]) => [id, e.title]));
  }

  private async current(tenantId: string): Promise<Map<string, Entry>> {
    // Concurrent lookups of one tenant share one refresh.
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const refresh = this.refresh(tenantId).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, refresh);
    return refresh;
  }

  private async refresh(tenantId: string): Promise<Map<string, Entry>> {
    let entries = this.tenants.get(tenantId);
    const bank = await this.store.bankImages(tenantId);
    if (!entries) {
      entries = new Map();
      const stored = new Map((await this.store.load(tenantId)).map((s) => [s.assetId, s]));
      for (const image of bank) {
        const s = stored.get(image.id);
        if (s && s.sha256 === image.sha256) entries.set(image.id, entry(image, s.phash));
      }
      this.tenants.set(tenantId, entries);
    }
    const inBank = new Set(bank.map((b) => b.id));
    for (const id of entries.keys()) if (!inBank.has(id)) entries.delete(id);
    const missing = bank.filter((b) => entries.get(b.id)?.sha256 !== b.sha256);
    const computed: StoredFingerprint[] = [];
    // Two at a time: sharp uses its own threads, and the API must stay responsive meanwhile.
    for (let i = 0; i < missing.length; i += 2) {
      const batch = missing.slice(i, i + 2);
      const hashes = await Promise.all(batch.map((b) => perceptualHashOf(b.path, this.maxPixels)));
      batch.forEach((b, j) => {
        entries.set(b.id, entry(b, hashes[j]!));
        computed.push({ assetId: b.id, sha256: b.sha256, phash: hashes[j]! });
      });
    }
    for (const b of bank) {
      const e = entries.get(b.id);
      if (e) e.title = b.title;
    }
    if (computed.length) await this.store.save(tenantId, computed);
    return entries;
  }
}

function entry(image: BankImage, phash: string | null): Entry {
  const [hi, lo] = phash ? split(phash) : [0, 0];
  return { sha256: image.sha256, title: image.title, hi, lo, hasHash: phash !== null };
}

function split(phash: string): [number, number] {
  return [parseInt(phash.slice(0, 8), 16) >>> 0, parseInt(phash.slice(8, 16), 16) >>> 0];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
