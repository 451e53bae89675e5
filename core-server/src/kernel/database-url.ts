import path from 'node:path';

export type DbProvider = 'sqlite' | 'postgresql';

/** The embedded default lives in ./data unless DATABASE_URL says otherwise. */
export const DEFAULT_SQLITE_URL = `file:${path.resolve(process.env.LIKENESS_DATA_DIR ?? 'data', 'likeness.db')}`;

export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
}

/** `file:/abs/path.db` or `file:./rel.db` → filesystem path for better-sqlite3. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, '');
  return raw === ':memory:' ? raw : path.resolve(raw);
}
