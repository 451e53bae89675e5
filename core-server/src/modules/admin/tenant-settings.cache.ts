import type { CustomFieldDefinition, Role, UnapprovedPolicy } from '@likeness/shared';
import type { TenantRepository } from '../repositories/tenant.repository';

export interface TenantSettings {
  id: string;
  name: string;
  slug: string;
  warningLeadDays: number;
  channels: string[];
  unapprovedPolicy: UnapprovedPolicy;
  hideUnhandled: boolean;
  pseudonymousIds: boolean;
  faceMatching: boolean;
  faceMatchThreshold: number;
  faceMinSizePx: number;
  faceMinScore: number;
  faceMatchMinors: boolean;
  adultAge: number;
  customFields: CustomFieldDefinition[];
  warningRecipients: Role[];
}

export function toTenantSettings(row: NonNullable<Awaited<ReturnType<TenantRepository['findById']>>>): TenantSettings {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    warningLeadDays: row.warningLeadDays,
    channels: row.channels as string[],
    unapprovedPolicy: row.unapprovedPolicy as UnapprovedPolicy,
    hideUnhandled: row.hideUnhandled,
    pseudonymousIds: row.pseudonymousIds,
    faceMatching: row.faceMatching,
    faceMatchThreshold: row.faceMatchThreshold,
    faceMinSizePx: row.faceMinSizePx,
    faceMinScore: row.faceMinScore,
    faceMatchMinors: row.faceMatchMinors,
    adultAge: row.adultAge,
    customFields: row.customFields as CustomFieldDefinition[],
    warningRecipients: row.warningRecipients.split(',').filter(Boolean) as Role[],
  };
}

/** Settings are read on every status lookup; they change rarely, so they are kept in memory. */
export class TenantSettingsCache {
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
