import { describe, expect, it } from 'vitest';
import type { StatusInputRepository } from '../src/modules/status/status.repository';
import { FACTS_TTL_MS, StatusInputCache } from '../src/modules/status/status-input.cache';
import { countingLoader, factsOf } from './support/status-facts';

/** A loader whose loads the test finishes by hand, answering each id with the basis it holds at that moment. */
function gatedRig() {
  const basis = new Map<string, string>();
  const pending: Array<{ ids: string[]; finish: () => void }> = [];
  const loader = {
    load: (_tenantId: string, ids: string[]) =>
      new Promise((resolve) => {
        const snapshot = factsOf(ids, (id) => basis.get(id) ?? 'consent');
        pending.push({ ids: [...ids], finish: () => resolve(snapshot) });
      }),
  } as unknown as StatusInputRepository;
  const cache = new StatusInputCache(loader, { head: async () => 0 });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { cache, basis, pending, settle };
}

describe('the facts cache under concurrent misses', () => {
  it('concurrent reads of the same ids share one load', async () => {
    const r = gatedRig();
    const reads = [r.cache.get('t', ['a', 'b']), r.cache.get('t', ['b', 'c']), r.cache.get('t', ['a'])];
    await r.settle();
    expect(r.pending.map((p) => p.ids)).toEqual([['a', 'b'], ['c']]);
    for (const p of r.pending) p.finish();
    expect((await Promise.all(reads)).map((found) => [...found.keys()].sort())).toEqual([['a', 'b'], ['b', 'c'], ['a']]);
    // Cached now: no further load.
    await r.cache.get('t', ['a', 'b', 'c']);
    expect(r.pending).toHaveLength(2);
  });

  it('a read that comes after a write does not join a load that started before it', async () => {
    const r = gatedRig();
    const before = r.cache.get('t', ['a']);
    await r.settle();
    // The write commits while the first load is under way, and invalidates.
    r.basis.set('a', 'contract');
    r.cache.invalidateAssets('t', ['a']);
    const after = r.cache.get('t', ['a']);
    await r.settle();
    expect(r.pending).toHaveLength(2);
    for (const p of r.pending) p.finish();
    expect((await before).get('a')?.input.basis).toBe('consent');
    expect((await after).get('a')?.input.basis).toBe('contract');
    // Only the load that started after the write was kept.
    expect((await r.cache.get('t', ['a'])).get('a')?.input.basis).toBe('contract');
    expect(r.pending).toHaveLength(2);
  });

  it('a failed load fails the reads that joined it, and the next read loads again', async () => {
    let fail = true;
    const loader = {
      load: async (_t: string, ids: string[]) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (fail) throw new Error('database went away');
        return factsOf(ids);
      },
    } as unknown as StatusInputRepository;
    const cache = new StatusInputCache(loader, { head: async () => 0 });
    const reads = [cache.get('t', ['a']), cache.get('t', ['a'])].map((p) => p.then(() => 'ok', (e: Error) => e.message));
    expect(await Promise.all(reads)).toEqual(['database went away', 'database went away']);
    fail = false;
    expect([...(await cache.get('t', ['a'])).keys()]).toEqual(['a']);
  });
});

describe('refresh-ahead', () => {
  function rig() {
    let clock = 1_000_000;
    const { loader, loads } = countingLoader();
    const cache = new StatusInputCache(loader, { head: async () => 0, now: () => clock, refreshAhead: { aheadMs: 10_000, idsPerSecond: 2 } });
    return { cache, loads, tick: (ms: number) => (clock += ms) };
  }

  it('reloads the oldest read facts before their TTL, within the budget, so reads then find them fresh', async () => {
    const r = rig();
    await r.cache.get('t', ['a', 'b']);
    r.tick(1_000);
    await r.cache.get('t', ['c']);
    // Not yet within aheadMs of the TTL: nothing to do.
    r.tick(FACTS_TTL_MS - 12_000);
    expect(await r.cache.refreshDue()).toBe(0);
    r.tick(2_000); // a, b are 10 s from their TTL, c 11 s
    await r.cache.get('t', ['a', 'b', 'c']); // read again (a hit marks them read)
    expect(await r.cache.refreshDue()).toBe(2);
    expect(r.loads.slice(2)).toEqual([['a', 'b']]);
    r.tick(1_000);
    expect(await r.cache.refreshDue()).toBe(1);
    expect(r.loads.slice(3)).toEqual([['c']]);
    // Past the original TTL every read is a hit: the refreshes took the reloads off the request path.
    r.tick(9_000);
    await r.cache.get('t', ['a', 'b', 'c']);
    expect(r.loads).toHaveLength(4);
  });

  it('leaves facts nobody read since their load to expire', async () => {
    const r = rig();
    await r.cache.get('t', ['a']);
    r.tick(FACTS_TTL_MS - 5_000);
    await r.cache.get('t', ['a']);
    expect(await r.cache.refreshDue()).toBe(1);
    // Refreshed, then not read again: the next pass does not reload it.
    r.tick(FACTS_TTL_MS - 5_000);
    expect(await r.cache.refreshDue()).toBe(0);
    expect(r.loads).toHaveLength(2);
  });
});
