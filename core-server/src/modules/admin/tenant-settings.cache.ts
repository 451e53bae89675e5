import { toTenantSettings, type TenantSettings, type TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TxScope } from '../../kernel/unit-of-work';
import type { AdminUnitOfWork } from './admin.repositories';

/** Settings are read on every status lookup; they change rarely, so they are kept in memory. */
export class TenantSettingsCache implements TenantSettingsSource {
  private readonly cache = new Map<string, Promise<TenantSettings>>();

  constructor(private readonly uow: AdminUnitOfWork) {}

  get(tenantId: string): Promise<TenantSettings> {
    let hit = this.cache.get(tenantId);
    if (!hit) {
      hit = this.uow.repos.tenants.findById(tenantId).then((row) => {
        if (!row) throw new Error(`Tenant ${tenantId} vanished`);
        return toTenantSettings(row);
      });
      hit.catch(() => this.cache.delete(tenantId));
      this.cache.set(tenantId, hit);
    }
    return hit;
  }

  async inTransaction(scope: TxScope, tenantId: string): Promise<TenantSettings | null> {
    const row = await this.uow.join(scope).tenants.findById(tenantId);
    return row ? toTenantSettings(row) : null;
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
