/** Registers work to run once the transaction committed (cache invalidation, pushes, jobs). */
export type AfterCommit = (fn: () => void) => void;

/**
 * Runs a use case in one database transaction with repositories bound to it.
 * After-commit callbacks run only once the commit succeeded.
 */
export interface UnitOfWork<R> {
  run<T>(work: (repos: R, afterCommit: AfterCommit) => Promise<T>): Promise<T>;
}
