import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { providerOf, sqliteFilePath } from '../kernel/database-url';
import { CachedStatementsSQLite3 } from './sqlite-statements';

/**
 * Both generated clients expose the same model API (one shared models file);
 * the SQLite client's type stands for both.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
/** Prisma's input types (JSON values, where clauses) for repositories. */
export type { Prisma } from './generated/sqlite/client';

export async function connectDatabase(url: string): Promise<Db> {
  if (providerOf(url) === 'postgresql') {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
    await client.$connect();
    return client as unknown as Db;
  }
  const file = sqliteFilePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = new SqliteClient({ adapter: new CachedStatementsSQLite3({ url: file, timeout: 10_000 }) });
  // WAL: readers never block the writer; NORMAL sync is durable across process crashes.
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await client.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  return client;
}
