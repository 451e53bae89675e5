import type { Module } from './kernel/module';
import type { BoundRoute } from './kernel/route';
import type { Modules } from './container';

/**
 * Every module's REST operations, in the order Express tries them: the plugins' hot path
 * (status batch) first. A new module appends its entry to this list.
 */
const MODULE_ORDER = ['status', 'admin', 'register', 'assets', 'faces', 'live', 'consent', 'documents', 'maintenance'] as const;

export function moduleList(m: Modules): Array<Module<unknown>> {
  return MODULE_ORDER.map((name) => m[name]);
}

/** The same list with each module's name, for messages about one of them (a slow shutdown step). */
export function namedModuleList(m: Modules): Array<[string, Module<unknown>]> {
  return MODULE_ORDER.map((name) => [name, m[name]]);
}

export function apiRoutes(m: Modules): BoundRoute[] {
  return moduleList(m).flatMap((mod) => mod.routes);
}
