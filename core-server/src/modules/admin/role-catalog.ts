import { ROLE_PERMISSIONS, isBuiltInRole, type Permission } from '@likeness/shared';
import type { AdminRepositories } from './admin.repositories';

interface CatalogEntry {
  name: string;
  permissions: readonly Permission[];
}

/**
 * What a role may do. Sessions resolve their permissions here on every request, so the organisation's
 * own roles are kept in memory per tenant and dropped over the cluster bus when one changes.
 */
export class RoleCatalog {
  private readonly cache = new Map<string, Promise<Map<string, CatalogEntry>>>();

  constructor(private readonly repos: Pick<AdminRepositories, 'roles'>) {}

  /** A role that no longer exists grants nothing: a session never fails open. */
  async permissionsOf(tenantId: string, role: string): Promise<readonly Permission[]> {
    if (isBuiltInRole(role)) return ROLE_PERMISSIONS[role];
    return (await this.custom(tenantId)).get(role)?.permissions ?? [];
  }

  /** The custom role's name; null for a built-in one (the dashboard translates those). */
  async nameOf(tenantId: string, role: string): Promise<string | null> {
    if (isBuiltInRole(role)) return null;
    return (await this.custom(tenantId)).get(role)?.name ?? null;
  }

  async exists(tenantId: string, role: string): Promise<boolean> {
    return isBuiltInRole(role) || (await this.custom(tenantId)).has(role);
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private custom(tenantId: string): Promise<Map<string, CatalogEntry>> {
    let hit = this.cache.get(tenantId);
    if (!hit) {
      hit = this.repos.roles.list(tenantId).then((rows) => new Map(rows.map((r) => [r.id, { name: r.name, permissions: r.permissions as Permission[] }])));
      hit.catch(() => this.cache.delete(tenantId));
      this.cache.set(tenantId, hit);
    }
    return hit;
  }
}
