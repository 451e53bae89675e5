import { AppError, type UsageDto, type UsageReport, type UsageReportResult } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { AssetsRepositories, AssetsUnitOfWork } from './assets.repositories';
import { toUsageDto } from './asset.mapper';

/** Publication history: where each file is used, reported by integrations. */
export class UsageService {
  constructor(
    private readonly repos: AssetsRepositories,
    private readonly uow: AssetsUnitOfWork,
  ) {}

  /** Where a person's files are published (the register shows it per person). */
  async forPerson(tenantId: string, personId: string): Promise<UsageDto[]> {
    return (await this.repos.usages.forPerson(tenantId, personId)).map(toUsageDto);
  }

  async report(ctx: RequestContext, input: UsageReport): Promise<UsageReportResult> {
    const integration = input.integration ?? ctx.actor.label;
    if (!integration) throw new AppError('validation_failed', 'Name the integration.', { field: 'integration' });
    const wanted = [...new Set(input.assetIds)];
    const now = new Date();
    return this.uow.run(async (repos) => {
      const known = new Set((await repos.assets.list(ctx.tenantId, { ids: wanted }, { limit: wanted.length })).map((a) => a.id));
      const unknownAssetIds = wanted.filter((id) => !known.has(id));
      const existing = await repos.usages.atLocation(ctx.tenantId, integration, input.location);
      const byAsset = new Map(existing.map((u) => [u.assetId, u]));
      const seen: string[] = [];
      for (const assetId of wanted) {
        if (!known.has(assetId)) continue;
        const row = byAsset.get(assetId);
        if (row) seen.push(row.id);
        else {
          await repos.usages.create({
            tenantId: ctx.tenantId,
            assetId,
            apiKeyId: ctx.actor.type === 'api_key' ? ctx.actor.id : null,
            integration,
            channel: input.channel,
            location: input.location,
            title: input.title ?? null,
            at: now,
          });
        }
      }
      if (seen.length) await repos.usages.seen(ctx.tenantId, seen, { at: now, title: input.title ?? null, channel: input.channel });
      const gone = existing.filter((u) => !known.has(u.assetId) && u.removedAt === null).map((u) => u.id);
      if (gone.length) await repos.usages.markRemoved(ctx.tenantId, gone, now);
      const active = wanted.filter((id) => known.has(id)).length;
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'usage.reported',
        entityType: 'usage',
        entityId: null,
        after: { integration, channel: input.channel, location: input.location, active, removed: gone.length },
      });
      return { active, removed: gone.length, unknownAssetIds };
    });
  }
}
