import type { AuditTrail } from './audit-trail';

/** Registers work to run once the transaction committed (cache invalidation, pushes, jobs). */
export type AfterCommit = (fn: () => void) => void;

declare const openTransaction: unique symbol;

/**
 * An open transaction as another module sees it: opaque. A facade method that writes inside its
 * caller's transaction takes the scope and joins it with its own repositories, so no module ever
 * holds another module's repositories.
 */
export interface TxScope {
  readonly [openTransaction]: true;
  readonly afterCommit: AfterCommit;
}

/** A module's own repositories, plus the audit trail every state change writes to. */
export type ModuleRepositories<R> = R & { audit: AuditTrail };

/**
 * Runs a module's use case in one database transaction with that module's repositories bound to it.
 * After-commit callbacks run only once the commit succeeded.
 */
export interface UnitOfWork<R> {
  /** The same repositories outside any transaction (reads, and writes that stand alone). */
  readonly repos: R;
  run<T>(work: (repos: R, afterCommit: AfterCommit, scope: TxScope) => Promise<T>): Promise<T>;
  /** This module's repositories inside a transaction another module opened. */
  join(scope: TxScope): R;
}
