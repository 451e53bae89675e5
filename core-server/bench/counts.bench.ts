/**
 * `npm run bench -- counts [--assets 100000] [--persons 20000] [--agreements 32000] [--requests 200]`
 *
 * The dashboard's overview numbers at the size of a large municipality: GET /api/v1/assets/counts
 * (every channel and status) and GET /api/v1/persons/counts (every register filter), timed one after
 * the other over `--requests` calls each (goal: p99 ≤ 50 ms). Baseline, in the same run: what the
 * dashboard did before, paging the list to the end for one number (web/approved files, persons
 * missing consent); it also proves the counts equal the paged truth. Embedded SQLite, or a fresh
 * PostgreSQL database with DATABASE_URL=postgres://…. Then the access export of one person in
 * `--export-files` photos (default 500): wall time from request to finished zip, its size, peak RSS.
 * The last line of stdout is one JSON object.
 */
import { parseArgs } from 'node:util';
import { PERMISSIONS, type AssetCounts, type PersonCounts } from '@likeness/shared';
import type { RequestContext } from '../src/kernel/request-context';
import { prng, quantile, round, startBenchServer, type BenchMain, type BenchServer } from './support';
import { seed } from './status-seed';
import { exportPersonBench } from './export-person';

const GOAL_P99_MS = 50;
const RECOMPUTE_TIMEOUT_MS = 20 * 60_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

