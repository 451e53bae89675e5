/**
 * Helpers shared by the benches (not a bench itself: run.ts only picks up `*.bench.ts`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type AppConfig } from '../src/kernel/config';
import { startServer, type RunningServer } from '../src/server';

/** The default export of every `bench/<name>.bench.ts`: gets the arguments after the name; returns an exit code (default 0). */
export type BenchMain = (args: string[]) => Promise<number | void>;

export type BenchDb = 'sqlite' | 'postgresql';

export interface BenchServer {
  server: RunningServer;
  config: AppConfig;
  db: BenchDb;
  /** The database the server uses (fresh, created for this run). */
  databaseUrl: string;
  /** Closes the server, drops the database and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** `DATABASE_URL` when it is a postgres:// URL, else null (the embedded SQLite is used). */
export function postgresUrlFromEnv(): string | null {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : null;
}

/** Runs one statement on the Postgres server at `adminUrl` (e.g. CREATE/DROP DATABASE) over a short-lived connection. */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts the real server in-process on a fresh database: a new SQLite file in a temp dir, or,
 * with DATABASE_URL=postgres://…, a new database `likeness_bench_<random>` on that server
 * (dropped by stop()). NODE_ENV=production so responses are not re-validated.
 */
/**
 * Production settings for a bench process and the servers it starts: responses are not re-validated,
 * and production requires an application key (a throw-away one; the bench's data is thrown away too).
 */
export function productionBenchEnv(): { NODE_ENV: 'production'; LIKENESS_SECRET_KEY: string } {
  process.env.NODE_ENV = 'production';
  process.env.LIKENESS_SECRET_KEY ??= randomBytes(32).toString('base64');
  return { NODE_ENV: 'production', LIKENESS_SECRET_KEY: process.env.LIKENESS_SECRET_KEY };
}

export async function startBenchServer(overrides: Partial<AppConfig> = {}): Promise<BenchServer> {
  productionBenchEnv();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-bench-'));
  const adminUrl = postgresUrlFromEnv();
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (adminUrl) {
    const name = `likeness_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    databaseUrl = `file:${path.join(dataDir, 'bench.db')}`;
  }
  const db: BenchDb = adminUrl ? 'postgresql' : 'sqlite';
  const removeTemp = () => fs.rmSync(dataDir, { recursive: true, force: true });

  let server: RunningServer;
  let config: AppConfig;
  try {
    config = loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', publicUrl: null, dataDir, databaseUrl, dbProvider: db, demoData: false, ...overrides },
    );
    server = await startServer(config, { migrate: true, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }) });
  } catch (err) {
    await dropDatabase?.().catch(() => {});
    removeTemp();
    throw err;
  }

  let stopped: Promise<void> | null = null;
  return {
    server,
    config,
    db,
    databaseUrl,
    stop() {
      stopped ??= (async () => {
        try {
          await server.close();
        } finally {
          try {
            await dropDatabase?.();
          } finally {
            removeTemp();
          }
        }
      })();
      return stopped;
    },
  };
}

/** Small seeded PRNG (mulberry32): the same data set on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    hex: (bytes: number) => {
      let s = '';
      for (let i = 0; i < bytes * 2; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    /** A v4-shaped UUID (the status endpoint only answers well-formed ids). */
    uuid: () => {
      const h = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      h[12] = '4';
      h[16] = '89ab'[Math.floor(next() * 4)]!;
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}
export type Prng = ReturnType<typeof prng>;

/** The q-quantile (0..1) of ascending-sorted values, by nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Splits into slices of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Right-aligned text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
