import type { ClusterBus } from '../../kernel/ports';
import type { Actor } from '../../kernel/request-context';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TenantSettings } from '../../kernel/tenant-settings';

/** The actor of audit rows written by background face work. */
export const FACE_SYSTEM: Actor = { type: 'system', id: null, label: 'face matching' };

/** Shared by the face use cases: whether matching is on for a tenant, and telling every node's index what changed. */
export class FaceGate {
  constructor(
    private readonly settings: TenantSettingsSource,
    private readonly bus: ClusterBus,
  ) {}

  /** The tenant's settings while `faceMatching` is on, else null. Jobs ask again when they run, so switching it off stops them. */
  async enabled(tenantId: string): Promise<TenantSettings | null> {
    const s = await this.settings.get(tenantId).catch(() => null);
    return s?.faceMatching ? s : null;
  }

  publish(tenantId: string, ids: string[]): void {
    if (ids.length > 0) this.bus.publish({ kind: 'faces', tenantId, ids });
  }
}
