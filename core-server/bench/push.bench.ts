/**
 * `npm run bench -- push [--clients 1000] [--rounds 5] [--warmup 1] [--threads 2] [--client wire|socket.io] [--skip-two-nodes] [--soak <s>]`
 *
 * Live push latency: N clients (WebSocket, API key with status:read, namespace /live) are
 * subscribed to one organisation. Each round withdraws the consent of a person whose files are
 * used (PUT /usages) and measures, per client, the time from sending the withdraw request to the
 * `statuses` message that hides one chosen file on channel `web` (`p99_ms`; from the API response
 * beside it as `from_response_p99_ms`). First on one node (embedded SQLite), then on two nodes sharing
 * PostgreSQL and Redis (clients spread evenly, the withdrawal goes through node A). Also prints each
 * server's RSS with the clients connected. `--soak <s>` runs the soak instead (see push-soak.ts).
 *
 * Baseline, in the same run (push-floor.ts): the same clients on a bare `ws` server that sends the
 * very frame Likeness sent to every socket; `p99_vs_baseline` is Likeness's p99 over its p99.
 *
 * The servers are real child processes (`node --import tsx src/main.ts`); the clients live in
 * worker threads of this process, so the thread that takes t0 is idle. Every timestamp is
 * process.hrtime (one monotonic clock for all threads). Goals: p99 ≤ 250 ms on one node,
 * ≤ 500 ms across two, nothing lost, server RSS ≤ 1 GB. The last line of stdout is one JSON object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { unwrap, type LikenessClient } from '@likeness/sdk';
import { adminQuery, table, type BenchMain } from './support';
import { CLIENT_KINDS, ClientPool, now, sleep, type ClientKind } from './push-clients';
import { cpuMs, rssMb, selfCpuMs, startNode, type Node } from './push-nodes';
import { NODE_ENV_BASE, agreementBody, seed, withdraw } from './push-seed';
import { GOAL_RSS_MB, fmt, median, stats, summarize, type PartSummary, type RoundResult } from './push-report';
import { runSoak } from './push-soak';
import { runFloor } from './push-floor';

const GOAL_ONE_MS = 250;
const GOAL_TWO_MS = 500;
/** How long a round waits for every client's event before counting the rest as missing. */
const DEFAULT_PG = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379/8';

const HELP = `push bench: time from a consent withdrawal to the hide arriving at N live clients, against a bare ws baseline.
  --clients <n>      connected clients (default 1000), spread evenly over the nodes
  --rounds <n>       measured withdrawals per setup (default 5)
  --warmup <n>       unmeasured withdrawals first (default 1)
  --assets <n>       files showing the person, all reported as used (default 5)
  --threads <n>      worker threads that host the clients (default 2)
  --client <kind>    wire (default): a lean Engine.IO client that stamps each frame on arrival and
                     decodes it after the round; socket.io: socket.io-client, parsing on arrival
  --skip-two-nodes   only the one-node (SQLite) part
  --soak <s>         instead: one node, the clients plus 200 status requests/s for <s> seconds,
                     a withdrawal every 10 s; reports errors, missed hides and the RSS slope
Two nodes use DATABASE_URL when it is postgres://… (else ${DEFAULT_PG}; a fresh database is
created and dropped) and REDIS_URL (else ${DEFAULT_REDIS}; that db is flushed).`;

interface Options {
  clients: number;
  rounds: number;
  warmup: number;
  assets: number;
  threads: number;
  skipTwoNodes: boolean;
  soakSeconds: number;
  client: ClientKind;
}

