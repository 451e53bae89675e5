import { AppError, type AssetFacesDto, type FaceDecisionDto } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { FacesRepositories, FacesUnitOfWork } from './faces.repositories';
import type { AssetsFacade } from '../assets';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { toFaceDto, toSuggestionDto } from './face.mapper';

/** The faces of an asset with their suggestions, and the editors' approve / reject. */
export class FaceReviewService {
  constructor(
    private readonly repos: FacesRepositories,
    private readonly uow: FacesUnitOfWork,
    private readonly settings: TenantSettingsSource,
    private readonly assets: Pick<AssetsFacade, 'lookup' | 'faceBoxes'>,
  ) {}

  async assetFaces(ctx: RequestContext, assetId: string): Promise<AssetFacesDto> {
    // The scan first: indexing writes it in the same transaction as the boxes, so once it is
    // visible the boxes read after it are too (reading the boxes first could show a scan without them).
    const scan = await this.repos.faces.scanOf(ctx.tenantId, assetId);
    const asset = await this.assets.lookup.asset(ctx.tenantId, assetId);
    if (!asset) throw new AppError('not_found', 'No such asset.');
    const settings = await this.settings.get(ctx.tenantId);
    const [embeddings, suggestions] = await Promise.all([
      this.repos.faces.embeddingsForAsset(ctx.tenantId, assetId),
      this.repos.faces.suggestionsForBoxes(ctx.tenantId, asset.boxes.map((b) => b.id)),
    ]);
    const byBox = new Map(embeddings.map((e) => [e.boxId, e]));
    return {
      assetId,
      scan: scan ? { status: scan.status as 'done' | 'failed' | 'skipped', faces: scan.faces, error: scan.error, at: scan.updatedAt.toISOString() } : null,
      faces: asset.boxes.map((b) => {
        const e = byBox.get(b.id);
        return toFaceDto(b, e, settings, b.personId ? [] : suggestions.filter((s) => s.boxId === b.id && s.status === 'pending'));
      }),
    };
  }

  approve(ctx: RequestContext, suggestionId: string): Promise<FaceDecisionDto> {
    return this.decide(ctx, suggestionId, 'approved');
  }

  reject(ctx: RequestContext, suggestionId: string): Promise<FaceDecisionDto> {
    return this.decide(ctx, suggestionId, 'rejected');
  }

  private async decide(ctx: RequestContext, suggestionId: string, status: 'approved' | 'rejected'): Promise<FaceDecisionDto> {
    const settings = await this.settings.get(ctx.tenantId);
    const result = await this.uow.run(async (repos, _afterCommit, scope) => {
      const s = await repos.faces.findSuggestion(ctx.tenantId, suggestionId);
      if (!s) throw new AppError('not_found', 'No such suggestion.');
      if (s.status !== 'pending') throw new AppError('conflict', `The suggestion was already ${s.status}.`);
      if (s.box.personId) throw new AppError('conflict', 'The face is already tagged; untag it first.');
      const decided = await repos.faces.decide(ctx.tenantId, s.id, status, ctx.actor.type === 'user' ? ctx.actor.id : null);
      const entry = { boxId: s.boxId, personId: s.personId, score: s.score };
      if (status === 'approved') {
        // Tagging a person changes the GDPR status of the asset (the assets module recomputes it and tells face matching).
        await this.assets.faceBoxes.tag(scope, ctx.tenantId, s.boxId, s.personId);
        await repos.faces.deletePending(ctx.tenantId, s.boxId);
        await repos.audit.append({ ...auditMeta(ctx), action: 'face.suggestion_approved', entityType: 'asset', entityId: s.box.assetId, before: { boxId: s.boxId, personId: null }, after: entry });
      } else {
        await repos.audit.append({ ...auditMeta(ctx), action: 'face.suggestion_rejected', entityType: 'asset', entityId: s.box.assetId, after: entry });
      }
      const box = await this.assets.faceBoxes.box(scope, ctx.tenantId, s.boxId);
      const embedding = (await repos.faces.embeddingsForAsset(ctx.tenantId, s.box.assetId)).find((e) => e.boxId === s.boxId);
      const pending = status === 'rejected' ? (await repos.faces.suggestionsForBoxes(ctx.tenantId, [s.boxId])).filter((x) => x.status === 'pending') : [];
      return { decided, face: toFaceDto(box!, embedding, settings, pending) };
    });
    return { suggestion: toSuggestionDto(result.decided), face: result.face };
  }
}
