import { AppError, permissionsBeyond, type ApiKeyCreate, type ApiKeyCreatedDto, type ApiKeyDto, type Permission } from '@likeness/shared';
import { newApiKey } from '../../kernel/tokens';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';
import type { ClusterBus } from '../../kernel/ports';

type KeyRow = NonNullable<Awaited<ReturnType<AdminRepositories['apiKeys']['findInTenant']>>>;

function toApiKeyDto(k: KeyRow): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: `lk_${k.prefix}`,
    scopes: k.scopes as Permission[],
    public: k.public,
    origins: (k.origins as string[] | null) ?? [],
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  };
}

export class ApiKeyService {
  constructor(
    private readonly repos: AdminRepositories,
    private readonly uow: AdminUnitOfWork,
    private readonly bus: ClusterBus,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: ApiKeyDto[] }> {
    return { items: (await this.repos.apiKeys.list(ctx.tenantId)).map(toApiKeyDto) };
  }

  async create(ctx: RequestContext, input: ApiKeyCreate): Promise<ApiKeyCreatedDto> {
    const beyond = permissionsBeyond(ctx.permissions, input.scopes);
    if (beyond.length) throw new AppError('forbidden', `You cannot grant scopes you do not have: ${beyond.join(', ')}.`);
    const { key, prefix, secretHash } = newApiKey();
    return this.uow.run(async (repos) => {
      const row = await repos.apiKeys.create({
        tenantId: ctx.tenantId,
        name: input.name,
        prefix,
        secretHash,
        scopes: [...new Set(input.scopes)],
        public: input.public,
        origins: input.public ? [...new Set(input.origins)] : [],
        createdById: ctx.actor.id,
      });
      await repos.audit.append({ ...auditMeta(ctx), action: 'api_key.created', entityType: 'api_key', entityId: row.id, after: { name: row.name, scopes: row.scopes, public: row.public, origins: row.origins } });
      return { ...toApiKeyDto(row), key };
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKeyDto> {
    const row = await this.uow.run(async (repos, afterCommit) => {
      const current = await repos.apiKeys.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such API key.');
      if (current.revokedAt) return current;
      const revoked = await repos.apiKeys.revoke(ctx.tenantId, id, new Date());
      await repos.audit.append({ ...auditMeta(ctx), action: 'api_key.revoked', entityType: 'api_key', entityId: id, before: { name: current.name } });
      afterCommit(() => this.bus.publish({ kind: 'api_key', id }));
      return revoked;
    });
    return toApiKeyDto(row);
  }
}
