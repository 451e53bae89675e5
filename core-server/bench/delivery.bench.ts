/**
 * `npm run bench -- delivery [--duration 8] [--rounds 2] [--connections 32]`
 *
 * Consent-enforced delivery (GET /d/<publicId>/<channel>/1280.webp) once the resized image is cached on disk,
 * against a static file server (express.static) sending the very same file from the same process, in the
 * same run. Each Likeness request still checks the organisation's delivery channels and the file's current
 * status. Goal: ≥ 0.7 of the static server's req/s. The last line of stdout is one JSON object.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { PERMISSIONS, deliveryPath } from '@likeness/shared';
import type { RequestContext } from '../src/kernel/request-context';
import { LoadGenerator, type LoadJob, type LoadResult } from './loadgen';
import { round, startBenchServer, table, type BenchMain, type BenchServer } from './support';
import { photo } from '../test/support/media';

const GOAL_RATIO = 0.7;
const log = (line: string) => process.stdout.write(`${line}\n`);

function clean(label: string, r: LoadResult): LoadResult {
  if (r.errors || r.non2xx || r.ok === 0) throw new Error(`${label}: ${r.ok} ok, ${r.errors} errors, ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}`);
  return r;
}

const main: BenchMain = async (args) => {
  const { values } = parseArgs({ args, strict: true, options: { duration: { type: 'string' }, rounds: { type: 'string' }, connections: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    log('delivery bench: cached /d/… delivery against express.static serving the same file.\n  --duration <s> (8)  --rounds <n> (2)  --connections <n> (32)');
    return 0;
  }
  const duration = Number(values.duration ?? 8);
  const rounds = Number(values.rounds ?? 2);
  const connections = Number(values.connections ?? 32);
  let bench: BenchServer | null = null;
  let load: LoadGenerator | null = null;
  let baseline: http.Server | null = null;
  try {
    bench = await startBenchServer();
    const { server } = bench;
    const tenant = await server.services.repos.tenants.create({ slug: 'delivery', name: 'Delivery bench', channels: ['web'] });
    const ctx: RequestContext = { tenantId: tenant.id, actor: { type: 'system', id: null, label: 'bench' }, role: 'owner', permissions: PERMISSIONS, sessionTokenHash: null, ip: null, userAgent: null };
    const { key } = await server.services.apiKeys.create(ctx, { name: 'delivery bench', scopes: ['assets:read', 'assets:write', 'assets:basis', 'settings:write'], public: false });
    const call = async (method: string, p: string, body?: unknown | FormData) => {
      const res = await fetch(server.url + p, { method, headers: { authorization: `Bearer ${key}`, ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) }, body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    await call('PATCH', '/api/v1/settings', { deliveryChannels: ['web'] });
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(photo('cage.jpg'))], { type: 'image/jpeg' }), 'cage.jpg');
    const asset = await call('POST', '/api/v1/assets', form);
    await call('PUT', `/api/v1/assets/${asset.id}/basis`, { basis: 'public_task' });
    const { publicId, storageKey } = (await server.services.db.asset.findUniqueOrThrow({ where: { id: asset.id as string } })) as { publicId: string; storageKey: string };
    const likenessPath = deliveryPath(publicId, 'web', 1280);
    const first = await fetch(server.url + likenessPath);
    if (first.status !== 200) throw new Error(`first delivery: ${first.status}`);
    const bytes = (await first.arrayBuffer()).byteLength;
    const folder = path.dirname(server.services.storage.pathOf(`${storageKey}/original`));
    const cached = fs.readdirSync(folder).find((f) => f.startsWith('delivery-'))!;

    // Baseline: the same bytes from the same disk, by express.static in the same process.
    const app = express();
    app.use('/static', express.static(folder));
    baseline = http.createServer(app);
    await new Promise<void>((resolve) => baseline!.listen(0, '127.0.0.1', resolve));
    const baselineOrigin = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;
    log(`delivery bench: ${bench.db}, node ${process.version}, ${bytes} bytes per response, ${connections} connections, ${duration} s per run`);

    load = new LoadGenerator();
    const job = (origin: string, p: string, seconds: number): LoadJob => ({ origin, method: 'GET', path: p, headers: {}, bodies: [''], connections, durationSeconds: seconds });
    clean('warm-up likeness', await load.run(job(server.url, likenessPath, 2)));
    clean('warm-up baseline', await load.run(job(baselineOrigin, `/static/${cached}`, 2)));
    const runs: Array<{ target: 'baseline' | 'likeness'; r: LoadResult }> = [];
    for (let i = 0; i < rounds; i++) {
      for (const target of ['baseline', 'likeness'] as const) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const r = clean(target, await load.run(target === 'baseline' ? job(baselineOrigin, `/static/${cached}`, duration) : job(server.url, likenessPath, duration)));
        runs.push({ target, r });
      }
    }
    const best = (t: 'baseline' | 'likeness') => runs.filter((x) => x.target === t).reduce((a, b) => (b.r.rps > a.r.rps ? b : a)).r;
    const b = best('baseline');
    const l = best('likeness');
    const ratio = l.rps / b.rps;
    log(table(['run', 'req/s', 'p50 ms', 'p99 ms'], runs.map(({ target, r }) => [target, r.rps.toFixed(0), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2)])));
    log(`ratio ${ratio.toFixed(2)} of the static server (goal ≥ ${GOAL_RATIO}): ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`);
    log(JSON.stringify({ bench: 'delivery', db: bench.db, bytes, connections, ratio: round(ratio), goal_ratio: GOAL_RATIO, goal_met: ratio >= GOAL_RATIO, likeness_rps: round(l.rps, 0), baseline_rps: round(b.rps, 0), likeness_p99_ms: round(l.p99Ms), baseline_p99_ms: round(b.p99Ms) }));
    return 0;
  } finally {
    await load?.close();
    await new Promise((resolve) => (baseline ? baseline.close(resolve) : resolve(undefined)));
    await bench?.stop();
  }
};

export default main;
