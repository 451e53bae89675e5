import type { Db, DbOrTx } from '../db/prisma.client';
import type { AuditTrail } from '../kernel/audit-trail';
import type { AfterCommit, ModuleRepositories, TxScope, UnitOfWork } from '../kernel/unit-of-work';

/** How a module builds its repositories on the database or on an open transaction. */
export type RepositoryFactory<R> = (db: DbOrTx) => R;

/**
 * The database's transactions, shared by every module's unit of work: one module opens a
 * transaction; another joins it (through a facade call that takes the scope) with its own
 * repositories. The scope is opaque: only this file can turn it back into the transaction.
 */
export class PrismaTransactions {
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly open = new WeakMap<TxScope, DbOrTx>();

  constructor(
    private readonly db: Db,
    private readonly auditTrail: RepositoryFactory<AuditTrail>,
  ) {}

  /** Called after any rolled-back transaction (see the status module for why). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /** A module's unit of work over its own repositories (and the audit trail). */
  unitOfWork<R extends object>(factory: RepositoryFactory<R>): PrismaUnitOfWork<R> {
    const build = (db: DbOrTx) => ({ audit: this.auditTrail(db), ...factory(db) });
    return new PrismaUnitOfWork(this, build, build(this.db));
  }

  async transaction<T>(work: (scope: TxScope) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const afterCommit: AfterCommit = (fn) => callbacks.push(fn);
    const scope = { afterCommit } as TxScope;
    let result: T;
    try {
      result = await this.db.$transaction(
        (tx) => {
          this.open.set(scope, tx);
          return work(scope);
        },
        { timeout: 20_000, maxWait: 20_000 },
      );
    } catch (err) {
      for (const fn of this.rollbackListeners) fn();
      throw err;
    } finally {
      this.open.delete(scope);
    }
    for (const fn of callbacks) fn();
    return result;
  }

  client(scope: TxScope): DbOrTx {
    const tx = this.open.get(scope);
    if (!tx) throw new Error('This transaction scope is not open (it came from elsewhere, or its transaction ended).');
    return tx;
  }
}

export class PrismaUnitOfWork<R extends object> implements UnitOfWork<ModuleRepositories<R>> {
  private readonly joined = new WeakMap<TxScope, ModuleRepositories<R>>();

  constructor(
    private readonly transactions: PrismaTransactions,
    private readonly factory: (db: DbOrTx) => ModuleRepositories<R>,
    readonly repos: ModuleRepositories<R>,
  ) {}

  run<T>(work: (repos: ModuleRepositories<R>, afterCommit: AfterCommit, scope: TxScope) => Promise<T>): Promise<T> {
    return this.transactions.transaction((scope) => work(this.join(scope), scope.afterCommit, scope));
  }

  join(scope: TxScope): ModuleRepositories<R> {
    let repos = this.joined.get(scope);
    if (!repos) {
      repos = this.factory(this.transactions.client(scope));
      this.joined.set(scope, repos);
    }
    return repos;
  }
}
