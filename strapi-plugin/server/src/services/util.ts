import type { Core } from '@strapi/strapi';
import type services from './index';

type Services = typeof services;
export type ServiceName = keyof Services;
export type Service<N extends ServiceName> = ReturnType<Services[N]>;

/** A service of this plugin, typed. */
export function plugin<N extends ServiceName>(strapi: Core.Strapi, name: N): Service<N> {
  return strapi.plugin('likeness').service(name) as Service<N>;
}

export const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
