import { AppError, type BoxDto, type BoxInput, type BoxUpdate } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { toBoxDto } from './asset.mapper';
import type { AssetsRepositories, AssetsUnitOfWork } from './assets.repositories';
import type { StatusChanges } from '../status';
import type { AssetObserver } from '../../kernel/ports';


const EPS = 1e-6;

/** Step 2 of the approval: who is in the file. */
export class BoxService {
  constructor(
    private readonly uow: AssetsUnitOfWork,
    private readonly effects: StatusChanges,
    /** Face matching follows box changes: embeds manual boxes, keeps its index and suggestions in step. */
    private readonly faces: AssetObserver,
  ) {}

  private async checkPerson(repos: AssetsRepositories, tenantId: string, personId: string | null | undefined) {
    if (!personId) return;
    if (!(await repos.boxes.personInTenant(tenantId, personId))) throw new AppError('not_found', 'No such person.', { field: 'personId' });
  }

  async create(ctx: RequestContext, assetId: string, input: BoxInput): Promise<BoxDto> {
    return this.uow.run(async (repos, afterCommit, scope) => {
      const asset = await repos.assets.findInTenant(ctx.tenantId, assetId);
      if (!asset) throw new AppError('not_found', 'No such asset.');
      await this.checkPerson(repos, ctx.tenantId, input.personId);
      const box = await repos.boxes.create({ tenantId: ctx.tenantId, assetId, ...input, source: 'manual' });
      await repos.audit.append({ ...auditMeta(ctx), action: 'box.created', entityType: 'asset', entityId: assetId, after: { boxId: box.id, personId: box.personId } });
      await this.effects.assetsChanged(scope, ctx.tenantId, [assetId]);
      afterCommit(() => this.faces.boxesChanged(ctx.tenantId, [{ boxId: box.id, formerPersonId: null, moved: true }]));
      return toBoxDto(box);
    });
  }

  async update(ctx: RequestContext, id: string, input: BoxUpdate): Promise<BoxDto> {
    return this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.boxes.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such box.');
      await this.checkPerson(repos, ctx.tenantId, input.personId);
      const next = { x: input.x ?? current.x, y: input.y ?? current.y, w: input.w ?? current.w, h: input.h ?? current.h };
      if (next.x + next.w > 1 + EPS || next.y + next.h > 1 + EPS) {
        throw new AppError('validation_failed', 'The box must lie inside the image.');
      }
      const box = await repos.boxes.update(ctx.tenantId, id, input);
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'box.updated',
        entityType: 'asset',
        entityId: box.assetId,
        before: { boxId: id, personId: current.personId },
        after: { boxId: id, personId: box.personId },
      });
      await this.effects.assetsChanged(scope, ctx.tenantId, [box.assetId]);
      const moved = next.x !== current.x || next.y !== current.y || next.w !== current.w || next.h !== current.h;
      afterCommit(() => this.faces.boxesChanged(ctx.tenantId, [{ boxId: id, formerPersonId: current.personId !== box.personId ? current.personId : null, moved }]));
      return toBoxDto(box);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    return this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.boxes.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such box.');
      await repos.boxes.delete(ctx.tenantId, id);
      await repos.audit.append({ ...auditMeta(ctx), action: 'box.deleted', entityType: 'asset', entityId: current.assetId, before: { boxId: id, personId: current.personId } });
      await this.effects.assetsChanged(scope, ctx.tenantId, [current.assetId]);
      afterCommit(() => this.faces.boxesChanged(ctx.tenantId, [{ boxId: id, formerPersonId: current.personId, moved: false }]));
      return { ok: true as const };
    });
  }
}
