import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template this run's global setup migrated: a Postgres database name or a SQLite file. */
    databaseTemplate: string;
  }
}

/** Set TEST_DATABASE_URL to a postgres:// URL to run the suite on PostgreSQL; default is SQLite. */
export const testPostgresUrl = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? process.env.TEST_DATABASE_URL : null;
/** Each run migrates its own template, so two runs on one machine never clone or drop each other's. */
export function templateForRun(): string {
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  return testPostgresUrl ? `likeness_test_template_${run}` : path.join(os.tmpdir(), `likeness-test-template-${run}.db`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl! });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file, cloned from the template made in global setup. */
export async function freshDatabase(): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-test-'));
  if (testPostgresUrl) {
    const name = `likeness_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('databaseTemplate')}`);
    return {
      url: withDatabase(testPostgresUrl, name),
      dataDir,
      async drop() {
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dataDir, 'test.db');
  fs.copyFileSync(inject('databaseTemplate'), file);
  return {
    url: `file:${file}`,
    dataDir,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { withDatabase };
