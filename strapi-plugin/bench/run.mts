/**
 * `npm run bench -- strapi`: Content API `GET /api/articles?populate=*` (25 entries × 4 images) on plain
 * Strapi and on Strapi with the Likeness plugin (real core-server, statuses cached), in the same run.
 * The last line is one JSON object: req/s and p99 for both, and ratio = plugin / plain req/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LikenessServer } from '../test/support/likeness';

const ENTRIES = 25;
const IMAGES = 4;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const here = import.meta.dirname;

async function serve(plugin: boolean, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'serve.mts'), ...(plugin ? ['--plugin'] : [])], {
    cwd: path.join(here, '..'),
    env: { ...process.env, ...env, STRAPI_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}`, token: m[2]! });
    });
    child.once('exit', (code) => reject(new Error(`bench Strapi exited ${code}: ${out.slice(-2000)}`)));
  });
}

async function seed(url: string, token: string, photos: Array<{ bytes: Buffer; name: string }>) {
  const auth = { authorization: `Bearer ${token}` };
  const ids: number[] = [];
  for (const p of photos) {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(p.bytes)], { type: 'image/jpeg' }), p.name);
    const res = await fetch(`${url}/api/upload`, { method: 'POST', body: form, headers: auth });
    ids.push(((await res.json()) as Array<{ id: number }>)[0]!.id);
  }
  for (let i = 0; i < ENTRIES; i++) {
    const own = ids.slice(i * IMAGES, i * IMAGES + IMAGES);
    const res = await fetch(`${url}/api/articles`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { title: `Article ${i}`, slug: `article-${i}`, cover: own[0], gallery: own.slice(1) } }),
    });
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  }
}

/** Closed-loop load: CONCURRENCY workers, each sending the next request when the last one answered. */
async function load(url: string, token: string, ms: number) {
  const target = `${url}/api/articles?populate=*&pagination[pageSize]=25`;
  const latencies: number[] = [];
  const deadline = Date.now() + ms;
  let images = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const t = performance.now();
        const res = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { data: Array<{ cover: unknown; gallery: unknown[] }> };
        latencies.push(performance.now() - t);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        images = body.data.reduce((n, a) => n + (a.cover ? 1 : 0) + (a.gallery?.length ?? 0), 0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: Math.round((latencies.length / ms) * 1000 * 10) / 10, p99: Math.round(latencies[Math.floor(latencies.length * 0.99)]! * 10) / 10, images };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-bench-strapi-'));
const likeness = await LikenessServer.start(dir);
const children: ChildProcess[] = [];
try {
  const photos = [];
  for (let i = 0; i < ENTRIES * IMAGES; i++) photos.push(await likeness.approvedAsset(500 + i, `Bench ${i}`));
  const key = await likeness.apiKey(['status:read', 'assets:read', 'usages:write', 'settings:read']);
  const plain = await serve(false, {});
  children.push(plain.child);
  const withPlugin = await serve(true, { LIKENESS_URL: likeness.url, LIKENESS_KEY: key });
  children.push(withPlugin.child);
  await seed(plain.url, plain.token, photos);
  await seed(withPlugin.url, withPlugin.token, photos);
  // Warm both (JIT, caches), then alternate the measured rounds so drift hits both alike.
  await load(plain.url, plain.token, 1_500);
  await load(withPlugin.url, withPlugin.token, 1_500);
  const rounds = { plain: [] as Array<{ rps: number; p99: number; images: number }>, plugin: [] as Array<{ rps: number; p99: number; images: number }> };
  for (let r = 0; r < 2; r++) {
    rounds.plain.push(await load(plain.url, plain.token, DURATION_MS / 2));
    rounds.plugin.push(await load(withPlugin.url, withPlugin.token, DURATION_MS / 2));
  }
  const avg = (xs: Array<{ rps: number; p99: number }>, k: 'rps' | 'p99') => Math.round((xs.reduce((s, x) => s + x[k], 0) / xs.length) * 10) / 10;
  const result = {
    bench: 'strapi',
    entries: ENTRIES,
    imagesPerEntry: IMAGES,
    concurrency: CONCURRENCY,
    plain: { rps: avg(rounds.plain, 'rps'), p99Ms: avg(rounds.plain, 'p99'), imagesInResponse: rounds.plain[0]!.images },
    plugin: { rps: avg(rounds.plugin, 'rps'), p99Ms: avg(rounds.plugin, 'p99'), imagesInResponse: rounds.plugin[0]!.images },
    ratio: 0,
  };
  result.ratio = Math.round((result.plugin.rps / result.plain.rps) * 1000) / 1000;
  if (result.plugin.imagesInResponse !== ENTRIES * IMAGES) throw new Error(`the plugin hid approved images: ${result.plugin.imagesInResponse} of ${ENTRIES * IMAGES}`);
  console.log(JSON.stringify(result));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await likeness.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
