/**
 * push bench, soak mode (`--soak <s>`): one node (embedded SQLite), N socket.io clients, status batch
 * requests at a steady 200/s from a load generator thread, and a withdrawal every 10 s (re-approved
 * between withdrawals) for <s> seconds. Counts errors (HTTP errors, failed writes, dropped sockets)
 * and hides that never arrived, and samples the server's RSS every 5 s: the slope (least squares,
 * after the first minute, when caches and JIT have settled) says whether memory grows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { unwrap } from '@likeness/sdk';
import { LoadGenerator, type LoadResult } from './loadgen';
import { ClientPool, now, sleep, type ClientKind } from './push-clients';
import { rssMb, startNode } from './push-nodes';
import { NODE_ENV_BASE, agreementBody, seed, withdraw } from './push-seed';
import { quantile, round } from './support';

const STATUS_RATE = 200;
const WITHDRAW_EVERY_MS = 10_000;
const RSS_EVERY_MS = 5_000;
const SETTLE_MS = 60_000;

export interface SoakOptions {
  seconds: number;
  clients: number;
  threads: number;
  client: ClientKind;
  assets: number;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function runSoak(o: SoakOptions, log: (line: string) => void) {
  log(`push soak: ${o.clients} clients, ${STATUS_RATE} status requests/s, a withdrawal every ${WITHDRAW_EVERY_MS / 1000} s, for ${o.seconds} s, node ${process.version}, ${os.cpus().length} CPUs`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-push-soak-'));
  const node = await startNode('A', {
    ...NODE_ENV_BASE,
    DATABASE_URL: `file:${path.join(dir, 'soak.db')}`,
    LIKENESS_DATA_DIR: dir,
  });
  const load = new LoadGenerator();
  let pool: ClientPool | null = null;
  try {
    const seeded = await seed(node.url, o.assets, randomBytes(2).readUInt16BE(0));
    const chosen = seeded.assetIds[0]!;
    pool = await ClientPool.start(Math.min(o.threads, o.clients), o.client);
    const connected = await pool.connect(o.clients, [node.url], seeded.apiKey);
    if (connected.connected !== o.clients) throw new Error(`only ${connected.connected} of ${o.clients} clients connected: ${connected.errors.join('; ')}`);
    log(`  ${o.clients} clients connected; server RSS ${rssMb(node.child.pid!).toFixed(0)} MB`);

    const started = now();
    const statusLoad: Promise<LoadResult> = load.run({
      origin: node.url,
      method: 'POST',
      path: '/api/v1/status/batch',
      headers: { authorization: `Bearer ${seeded.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      bodies: [JSON.stringify({ channel: 'web', assetIds: seeded.assetIds })],
      connections: 8,
      durationSeconds: o.seconds,
      rate: STATUS_RATE,
    });
    const rss: Array<[number, number]> = [];
    const sampler = setInterval(() => rss.push([(now() - started) / 60_000, rssMb(node.child.pid!)]), RSS_EVERY_MS);

    let agreementId = seeded.agreementId;
    let withdrawals = 0;
    let writeErrors = 0;
    let lost = 0;
    let disconnected = 0;
    const fromRequest: number[] = [];
    for (let tick = 1; now() - started + WITHDRAW_EVERY_MS <= o.seconds * 1000; tick++) {
      try {
        await pool.arm(chosen, 'withdrawn', seeded.assetIds);
        const { tSend } = await withdraw(node.url, seeded.cookie, agreementId);
        withdrawals++;
        const got = await pool.collect(WITHDRAW_EVERY_MS / 2);
        const missing = got.hit.filter((x) => Number.isNaN(x)).length;
        lost += missing;
        disconnected = Math.max(disconnected, got.disconnected);
        got.hit.forEach((t) => Number.isNaN(t) || fromRequest.push(t - tSend));
        if (missing) log(`  withdrawal ${withdrawals}: ${missing} hides missing (${got.problems.join('; ')})`);
        // Approved again, so that the next withdrawal has something to hide.
        await pool.arm(chosen, 'approved', seeded.assetIds);
        const created = await unwrap(seeded.owner.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: seeded.personId } }, body: agreementBody() }));
        agreementId = created.id;
        await pool.collect(WITHDRAW_EVERY_MS / 4);
      } catch (err) {
        writeErrors++;
        log(`  withdrawal ${withdrawals + 1} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      const wait = started + tick * WITHDRAW_EVERY_MS - now();
      if (wait > 0) await sleep(wait);
      if (tick % 6 === 0) log(`  ${((now() - started) / 1000).toFixed(0)} s: ${withdrawals} withdrawals, ${lost} hides lost, RSS ${rss.at(-1)?.[1].toFixed(0) ?? '?'} MB`);
    }
    const status = await statusLoad;
    clearInterval(sampler);
    const settled = rss.filter(([minute]) => minute * 60_000 >= Math.min(SETTLE_MS, (o.seconds * 1000) / 2));
    const sorted = Float64Array.from(fromRequest).sort();
    const errors = status.errors + status.non2xx + writeErrors + disconnected;
    const summary = {
      bench: 'push',
      mode: 'soak',
      duration_s: o.seconds,
      clients: o.clients,
      status_requests: status.ok,
      status_rps: round(status.rps, 1),
      status_p99_ms: round(status.p99Ms),
      withdrawals,
      errors,
      errors_detail: { http: status.errors, non2xx: status.non2xx, writes: writeErrors, disconnected_clients: disconnected },
      lost,
      p99_ms: round(quantile(sorted, 0.99)),
      rss_mb: round(Math.max(...rss.map(([, mb]) => mb)), 1),
      rss_first_mb: round(settled[0]?.[1] ?? NaN, 1),
      rss_last_mb: round(settled.at(-1)?.[1] ?? NaN, 1),
      rss_slope_mb_per_min: round(slope(settled), 2),
    };
    log(
      `soak: ${withdrawals} withdrawals, ${lost} hides lost, hide p99 from the request ${summary.p99_ms} ms; ${status.ok} status requests ` +
        `(${summary.status_rps}/s, p99 ${summary.status_p99_ms} ms); errors ${errors}; RSS ${summary.rss_first_mb} → ${summary.rss_last_mb} MB ` +
        `(slope ${summary.rss_slope_mb_per_min} MB/min after the first ${SETTLE_MS / 1000} s)`,
    );
    return summary;
  } finally {
    await pool?.close();
    await load.close();
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
