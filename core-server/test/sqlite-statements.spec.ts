import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheStatements } from '../src/db/sqlite-statements';
import { connectDatabase } from '../src/db/prisma.client';

/** The adapter's calls, as Prisma's better-sqlite3 adapter makes them. */
type AdapterDb = { prepare(sql: string): { run(): unknown; bind(args: unknown[]): { reader: boolean; run(): unknown; raw(): { all(): unknown[] }; columns(): Array<{ name: string }> } } };

function memoryDb(max?: number) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  let compiled = 0;
  const compile = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    compiled++;
    return compile(sql);
  }) as typeof db.prepare;
  cacheStatements(db, max);
  return { db: db as unknown as AdapterDb, compiled: () => compiled, close: () => db.close() };
}

describe('SQLite statement cache', () => {
  it('compiles a query once and gives it new arguments on every call', () => {
    const { db, compiled, close } = memoryDb();
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    db.prepare(insert).bind([1, 'ada']).run();
    db.prepare(insert).bind([2, 'bob']).run();
    const select = 'SELECT id, name FROM t WHERE id = ?';
    const read = (id: number) => db.prepare(select).bind([id]);
    expect(read(1).reader).toBe(true);
    expect(read(1).columns().map((c) => c.name)).toEqual(['id', 'name']);
    expect(read(1).raw().all()).toEqual([[1, 'ada']]);
    expect(read(2).raw().all()).toEqual([[2, 'bob']]);
    expect(read(3).raw().all()).toEqual([]);
    expect(compiled()).toBe(2);
    close();
  });

  it('runs statements without arguments (BEGIN, COMMIT) and keeps their effect', () => {
    const { db, close } = memoryDb();
    db.prepare('BEGIN').run();
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([1, 'ada']).run();
    db.prepare('ROLLBACK').run();
    expect(db.prepare('SELECT count(*) FROM t').bind([]).raw().all()).toEqual([[0]]);
    close();
  });

  it('forgets the least recently used statement when full', () => {
    const { db, compiled, close } = memoryDb(2);
    const q = (n: number) => db.prepare(`SELECT ${n}`).bind([]).raw().all();
    q(1);
    q(2);
    q(1); // 1 is now the most recent
    q(3); // evicts 2
    expect(compiled()).toBe(3);
    q(1);
    expect(compiled()).toBe(3);
    q(2);
    expect(compiled()).toBe(4);
    close();
  });

  it('does not keep a statement that failed to compile', () => {
    const { db, compiled, close } = memoryDb();
    expect(() => db.prepare('SELECT FROM nowhere')).toThrow();
    expect(() => db.prepare('SELECT FROM nowhere')).toThrow();
    expect(compiled()).toBe(2);
    close();
  });
});

describe('Prisma on SQLite with cached statements', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-stmt-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers the same query shape with different arguments correctly, in and out of transactions', async () => {
    const prisma = await connectDatabase(`file:${path.join(dir, 'db.sqlite')}`);
    try {
      await prisma.$executeRawUnsafe('CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
      for (let i = 0; i < 20; i++) await prisma.$executeRawUnsafe('INSERT INTO kv (k, v) VALUES (?, ?)', `k${i}`, i);
      const rows = await Promise.all(Array.from({ length: 20 }, (_, i) => prisma.$queryRawUnsafe<Array<{ v: bigint }>>('SELECT v FROM kv WHERE k = ?', `k${i}`)));
      expect(rows.map((r) => Number(r[0]!.v))).toEqual(Array.from({ length: 20 }, (_, i) => i));
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe('UPDATE kv SET v = ? WHERE k = ?', 100, 'k1');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const [after] = await prisma.$queryRawUnsafe<Array<{ v: bigint }>>('SELECT v FROM kv WHERE k = ?', 'k1');
      expect(Number(after!.v)).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });
});
