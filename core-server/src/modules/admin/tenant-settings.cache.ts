import { toTenantSettings, type TenantSettings, type TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TenantRepository } from './tenant.repository';

/** Settings are read on every status lookup; they change rarely, so they are kept in memory. */
export class TenantSettingsCache implements TenantSettingsSource {
  private readonly cache = new Map<string, Promise<TenantSettings>>();

  constructor(private readonly tenants: TenantRepository) {}

  get(tenantId: string): Promise<TenantSettings> {
    let hit = this.cache.get(tenantId);
    if (!hit) {
      hit = this.tenants.findById(tenantId).then((row) => {
        if (!row) throw new Error(`Tenant ${tenantId} vanished`);
        return toTenantSettings(row);
      });
      hit.catch(() => this.cache.delete(tenantId));
      this.cache.set(tenantId, hit);
    }
    return hit;
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
