import type { Module } from './kernel/module';
import type { BoundRoute } from './kernel/route';
import type { Modules } from './container';

/**
 * The modules in the order Express tries their routes (the plugins' hot path, status batch, first)
 * and in which they start and stop. A new module appends its name here.
 */
const MODULE_ORDER = ['status', 'admin', 'register', 'assets', 'faces', 'live', 'consent', 'documents', 'privacy', 'maintenance'] as const;

/** Each module with its name, for messages about one of them (a slow shutdown step). */
export function namedModuleList(m: Modules): Array<[string, Module<unknown>]> {
  return MODULE_ORDER.map((name) => [name, m[name]]);
}

export function moduleList(m: Modules): Array<Module<unknown>> {
  return namedModuleList(m).map(([, mod]) => mod);
}

export function apiRoutes(m: Modules): BoundRoute[] {
  return moduleList(m).flatMap((mod) => mod.routes);
}
