import type { Database, Statement } from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

/** Distinct SQL texts kept compiled; Prisma's queries are a few hundred shapes, raw ones are few. */
const MAX_STATEMENTS = 1000;

/** What Prisma's adapter does with a prepared statement (prepare(sql).bind(args) or .run()). */
interface AdapterStatement {
  run(): unknown;
  bind(args: unknown[]): BoundStatement;
}
interface BoundStatement {
  readonly reader: boolean;
  run(): unknown;
  columns(): ReturnType<Statement['columns']>;
  raw(): { all(): unknown[] };
}

/**
 * Prisma's better-sqlite3 adapter compiles every query anew (`prepare(sql).bind(args)`), and the
 * compile is the largest single cost of a write on SQLite (a third of a withdrawal's CPU in a
 * profile). Statements are kept by their SQL text and given their arguments per call instead:
 * `bind()` would fix them for the statement's life. Reuse is safe because every call runs to
 * completion synchronously (run/all, never iterate) and readers always run in raw mode.
 */
export function cacheStatements(db: Database, max = MAX_STATEMENTS): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Statement<unknown[]>>();
  const statement = (sql: string): Statement<unknown[]> => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Map order is insertion order: re-inserting makes it least recently used last.
      cache.delete(sql);
    } else {
      stmt = compile(sql) as Statement<unknown[]>;
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  const prepare = (sql: string): AdapterStatement => {
    const stmt = statement(sql);
    return {
      run: () => stmt.run(),
      bind: (args) => ({
        reader: stmt.reader,
        run: () => stmt.run(...args),
        columns: () => stmt.columns(),
        raw: () => ({ all: () => stmt.raw(true).all(...args) }),
      }),
    };
  };
  (db as unknown as { prepare: typeof prepare }).prepare = prepare;
}

/** The adapter with its connection's statements cached. */
export class CachedStatementsSQLite3 extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3['connect']> {
    const adapter = await super.connect();
    cacheStatements((adapter as unknown as { client: Database }).client);
    return adapter;
  }
}
