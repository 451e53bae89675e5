/**
 * `npm run bench -- status [--duration 10] [--warmup 3] [--rounds 2] [--connections 64] [--ids 100]`
 *
 * Starts the real server on a fresh embedded DB (or, with DATABASE_URL=postgres://…, a fresh
 * Postgres database on that server) seeded with 10,000 assets, 5,000 persons and 8,000 agreements,
 * then drives POST /api/v1/status/batch (100 ids per request, 64 connections) and, in the same run,
 * a bare Express endpoint answering a static JSON of the same size. Baseline and Likeness run
 * alternately; the best of the rounds counts for each. Goal: ratio ≥ 0.6 and p99 ≤ 1.5× the baseline's p99.
 * The last line of stdout is one JSON object with the figures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express from 'express';
import { PERMISSIONS, type StatusBatchResponse } from '@likeness/shared';
import type { RequestContext } from '../src/kernel/request-context';
import { LoadGenerator, type LoadJob, type LoadResult } from './loadgen';
import { prng, round, startBenchServer, table, type BenchMain, type BenchServer } from './support';
import { requestBodies, seed } from './status-seed';

const PATH = '/api/v1/status/batch';
const GOAL_RATIO = 0.6;
/** p99 at most this multiple of the baseline's p99 in the same run (absolute figures move with the machine's load). */
const GOAL_P99_FACTOR = 1.5;

const HELP = `status bench: POST ${PATH} against a bare Express baseline.
  --duration <s>     measured seconds per run (default 10)
  --warmup <s>       unmeasured warm-up per target (default 3)
  --rounds <n>       baseline/likeness pairs; best of n counts (default 2)
  --connections <n>  concurrent connections (default 64)
  --ids <n>          asset ids per request (default 100)
  --bodies <n>       distinct request bodies to rotate through (default 128)
  --unknown <f>      fraction of ids per request that are unknown (random) UUIDs (default 0)
  --rate <req/s>     drive both targets at this fixed overall rate instead of flat out: p99 then
                     shows service time at that load rather than queueing behind 64 connections
  --assets <n> --persons <n> --agreements <n>   data set size (default 10000 / 5000 / 8000)
Set DATABASE_URL=postgres://… to run on a fresh database on that Postgres server.`;

interface Options {
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  ids: number;
  bodies: number;
  unknown: number;
  rate: number;
  assets: number;
  persons: number;
  agreements: number;
}