function parseOptions(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      clients: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      assets: { type: 'string' },
      threads: { type: 'string' },
      'skip-two-nodes': { type: 'boolean' },
      client: { type: 'string' },
      soak: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const int = (name: 'clients' | 'rounds' | 'warmup' | 'assets' | 'threads' | 'soak', fallback: number, min: number, max: number): number => {
    const raw = values[name];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got "${raw}".`);
    return n;
  };
  return {
    clients: int('clients', 1000, 1, 20_000),
    rounds: int('rounds', 5, 1, 100),
    warmup: int('warmup', 1, 0, 20),
    assets: int('assets', 5, 1, 100),
    threads: int('threads', 2, 1, 16),
    skipTwoNodes: values['skip-two-nodes'] === true,
    soakSeconds: int('soak', 0, 0, 86_400),
    client: clientKind(values.client),
  };
}

function clientKind(raw: string | undefined): ClientKind {
  if (raw === undefined) return 'wire';
  const kind = CLIENT_KINDS.find((k) => k === raw);
  if (!kind) throw new Error(`--client must be one of ${CLIENT_KINDS.join(', ')}, got "${raw}".`);
  return kind;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// One setup (one node or two): connect, withdraw round after round, collect.

async function runPart(label: string, db: PartSummary['db'], nodes: Node[], o: Options, runTag: number): Promise<PartSummary> {
  const [a] = nodes;
  const t = now();
  const seeded = await seed(a!.url, o.assets, runTag);
  log(`  seeded through ${a!.name}: 1 person, ${o.assets} files (basis consent, one box each) used on web, agreement valid, in ${((now() - t) / 1000).toFixed(1)} s`);
  const chosen = seeded.assetIds[0]!;
  let agreementId = seeded.agreementId;

  // Reference: the withdraw round trip with nobody connected (then a fresh agreement for the rounds).
  const apiNoClients: number[] = [];
  for (let k = 0; k < 5; k++) {
    apiNoClients.push(await withdraw(a!.url, seeded.cookie, agreementId).then((w) => w.t0 - w.tSend));
    agreementId = (await unwrap(seeded.owner.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: seeded.personId } }, body: agreementBody() }))).id;
  }
  const apiNoClientsMs = median(apiNoClients.slice(1)); // the first one is cold
  log(`  withdraw round trip with no client connected: ${apiNoClientsMs.toFixed(1)} ms (median of 4, after one cold)`);
  const rssIdleMb = nodes.map((n) => rssMb(n.child.pid!));

  const pool = await ClientPool.start(Math.min(o.threads, o.clients), o.client);
  try {
    const tc = now();
    const c = await pool.connect(o.clients, nodes.map((n) => n.url), seeded.apiKey);
    const connectMs = now() - tc;
    if (c.connected !== o.clients) {
      throw new Error(`only ${c.connected} of ${o.clients} clients got their hello:\n  ${c.errors.join('\n  ')}\n${nodes.map((n) => `${n.name}: ${n.output().slice(-1500)}`).join('\n')}`);
    }
    log(`  ${o.clients} clients connected (${pool.threads.length} client threads, ${nodes.length === 1 ? 'all on A' : `${nodes.map((n, k) => `${Math.ceil((o.clients - k) / nodes.length)} on ${n.name}`).join(', ')}`}) in ${(connectMs / 1000).toFixed(1)} s`);
    await sleep(1000); // let the connection burst's garbage settle before reading RSS
    const rss = nodes.map((n) => rssMb(n.child.pid!));
    log(`  server RSS: ${nodes.map((n, k) => `${n.name} ${rss[k]!.toFixed(0)} MB (${rssIdleMb[k]!.toFixed(0)} MB before the clients)`).join(', ')}`);

    const rounds: RoundResult[] = [];
    let sampleFrame: string | null = null;
    const total = o.warmup + o.rounds;
    for (let r = 0; r < total; r++) {
      if (r > 0) {
        // A fresh agreement; wait until every client has seen every file approved again.
        await pool.arm(chosen, 'approved', seeded.assetIds);
        const created = await unwrap(seeded.owner.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: seeded.personId } }, body: agreementBody() }));
        agreementId = created.id;
        const settled = await pool.collect();
        const missing = settled.hit.filter((x) => Number.isNaN(x)).length + settled.all.filter((x) => Number.isNaN(x)).length;
        if (missing) log(`  warning: ${missing} approval events did not arrive before round ${r + 1}: ${settled.problems.join('; ')}`);
        await sleep(300); // the other channels' approvals of the same batch drain
      }
      await pool.arm(chosen, 'withdrawn', seeded.assetIds);
      const cpu0 = nodes.map((n) => cpuMs(n.child.pid!));
      const self0 = selfCpuMs();
      const { tSend, t0 } = await withdraw(a!.url, seeded.cookie, agreementId);
      const got = await pool.collect();
      sampleFrame = got.sample ?? sampleFrame;
      await sleep(100); // the rest of the batch (other channels) still costs CPU
      const serverCpuMs = nodes.reduce((s, n, k) => s + cpuMs(n.child.pid!) - cpu0[k]!, 0);
      const clientCpuMs = selfCpuMs() - self0;

      const latency = got.hit.map((x) => x - t0);
      const allLatency = got.all.map((x) => x - t0);
      // The withdrawal's events have consecutive seqs; the first in the batch is the smallest seen.
      const seqs = [...got.seq].filter((s) => s >= 0);
      const chosenSeq = seqs.length ? seqs[0]! : -1;
      const firstSeq = await firstSeqOfBatch(seeded.owner, chosenSeq);
      const result: RoundResult = {
        round: r + 1,
        warmup: r < o.warmup,
        latency,
        allLatency,
        fromRequest: got.hit.map((x) => x - tSend),
        apiMs: t0 - tSend,
        chosenPosition: chosenSeq >= 0 && firstSeq >= 0 ? chosenSeq - firstSeq : -1,
        serverCpuMs,
        clientCpuMs,
        problems: got.problems,
        disconnected: got.disconnected,
      };
      rounds.push(result);
      const s = stats([latency]);
      log(
        `  ${result.warmup ? 'warm-up' : 'round'} ${r + 1}: withdraw API ${result.apiMs.toFixed(1)} ms; hide p50 ${fmt(s.p50)} p99 ${fmt(s.p99)} max ${fmt(s.max)} ms, ` +
          `${s.received}/${o.clients} received (${s.nonPositive} ≤ 0), all ${o.assets} files p99 ${fmt(stats([allLatency]).p99)} ms; ` +
          `CPU server ${serverCpuMs.toFixed(0)} ms, clients ${clientCpuMs.toFixed(0)} ms`,
      );
      if (s.received < o.clients) log(`    MISSING ${o.clients - s.received}: ${got.problems.join('; ')}`);
    }
    return { label, db, nodes: nodes.length, clients: o.clients, rounds, rssIdleMb, rssMb: rss, connectMs, apiNoClientsMs, sampleFrame };
  } finally {
    await pool.close();
  }
}

/** The seq of the first event the withdrawal produced: the events before `seq` that belong to the same instant/batch. */
async function firstSeqOfBatch(owner: LikenessClient, seq: number): Promise<number> {
  if (seq < 0) return -1;
  const since = Math.max(0, seq - 200);
  const { data } = await owner.GET('/api/v1/events', { params: { query: { since, limit: 400 } } });
  const events = data?.items ?? [];
  const chosen = events.find((e) => e.seq === seq);
  if (!chosen) return -1;
  const batch = events.filter((e) => e.at === chosen.at && e.newStatus === 'withdrawn');
  return batch.length ? Math.min(...batch.map((e) => e.seq)) : -1;
}

// ---------------------------------------------------------------------------------------------

async function postgresReachable(url: string): Promise<string | null> {
  try {
    await withTimeout(adminQuery(url, 'SELECT 1'), 5000, 'PostgreSQL');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function flushRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => {});
  try {
    await withTimeout(redis.connect(), 5000, 'Redis');
    await redis.flushdb();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    redis.disconnect();
  }
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

const main: BenchMain = async (args) => {
  const o = parseOptions(args);
  if (!o) {
    log(HELP);
    return 0;
  }
  if (o.soakSeconds > 0) {
    const soak = await runSoak({ seconds: o.soakSeconds, clients: o.clients, threads: o.threads, assets: o.assets, client: o.client }, log);
    log(JSON.stringify(soak));
    return soak.errors === 0 && soak.lost === 0 ? 0 : 1;
  }
  const started = now();
  const runTag = randomBytes(2).readUInt16BE(0);
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error('cleanup:', err);
      }
    }
  };

  try {
    log(`push bench: ${o.clients} ${o.client} clients, ${o.rounds} rounds (+${o.warmup} warm-up), ${o.assets} files per withdrawal, node ${process.version}, ${os.cpus().length} CPUs`);

    // -- One node, embedded SQLite
    log('\none node (SQLite):');
    const dir1 = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-push-bench-'));
    cleanups.push(() => fs.rmSync(dir1, { recursive: true, force: true }));
    const a1 = await startNode('A', { ...NODE_ENV_BASE, DATABASE_URL: `file:${path.join(dir1, 'bench.db')}`, LIKENESS_DATA_DIR: dir1 });
    cleanups.push(() => a1.stop());
    const one = await runPart('one node (SQLite)', 'sqlite', [a1], o, runTag);
    await cleanup();
    const floor = one.sampleFrame ? await runFloor(o, one.sampleFrame, log) : null;

    // -- Two nodes, PostgreSQL + Redis
    let two: PartSummary | null = null;
    let skipped: string | null = o.skipTwoNodes ? '--skip-two-nodes' : null;
    if (!skipped) {
      log('\ntwo nodes (PostgreSQL + Redis):');
      const envDb = process.env.DATABASE_URL;
      const pgUrl = envDb && /^postgres(ql)?:\/\//.test(envDb) ? envDb : DEFAULT_PG;
      const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS;
      const pgProblem = await postgresReachable(pgUrl);
      const redisProblem = pgProblem ? null : await flushRedis(redisUrl);
      if (pgProblem) skipped = `PostgreSQL at ${redact(pgUrl)} unreachable (${pgProblem})`;
      else if (redisProblem) skipped = `Redis at ${redact(redisUrl)} unreachable (${redisProblem})`;
      else {
        const name = `likeness_bench_${randomBytes(6).toString('hex')}`;
        await adminQuery(pgUrl, `CREATE DATABASE ${name}`);
        cleanups.push(() => adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        const u = new URL(pgUrl);
        u.pathname = `/${name}`;
        const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-push-bench-'));
        cleanups.push(() => fs.rmSync(dir2, { recursive: true, force: true }));
        const env = { ...NODE_ENV_BASE, DATABASE_URL: u.toString(), REDIS_URL: redisUrl, LIKENESS_DATA_DIR: dir2 };
        log(`  database ${name} on ${redact(pgUrl)}, Redis ${redact(redisUrl)}`);
        // One after the other: A migrates the fresh database and creates the owner, B finds both.
        const a = await startNode('A', env);
        cleanups.push(() => a.stop());
        const b = await startNode('B', env);
        cleanups.push(() => b.stop());
        two = await runPart('two nodes (PG + Redis)', 'postgresql', [a, b], o, runTag + 1);
        await cleanup();
      }
      if (skipped) log(`  skipped: ${skipped}`);
    }

    // -- Report
    const s1 = summarize(one, GOAL_ONE_MS, ['A']);
    const s2 = two ? summarize(two, GOAL_TWO_MS, ['A', 'B']) : null;
    log('');
    log(
      table(
        ['setup', 'clients', 'received', 'resp→hide p50', 'p95', 'p99', 'max', '≤0', `all ${o.assets} p99`, 'req→hide p99', 'API ms', 'RSS MB'],
        [...s1.rows, ...(s2?.rows ?? [])],
      ),
    );
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    log(
      `latency = first 'withdrawn' event (asset #1, web) at the client − withdraw response at the caller, over ${o.rounds} rounds × clients; ` +
        `"all ${o.assets} p99" = until every file's web hide arrived; "req→hide" = from sending the withdraw request instead; ` +
        `≤0 = push outran the HTTP response (counted as 0); API ms = withdraw round trip (median).`,
    );
    log(`one node: p99 from the request ${fmt(s1.all.p99)} ms, ${s1.json.lost} lost, RSS ${s1.json.rss_mb} MB (goal ≤ ${GOAL_ONE_MS} ms, 0 lost, ≤ ${GOAL_RSS_MB} MB: ${mark(s1.json.goal_met)})`);
    log(`one node: p99 from the response ${fmt(s1.json.from_response_p99_ms)} ms`);
    if (floor) log(`  baseline (bare ws, same frame and clients): p99 ${fmt(floor.p99_ms)} ms from the trigger; Likeness ${(s1.json.p99_ms / floor.p99_ms).toFixed(2)}× that`);
    log(`  all ${o.assets} files hidden: p99 ${fmt(s1.json.all_files_p99_ms)} ms (${s1.json.all_files_p99_ms <= GOAL_ONE_MS ? 'within' : 'over'} ${GOAL_ONE_MS} ms); withdraw round trip ${fmt(s1.json.withdraw_api_ms_p50)} ms with the clients vs ${fmt(s1.json.withdraw_api_ms_no_clients)} ms without`);
    if (s2) {
      log(`two nodes: p99 from the request ${fmt(s2.all.p99)} ms, ${s2.json.lost} lost, RSS ${s2.json.rss_mb} MB (goal ≤ ${GOAL_TWO_MS} ms: ${mark(s2.json.goal_met)})`);
      log(`two nodes: p99 from the response ${fmt(s2.json.from_response_p99_ms)} ms`);
      log(`  all ${o.assets} files hidden: p99 ${fmt(s2.json.all_files_p99_ms)} ms (${s2.json.all_files_p99_ms <= GOAL_TWO_MS ? 'within' : 'over'} ${GOAL_TWO_MS} ms); withdraw round trip ${fmt(s2.json.withdraw_api_ms_p50)} ms with the clients vs ${fmt(s2.json.withdraw_api_ms_no_clients)} ms without`);
    }
    else log(`two nodes: skipped (${skipped})`);
    const cpu = (s: typeof s1) => `server ${s.json.server_cpu_ms_per_round} ms, clients ${s.json.client_cpu_ms_per_round} ms (median per withdrawal)`;
    log(`CPU per withdrawal: one node: ${cpu(s1)}${s2 ? `; two nodes: ${cpu(s2)}` : ''}; chosen event's position in the batch: ${s1.json.chosen_event_position}`);
    log(`clients in ${Math.min(o.threads, o.clients)} worker threads of this process, servers in child processes; all share ${os.cpus().length} CPUs; total ${((now() - started) / 1000).toFixed(0)} s`);

    const parts = [s1.json, ...(s2 ? [s2.json] : [])];
    const summary = {
      bench: 'push',
      clients: o.clients,
      p99_ms: s1.json.p99_ms,
      baseline_p99_ms: floor?.p99_ms ?? null,
      p99_vs_baseline: floor ? Number((s1.json.p99_ms / floor.p99_ms).toFixed(3)) : null,
      lost: parts.reduce((n, p) => n + p.lost, 0),
      rss_mb: Math.max(...parts.map((p) => p.rss_mb)),
      rounds: o.rounds,
      warmup: o.warmup,
      files: o.assets,
      client_threads: Math.min(o.threads, o.clients),
      client: o.client,
      one_node: s1.json,
      baseline: floor,
      two_nodes: s2?.json ?? null,
      ...(s2 ? {} : { two_nodes_skipped: skipped }),
    };
    log(JSON.stringify(summary));
    return 0;
  } finally {
    await cleanup();
  }
};

export default main;