function options(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { assets: { type: 'string' }, persons: { type: 'string' }, agreements: { type: 'string' }, requests: { type: 'string' }, 'export-files': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return null;
  const int = (name: 'assets' | 'persons' | 'agreements' | 'requests' | 'export-files', fallback: number, min: number, max: number) => {
    const raw = values[name];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got "${raw}".`);
    return n;
  };
  return { assets: int('assets', 100_000, 1, 1_000_000), persons: int('persons', 20_000, 1, 200_000), agreements: int('agreements', 32_000, 0, 400_000), requests: int('requests', 200, 10, 10_000), exportFiles: int('export-files', 500, 1, 10_000) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const main: BenchMain = async (args) => {
  const o = options(args);
  if (!o) {
    log('counts bench: GET /assets/counts and /persons/counts on a large seeded bank, against paging the lists.\n  --assets <n> --persons <n> --agreements <n>   (default 100000 / 20000 / 32000)\n  --requests <n>   timed calls of each endpoint (default 200)\n  --export-files <n>   photos of the exported person (default 500)');
    return 0;
  }
  let bench: BenchServer | null = null;
  try {
    bench = await startBenchServer();
    const { server, db } = bench;
    log(`counts bench: ${db}, node ${process.version}`);
    const seeded = await timed(() => seed(server.services.db, o, prng(0xc0_047), Date.now()));
    const { tenantId } = seeded.value;
    log(`seeded ${o.assets} assets, ${o.persons} persons, ${o.agreements} agreements in ${(seeded.ms / 1000).toFixed(1)} s`);
    const ctx: RequestContext = { tenantId, actor: { type: 'system', id: null, label: 'bench' }, role: 'owner', permissions: PERMISSIONS, sessionTokenHash: null, ip: null, userAgent: null };
    const { key } = await server.services.apiKeys.create(ctx, { name: 'counts bench', scopes: ['assets:read', 'persons:read'], public: false });
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };

    // The seed writes rows directly; the engine records every status as a settings change would make it.
    const recompute = await timed(async () => {
      await server.services.infra.jobs.add('tenant.recompute', { tenantId });
      const deadline = Date.now() + RECOMPUTE_TIMEOUT_MS;
      for (;;) {
        const c = await get<AssetCounts>('/api/v1/assets/counts');
        if (c.channels.every((ch) => Object.values(ch.counts).reduce((a, b) => a + b, 0) === c.total)) return c;
        if (Date.now() > deadline) throw new Error('the statuses were not all recorded in time');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    });
    log(`statuses of ${o.assets} files × ${recompute.value.channels.length} channels recorded in ${(recompute.ms / 1000).toFixed(1)} s`);

    // `before` runs untimed ahead of each call: a register write, for the counts' cost right after one.
    const series = async (path: string, before?: () => Promise<unknown>) => {
      for (let i = 0; i < 10; i++) await get(path); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        await before?.();
        ms.push((await timed(() => get(path))).ms);
      }
      ms.sort((a, b) => a - b);
      return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
    };
    const assets = await series('/api/v1/assets/counts');
    const persons = await series('/api/v1/persons/counts');
    // The person counts are kept until the next committed change: this is what the first read after a write costs.
    const someone = (await server.services.db.person.findFirstOrThrow({ where: { tenantId }, select: { id: true } })).id;
    let note = 0;
    const personsAfterWrite = await series('/api/v1/persons/counts', () => server.services.persons.update(ctx, someone, { notes: `bench ${++note}` }));
    log(`GET /assets/counts:  p50 ${assets.p50.toFixed(1)} ms, p99 ${assets.p99.toFixed(1)} ms over ${o.requests} calls`);
    log(`GET /persons/counts: p50 ${persons.p50.toFixed(1)} ms, p99 ${persons.p99.toFixed(1)} ms over ${o.requests} calls; right after a write: p50 ${personsAfterWrite.p50.toFixed(1)} ms, p99 ${personsAfterWrite.p99.toFixed(1)} ms`);

    // Baseline and truth: page the lists to the end for one number each.
    const page = async (path: string) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const body: { items: unknown[]; nextCursor: string | null } = await get(`${path}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        n += body.items.length;
        cursor = body.nextCursor;
      } while (cursor);
      return n;
    };
    const pagedAssets = await timed(() => page('/api/v1/assets?channel=web&status=approved'));
    const pagedPersons = await timed(() => page('/api/v1/persons?filter=missing_consent'));
    const [finalAssets, finalPersons] = [await get<AssetCounts>('/api/v1/assets/counts'), await get<PersonCounts>('/api/v1/persons/counts')];
    const countedAssets = finalAssets.channels.find((c) => c.channel === 'web')!.counts.approved;
    const equal = countedAssets === pagedAssets.value && finalPersons.filters.missing_consent === pagedPersons.value;
    log(`paging the list for one number: web/approved files ${pagedAssets.value} in ${(pagedAssets.ms / 1000).toFixed(2)} s (counts say ${countedAssets}); persons missing consent ${pagedPersons.value} in ${(pagedPersons.ms / 1000).toFixed(2)} s (counts say ${finalPersons.filters.missing_consent})`);
    const exported = await exportPersonBench(server, tenantId, o.exportFiles);
    log(`export of a person in ${exported.files} photos: ${(exported.ms / 1000).toFixed(2)} s, zip ${exported.zipMb.toFixed(1)} MB, RSS ${exported.rssBeforeMb.toFixed(0)} → peak ${exported.peakRssMb.toFixed(0)} MB`);
    const met = assets.p99 <= GOAL_P99_MS && persons.p99 <= GOAL_P99_MS;
    log(`goal p99 ≤ ${GOAL_P99_MS} ms: ${met ? 'met' : 'NOT met'}; counts equal the paged lists: ${equal ? 'yes' : 'NO'}`);
    log(
      JSON.stringify({
        bench: 'counts',
        db,
        assets: o.assets,
        persons: o.persons,
        assets_counts_p50_ms: round(assets.p50),
        assets_counts_p99_ms: round(assets.p99),
        persons_counts_p50_ms: round(persons.p50),
        persons_counts_p99_ms: round(persons.p99),
        persons_counts_after_write_p50_ms: round(personsAfterWrite.p50),
        persons_counts_after_write_p99_ms: round(personsAfterWrite.p99),
        goal_p99_ms: GOAL_P99_MS,
        goal_met: met,
        baseline_paged_assets_ms: round(pagedAssets.ms),
        baseline_paged_persons_ms: round(pagedPersons.ms),
        assets_speedup: round(pagedAssets.ms / assets.p50, 1),
        persons_speedup: round(pagedPersons.ms / persons.p50, 1),
        counts_equal_paged: equal,
        recompute_s: round(recompute.ms / 1000, 1),
        export_files: exported.files,
        export_ms: round(exported.ms),
        export_zip_mb: round(exported.zipMb, 1),
        export_rss_before_mb: round(exported.rssBeforeMb),
        export_peak_rss_mb: round(exported.peakRssMb),
      }),
    );
    return equal ? 0 : 1;
  } finally {
    await bench?.stop();
  }
};

export default main;