function parseOptions(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      ids: { type: 'string' },
      bodies: { type: 'string' },
      unknown: { type: 'string' },
      rate: { type: 'string' },
      assets: { type: 'string' },
      persons: { type: 'string' },
      agreements: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const num = (name: keyof Options, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got "${raw}".`);
    return n;
  };
  const o: Options = {
    duration: num('duration', 10, 1, 3600),
    warmup: num('warmup', 3, 0, 600),
    rounds: Math.round(num('rounds', 2, 1, 20)),
    connections: Math.round(num('connections', 64, 1, 10_000)),
    ids: Math.round(num('ids', 100, 1, 500)),
    bodies: Math.round(num('bodies', 128, 1, 10_000)),
    unknown: num('unknown', 0, 0, 1),
    rate: Math.round(num('rate', 0, 0, 1_000_000)),
    assets: Math.round(num('assets', 10_000, 1, 1_000_000)),
    persons: Math.round(num('persons', 5_000, 1, 1_000_000)),
    agreements: Math.round(num('agreements', 8_000, 0, 1_000_000)),
  };
  if (o.ids > o.assets) throw new Error('--ids cannot exceed --assets.');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Baseline

async function startBaseline(payload: Buffer): Promise<{ origin: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.post(PATH, express.json({ limit: '1mb' }), (_req, res) => {
    res.type('application/json').send(payload);
  });
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------

function assertClean(label: string, r: LoadResult): void {
  if (r.errors || r.non2xx || r.ok === 0) {
    throw new Error(`${label}: ${r.ok} ok, ${r.errors} errors (${r.timeouts} timeouts), ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}`);
  }
}

const fmtMs = (ms: number) => ms.toFixed(2);
const fmtRps = (rps: number) => rps.toFixed(0);
const log = (line: string) => process.stdout.write(`${line}\n`);

const main: BenchMain = async (args) => {
  const o = parseOptions(args);
  if (!o) {
    log(HELP);
    return 0;
  }

  const started = Date.now();
  const rnd = prng(0x11fe_2e55);
  let bench: BenchServer | null = null;
  let baseline: Awaited<ReturnType<typeof startBaseline>> | null = null;
  let load: LoadGenerator | null = null;
  try {
    bench = await startBenchServer();
    const { server, db } = bench;
    log(`status bench: ${db} (${bench.databaseUrl.replace(/\/\/[^@/]*@/, '//')}), server ${server.url}, node ${process.version}`);

    const t0 = Date.now();
    const seeded = await seed(server.services.db, o, rnd, Date.now());
    log(`seeded ${o.assets} assets (${seeded.boxes} boxes), ${o.persons} persons, ${o.agreements} agreements in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const ctx: RequestContext = {
      tenantId: seeded.tenantId,
      actor: { type: 'system', id: null, label: 'bench' },
      role: 'owner',
      permissions: PERMISSIONS,
      sessionTokenHash: null,
      ip: null,
      userAgent: null,
    };
    const { key } = await server.services.apiKeys.create(ctx, { name: 'status bench', scopes: ['status:read'], public: false });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' };

    // Correctness, once, over every body (this also loads each id once, as a first page view would).
    const bodies = requestBodies(seeded.assetIds, o, rnd);
    const histogram = new Map<string, number>();
    const responses: Buffer[] = [];
    for (const [i, body] of bodies.entries()) {
      const res = await fetch(server.url + PATH, { method: 'POST', headers, body });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`status batch answered ${res.status}: ${bytes.toString().slice(0, 500)}`);
      const json = JSON.parse(bytes.toString()) as StatusBatchResponse;
      const sent = (JSON.parse(body) as { assetIds: string[] }).assetIds;
      if (json.items.length !== o.ids || json.items.some((item, k) => item.assetId !== sent[k])) {
        throw new Error(`response ${i}: expected ${o.ids} items in request order, got ${json.items.length}`);
      }
      for (const item of json.items) histogram.set(item.status, (histogram.get(item.status) ?? 0) + 1);
      responses.push(bytes);
    }
    const total = bodies.length * o.ids;
    const statuses = [...histogram.entries()].sort((a, b) => b[1] - a[1]);
    log(`status histogram (web, ${bodies.length} requests × ${o.ids} ids): ${statuses.map(([s, n]) => `${s} ${n} (${((100 * n) / total).toFixed(1)}%)`).join(', ')}`);
    if (histogram.size < 4) throw new Error(`expected a mix of statuses, got only: ${statuses.map(([s]) => s).join(', ')}`);
    if (o.unknown === 0 && histogram.has('unknown')) throw new Error('seeded assets answered "unknown"');

    // The baseline answers the bytes of a real response of median size.
    const bySize = [...responses].sort((a, b) => a.length - b.length);
    const payload = bySize[Math.floor(bySize.length / 2)]!;
    log(`response size: median ${payload.length} B (min ${bySize[0]!.length}, max ${bySize[bySize.length - 1]!.length}); request ${Buffer.byteLength(bodies[0]!)} B`);
    baseline = await startBaseline(payload);

    load = new LoadGenerator();
    const job = (origin: string, durationSeconds: number): LoadJob => ({
      origin,
      method: 'POST',
      path: PATH,
      headers,
      bodies,
      connections: o.connections,
      durationSeconds,
      ...(o.rate ? { rate: o.rate } : {}),
    });
    const likenessOrigin = server.url;
    const baselineOrigin = baseline.origin;

    if (o.warmup > 0) {
      log(`warm-up: ${o.warmup} s each (not measured)…`);
      assertClean('warm-up likeness', await load.run(job(likenessOrigin, o.warmup)));
      assertClean('warm-up baseline', await load.run(job(baselineOrigin, o.warmup)));
    }

    const runs: { target: 'baseline' | 'likeness'; round: number; r: LoadResult }[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      for (const target of ['baseline', 'likeness'] as const) {
        await new Promise((resolve) => setTimeout(resolve, 300)); // let the sockets of the previous run close
        const r = await load.run(job(target === 'baseline' ? baselineOrigin : likenessOrigin, o.duration));
        assertClean(`${target} #${round}`, r);
        log(`  ${target} #${round}: ${fmtRps(r.rps)} req/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms`);
        runs.push({ target, round, r });
      }
    }
    const best = (target: 'baseline' | 'likeness') =>
      runs.filter((x) => x.target === target).reduce((a, b) => (b.r.rps > a.r.rps ? b : a)).r;
    const b = best('baseline');
    const l = best('likeness');
    const ratio = l.rps / b.rps;

    log('');
    log(
      table(
        ['run', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests'],
        [
          ...runs.map(({ target, round, r }) => [`${target} #${round}`, fmtRps(r.rps), fmtMs(r.p50Ms), fmtMs(r.p90Ms), fmtMs(r.p99Ms), fmtMs(r.maxMs), r.ok]),
          [`baseline (best of ${o.rounds})`, fmtRps(b.rps), fmtMs(b.p50Ms), fmtMs(b.p90Ms), fmtMs(b.p99Ms), fmtMs(b.maxMs), b.ok],
          [`likeness (best of ${o.rounds})`, fmtRps(l.rps), fmtMs(l.p50Ms), fmtMs(l.p90Ms), fmtMs(l.p99Ms), fmtMs(l.maxMs), l.ok],
        ],
      ),
    );
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    log(`ratio likeness/baseline: ${ratio.toFixed(3)} (goal ≥ ${GOAL_RATIO}: ${mark(ratio >= GOAL_RATIO)}); likeness p99 ${fmtMs(l.p99Ms)} ms = ${(l.p99Ms / b.p99Ms).toFixed(2)}× the baseline's (goal ≤ ${GOAL_P99_FACTOR}×: ${mark(l.p99Ms <= GOAL_P99_FACTOR * b.p99Ms)})`);
    log(`${o.connections} connections, ${o.ids} ids/request, ${o.duration} s per run, ${o.rounds} rounds; load generator in a worker thread of this process (shares the cores); total ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const summary = {
      bench: 'status',
      db: bench.db,
      assets: o.assets,
      persons: o.persons,
      agreements: o.agreements,
      ids_per_request: o.ids,
      connections: o.connections,
      rate: o.rate || null,
      duration_s: o.duration,
      rounds: o.rounds,
      unknown_fraction: o.unknown,
      response_bytes: payload.length,
      baseline_rps: round(b.rps, 1),
      baseline_p50_ms: round(b.p50Ms),
      baseline_p99_ms: round(b.p99Ms),
      likeness_rps: round(l.rps, 1),
      likeness_p50_ms: round(l.p50Ms),
      likeness_p99_ms: round(l.p99Ms),
      p99_factor: round(l.p99Ms / b.p99Ms, 2),
      ratio: round(ratio, 3),
    };
    await shutdown();
    log(JSON.stringify(summary));
    return 0;
  } finally {
    await shutdown();
  }

  async function shutdown() {
    const steps = [load?.close(), baseline?.close(), bench?.stop()];
    load = null;
    baseline = null;
    bench = null;
    const results = await Promise.allSettled(steps);
    for (const r of results) if (r.status === 'rejected') console.error('shutdown:', r.reason);
  }
};

export default main;
