import type { RequestHandler } from 'express';
import type { BoundRoute } from './route';

/**
 * What a module hands the composition root: one narrow facade (what other modules and its own
 * controllers may call), the REST operations its controllers bound to that facade, and its lifecycle.
 */
export interface Module<F> {
  facade: F;
  /** REST operations under /api/v1, in the order Express should try them. */
  routes: BoundRoute[];
  /** Handlers outside /api/v1 (public pages, scripts), mounted at the app's root. */
  routers?(): Promise<RequestHandler[]>;
  /** Starts timers and loops once the server listens. */
  start?(): Promise<void>;
  /** Stops timers, loops and sockets, before the HTTP server closes. */
  stop?(): Promise<void>;
  /** Frees what the module holds (worker threads), once the job queue is closed. */
  close?(): Promise<void>;
}
