import { AppError, type SettingsDto, type SettingsUpdate } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../http/request-context';
import type { UnitOfWork } from '../repositories';
import type { StatusInputCache } from './status-input.cache';
import { toTenantSettings, type TenantSettings, type TenantSettingsCache } from './tenant-settings.cache';

function toSettingsDto(s: TenantSettings): SettingsDto {
  return {
    organisationName: s.name,
    warningLeadDays: s.warningLeadDays,
    channels: s.channels,
    unapprovedPolicy: s.unapprovedPolicy,
    hideUnhandled: s.hideUnhandled,
    pseudonymousIds: s.pseudonymousIds,
    faceMatching: s.faceMatching,
    adultAge: s.adultAge,
    customFields: s.customFields,
  };
}

export class SettingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: TenantSettingsCache,
    private readonly statusInputs: StatusInputCache,
  ) {}

  async get(ctx: RequestContext): Promise<SettingsDto> {
    return toSettingsDto(await this.cache.get(ctx.tenantId));
  }

  async update(ctx: RequestContext, input: SettingsUpdate): Promise<SettingsDto> {
    const { organisationName, ...rest } = input;
    return this.uow.run(async (repos, afterCommit) => {
      const current = await repos.tenants.findById(ctx.tenantId);
      if (!current) throw new AppError('not_found', 'No such organisation.');
      const before = toSettingsDto(toTenantSettings(current));
      const row = await repos.tenants.update(ctx.tenantId, { ...rest, ...(organisationName ? { name: organisationName } : {}) });
      const after = toSettingsDto(toTenantSettings(row));
      await repos.audit.append({ ...auditMeta(ctx), action: 'settings.updated', entityType: 'settings', entityId: ctx.tenantId, before, after });
      afterCommit(() => {
        this.cache.invalidate(ctx.tenantId);
        if (input.adultAge !== undefined) this.statusInputs.invalidateTenant(ctx.tenantId);
      });
      return after;
    });
  }
}
