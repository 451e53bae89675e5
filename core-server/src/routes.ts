import type { Module } from './kernel/module';
import type { BoundRoute } from './kernel/route';
import type { Modules } from './container';

/**
 * Every module's REST operations, in the order Express tries them: the plugins' hot path
 * (status batch) first. A new module appends its entry to this list.
 */
export function moduleList(m: Modules): Array<Module<unknown>> {
  return [m.status, m.admin, m.register, m.assets, m.faces, m.live, m.consent, m.documents, m.maintenance];
}

export function apiRoutes(m: Modules): BoundRoute[] {
  return moduleList(m).flatMap((mod) => mod.routes);
}
