import { AppError, type SettingsDto, type SettingsUpdate } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { AdminUnitOfWork } from './admin.repositories';
import type { ClusterBus } from '../../kernel/ports';
import type { FaceDataStore, JobQueue } from '../../kernel/ports';
import { toSettingsDto, toTenantSettings } from '../../kernel/tenant-settings';
import type { TenantSettingsCache } from './tenant-settings.cache';
import type { RoleCatalog } from './role-catalog';

export class SettingsService {
  constructor(
    private readonly uow: AdminUnitOfWork,
    private readonly cache: TenantSettingsCache,
    private readonly roles: RoleCatalog,
    private readonly bus: ClusterBus,
    private readonly jobs: JobQueue,
    private readonly faceData: FaceDataStore,
  ) {}

  async get(ctx: RequestContext): Promise<SettingsDto> {
    return toSettingsDto(await this.cache.get(ctx.tenantId));
  }

  async update(ctx: RequestContext, input: SettingsUpdate): Promise<SettingsDto> {
    const { organisationName, warningRecipients, confirmEraseFaceData, indexExistingFiles, ...rest } = input;
    return this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.tenants.findById(ctx.tenantId);
      if (!current) throw new AppError('not_found', 'No such organisation.');
      // Switching face matching off erases every face embedding (biometric data): only when confirmed.
      const switchingOff = current.faceMatching && input.faceMatching === false;
      const stored = switchingOff ? await this.faceData.countEmbeddings(scope, ctx.tenantId) : 0;
      if (stored > 0 && confirmEraseFaceData !== true) {
        throw new AppError('face_data_erase_unconfirmed', 'Turning face matching off erases the face data of every photo. Confirm it with confirmEraseFaceData: true.', { embeddings: stored });
      }
      const channels = input.channels ?? (current.channels as string[]);
      const notAChannel = input.deliveryChannels?.find((c) => !channels.includes(c));
      if (notAChannel) throw new AppError('channel_unknown', `"${notAChannel}" is not one of the organisation's channels.`, { field: 'deliveryChannels' });
      for (const field of input.customFields ?? []) {
        for (const role of field.visibleTo) {
          if (!(await this.roles.exists(ctx.tenantId, role))) throw new AppError('validation_failed', `The field "${field.label}" names a role that does not exist.`, { field: 'customFields' });
        }
      }
      const erased = switchingOff ? await this.faceData.eraseTenant(scope, ctx.tenantId) : null;
      const before = toSettingsDto(toTenantSettings(current));
      const row = await repos.tenants.update(ctx.tenantId, {
        ...rest,
        ...(organisationName ? { name: organisationName } : {}),
        ...(warningRecipients ? { warningRecipients: [...new Set(warningRecipients)].join(',') } : {}),
      });
      const after = toSettingsDto(toTenantSettings(row));
      await repos.audit.append({ ...auditMeta(ctx), action: 'settings.updated', entityType: 'settings', entityId: ctx.tenantId, before, after });
      if (erased && erased.embeddings + erased.suggestions > 0) {
        await repos.audit.append({ ...auditMeta(ctx), action: 'face.embeddings_erased', entityType: 'settings', entityId: ctx.tenantId, before: erased });
      }
      const affectsStatus = ['channels', 'warningLeadDays', 'adultAge', 'unapprovedPolicy', 'hideUnhandled'].some((k) => k in input);
      afterCommit(() => {
        this.bus.publish({ kind: 'settings', tenantId: ctx.tenantId });
        // Every asset may change; recomputed in the background, in pages.
        if (affectsStatus) void this.jobs.add('tenant.recompute', { tenantId: ctx.tenantId }, { jobId: `${ctx.tenantId}:${Date.now()}` });
        // Face matching: thresholds, quality gates or who may be suggested changed, so existing suggestions are redone.
        const affectsFaces = ['faceMatching', 'faceMatchThreshold', 'faceMinSizePx', 'faceMinScore', 'faceMatchMinors', 'adultAge'].some((k) => k in input);
        if (affectsFaces && row.faceMatching) void this.jobs.add('faces.match', { tenantId: ctx.tenantId, boxIds: null }, { jobId: `${ctx.tenantId}:${Date.now()}` });
      });
      // After the settings' own after-commit work, so the run starts with matching already on everywhere.
      if (indexExistingFiles) {
        if (!row.faceMatching) throw new AppError('validation_failed', 'indexExistingFiles goes with face matching on.', { field: 'indexExistingFiles' });
        await this.faceData.startIndexing(scope, ctx);
      }
      return after;
    });
  }
}
