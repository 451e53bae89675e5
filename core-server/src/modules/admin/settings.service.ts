import { AppError, type SettingsDto, type SettingsUpdate } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../http/request-context';
import type { UnitOfWork } from '../repositories';
import type { ClusterBus } from '../cluster/cluster.bus';
import type { JobQueue } from '../jobs/job.queue';
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
    faceMatchThreshold: s.faceMatchThreshold,
    faceMinSizePx: s.faceMinSizePx,
    faceMinScore: s.faceMinScore,
    faceMatchMinors: s.faceMatchMinors,
    adultAge: s.adultAge,
    customFields: s.customFields,
    warningRecipients: s.warningRecipients,
  };
}

export class SettingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: TenantSettingsCache,
    private readonly bus: ClusterBus,
    private readonly jobs: JobQueue,
  ) {}

  async get(ctx: RequestContext): Promise<SettingsDto> {
    return toSettingsDto(await this.cache.get(ctx.tenantId));
  }

  async update(ctx: RequestContext, input: SettingsUpdate): Promise<SettingsDto> {
    const { organisationName, warningRecipients, ...rest } = input;
    return this.uow.run(async (repos, afterCommit) => {
      const current = await repos.tenants.findById(ctx.tenantId);
      if (!current) throw new AppError('not_found', 'No such organisation.');
      const before = toSettingsDto(toTenantSettings(current));
      const row = await repos.tenants.update(ctx.tenantId, {
        ...rest,
        ...(organisationName ? { name: organisationName } : {}),
        ...(warningRecipients ? { warningRecipients: [...new Set(warningRecipients)].join(',') } : {}),
      });
      const after = toSettingsDto(toTenantSettings(row));
      await repos.audit.append({ ...auditMeta(ctx), action: 'settings.updated', entityType: 'settings', entityId: ctx.tenantId, before, after });
      const affectsStatus = ['channels', 'warningLeadDays', 'adultAge', 'unapprovedPolicy', 'hideUnhandled'].some((k) => k in input);
      afterCommit(() => {
        this.bus.publish({ kind: 'settings', tenantId: ctx.tenantId });
        // Every asset may change; recomputed in the background, in pages.
        if (affectsStatus) void this.jobs.add('tenant.recompute', { tenantId: ctx.tenantId }, { jobId: `${ctx.tenantId}:${Date.now()}` });
        // Face matching: thresholds, quality gates or who may be suggested changed, so existing suggestions are redone.
        const affectsFaces = ['faceMatching', 'faceMatchThreshold', 'faceMinSizePx', 'faceMinScore', 'faceMatchMinors', 'adultAge'].some((k) => k in input);
        if (affectsFaces && row.faceMatching) void this.jobs.add('faces.match', { tenantId: ctx.tenantId, boxIds: null }, { jobId: `${ctx.tenantId}:${Date.now()}` });
      });
      return after;
    });
  }
}
