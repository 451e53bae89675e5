import { AppError, type DownloadDeclaration, type UsageDto } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { StatusReads } from '../status';
import { toUsageDto } from './asset.mapper';
import type { AssetsUnitOfWork } from './assets.repositories';

/** Usage rows of declared downloads carry this integration, then who declared it. */
const INTEGRATION = 'dashboard';

/**
 * "Where will it be used?" before an original leaves the dashboard: only for a channel the file is
 * approved for, recorded as a usage like the ones the CMS plugins report (the same note again refreshes it).
 */
export class DownloadDeclarationService {
  constructor(
    private readonly uow: AssetsUnitOfWork,
    private readonly status: StatusReads,
  ) {}

  async declare(ctx: RequestContext, assetId: string, input: DownloadDeclaration): Promise<{ usage: UsageDto; url: string }> {
    return this.uow.run(async (repos) => {
      const asset = await repos.assets.findInTenant(ctx.tenantId, assetId);
      if (!asset) throw new AppError('not_found', 'No such asset.');
      const statuses = (await this.status.forAssets(ctx.tenantId, [assetId])).get(assetId) ?? [];
      const onChannel = statuses.find((s) => s.channel === input.channel);
      if (!onChannel) throw new AppError('channel_unknown', `The organisation has no channel "${input.channel}".`, { field: 'channel' });
      if (!onChannel.approved) throw new AppError('not_approved', `The file is not approved for ${input.channel} (${onChannel.status}), so it may not be used there.`, { status: onChannel.status });
      const integration = ctx.actor.label ? `${INTEGRATION}:${ctx.actor.label}` : INTEGRATION;
      const now = new Date();
      const existing = (await repos.usages.atLocation(ctx.tenantId, integration, input.note)).find((u) => u.assetId === assetId);
      if (existing) await repos.usages.seen(ctx.tenantId, [existing.id], { at: now, title: asset.title ?? asset.originalName, channel: input.channel });
      const usage = existing
        ? { ...existing, lastSeenAt: now, channel: input.channel, removedAt: null }
        : await repos.usages.create({ tenantId: ctx.tenantId, assetId, apiKeyId: null, integration, channel: input.channel, location: input.note, title: asset.title ?? asset.originalName, at: now });
      // The note stays out of the audit row: the log outlives everything and must hold no personal data.
      await repos.audit.append({ ...auditMeta(ctx), action: 'usage.download_declared', entityType: 'asset', entityId: assetId, after: { usageId: usage.id, channel: input.channel } });
      return { usage: toUsageDto(usage), url: `/api/v1/assets/${assetId}/files/original` };
    });
  }
}
