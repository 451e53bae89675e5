import fs from 'node:fs';
import {
  AppError,
  type AssetDto,
  type AssetListQuery,
  type AssetUpdate,
  type AssetCounts,
  type AssetUploadedDto,
  type BasisUpdate,
  type UsageDto,
} from '@likeness/shared';
import type { UploadedFile } from '../../kernel/upload';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { toAssetDto, toUsageDto } from './asset.mapper';
import { IMAGE_TYPES, VIDEO_TYPES, sniffType } from '../../media/media.inspector';
import { renderMediaVariants, type MediaLimits } from './media-variants';
import type { AssetObserver } from '../../kernel/ports';
import type { AssetsRepositories, AssetsUnitOfWork } from './assets.repositories';
import type { AssetWithBoxes } from './asset.repository';
import type { FileStorage } from '../../storage/file.storage';
import type { StatusChanges } from '../status';
import type { StatusReads } from '../status';

const MEDIA_TYPES = (mime: string) => IMAGE_TYPES.includes(mime) || VIDEO_TYPES.includes(mime);

export class AssetService {
  constructor(
    private readonly repos: AssetsRepositories,
    private readonly uow: AssetsUnitOfWork,
    private readonly status: StatusReads,
    private readonly effects: StatusChanges,
    private readonly storage: FileStorage,
    private readonly limits: MediaLimits,
    private readonly faces: AssetObserver,
  ) {}

  private async dto(tenantId: string, asset: AssetWithBoxes): Promise<AssetDto> {
    const statuses = await this.status.forAssets(tenantId, [asset.id]);
    return toAssetDto(asset, statuses.get(asset.id) ?? []);
  }

  private async find(tenantId: string, id: string): Promise<AssetWithBoxes> {
    const asset = await this.repos.assets.findInTenant(tenantId, id);
    if (!asset) throw new AppError('not_found', 'No such asset.');
    return asset;
  }

  async get(ctx: RequestContext, id: string): Promise<AssetDto> {
    return this.dto(ctx.tenantId, await this.find(ctx.tenantId, id));
  }

  async list(ctx: RequestContext, q: AssetListQuery): Promise<{ items: AssetDto[]; nextCursor: string | null }> {
    const filter = { q: q.q, basis: q.basis, personId: q.personId, sha256: q.sha256 };
    if (q.cursor && !(await this.repos.assets.findInTenant(ctx.tenantId, q.cursor))) {
      throw new AppError('invalid_cursor', 'The cursor is no longer valid; start from the first page.');
    }
    let rows: AssetWithBoxes[];
    if (q.status) {
      if (!q.channel) throw new AppError('validation_failed', 'Filtering by status needs a channel.', { field: 'channel' });
      // Status depends on the moment: the recorded statuses narrow the candidates, the rules on cached facts decide.
      const now = new Date();
      const candidates = { ...filter, recorded: { channel: q.channel, status: q.status, now } };
      rows = [];
      let cursor = q.cursor;
      for (;;) {
        const found = await this.repos.assets.list(ctx.tenantId, candidates, { limit: q.limit, cursor });
        const batch = found.slice(0, q.limit);
        const matching = new Set(await this.status.filterByStatus(ctx.tenantId, batch.map((a) => a.id), q.channel, q.status, now));
        rows.push(...batch.filter((a) => matching.has(a.id)));
        if (rows.length > q.limit || found.length <= q.limit) break;
        cursor = batch[batch.length - 1]!.id;
      }
    } else {
      rows = await this.repos.assets.list(ctx.tenantId, filter, q);
    }
    const page = rows.slice(0, q.limit);
    const statuses = await this.status.forAssets(ctx.tenantId, page.map((a) => a.id));
    return {
      items: page.map((a) => toAssetDto(a, statuses.get(a.id) ?? [])),
      nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
    };
  }

  async counts(ctx: RequestContext): Promise<AssetCounts> {
    const [total, channels] = await Promise.all([this.repos.assets.countInTenant(ctx.tenantId), this.status.counts(ctx.tenantId)]);
    return { total, channels };
  }

  async upload(ctx: RequestContext, file: UploadedFile, title: string | null): Promise<AssetUploadedDto> {
    const prefix = `assets/${ctx.tenantId}/${file.sha256}`;
    const temps: string[] = [file.path];
    let moved = false;
    try {
      const existing = await this.repos.assets.findBySha(ctx.tenantId, file.sha256);
      if (existing) {
        await this.storage.discard(file.path);
        return { ...(await this.dto(ctx.tenantId, existing)), duplicate: true };
      }

      const contentType = await sniffType(file.path, file.declaredType, MEDIA_TYPES, 'an image or a video');
      const kind = IMAGE_TYPES.includes(contentType) ? 'image' : 'video';
      const facts = await renderMediaVariants(kind, file.path, () => this.storage.tempPath(), temps, this.limits);
      await this.storage.moveInto(file.path, `${prefix}/original`);
      for (const [temp, name] of facts.files) await this.storage.moveInto(temp, `${prefix}/${name}`);
      moved = true;
      await this.storage.discard(...temps); // what was only needed on the way (a video's poster frame)

      const asset = await this.uow.run(async (repos, afterCommit, scope) => {
        const created = await repos.assets.create(ctx.tenantId, {
          sha256: file.sha256,
          kind,
          originalName: file.fileName,
          contentType,
          size: file.size,
          width: facts.width,
          height: facts.height,
          orientation: facts.orientation,
          durationMs: facts.durationMs,
          codec: facts.codec,
          takenAt: null,
          storageKey: prefix,
          title,
        });
        await repos.audit.append({
          ...auditMeta(ctx),
          action: 'asset.uploaded',
          entityType: 'asset',
          entityId: created.id,
          after: { sha256: file.sha256, contentType, size: file.size, originalName: file.fileName },
        });
        await this.effects.assetsChanged(scope, ctx.tenantId, [created.id]);
        // Face matching indexes the new file in the background (when the organisation has it on).
        afterCommit(() => this.faces.assetUploaded(ctx.tenantId, created.id));
        return created;
      });
      return { ...(await this.dto(ctx.tenantId, asset)), duplicate: false };
    } catch (err) {
      await this.storage.discard(...temps);
      const raced = await this.repos.assets.raceWinner(err, ctx.tenantId, file.sha256);
      // A concurrent upload of the same bytes won: its files are identical and now in place, so keep them.
      if (raced) return { ...(await this.dto(ctx.tenantId, raced)), duplicate: true };
      if (moved) await this.storage.remove(prefix);
      throw err;
    }
  }

  async update(ctx: RequestContext, id: string, input: AssetUpdate): Promise<AssetDto> {
    const asset = await this.uow.run(async (repos) => {
      const current = await repos.assets.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such asset.');
      const updated = await repos.assets.update(ctx.tenantId, id, { title: input.title ?? null });
      await repos.audit.append({ ...auditMeta(ctx), action: 'asset.updated', entityType: 'asset', entityId: id, before: { title: current.title }, after: { title: updated.title } });
      return updated;
    });
    return this.dto(ctx.tenantId, asset);
  }

  async setBasis(ctx: RequestContext, id: string, input: BasisUpdate): Promise<AssetDto> {
    const asset = await this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.assets.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such asset.');
      // Checked inside the transaction, so a withdrawal committed a moment ago is seen.
      const overridden = input.basis && input.basis !== 'consent' ? await this.status.withdrawalsOn(scope, ctx.tenantId, id) : [];
      if (overridden.length > 0 && !input.overrideWithdrawal) {
        throw new AppError(
          'withdrawal_override_required',
          'A person in this file has withdrawn their consent. Setting another legal basis overrides that; confirm it with a reason.',
          { withdrawals: overridden },
        );
      }
      const updated = await repos.assets.update(ctx.tenantId, id, {
        basis: input.basis,
        basisNote: input.note ?? null,
        basisValidUntil: input.validUntil ? new Date(input.validUntil) : null,
        basisSetAt: input.basis ? new Date() : null,
      });
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'asset.basis_set',
        entityType: 'asset',
        entityId: id,
        before: { basis: current.basis, validUntil: current.basisValidUntil?.toISOString() ?? null },
        after: {
          basis: updated.basis,
          validUntil: updated.basisValidUntil?.toISOString() ?? null,
          note: updated.basisNote,
          ...(overridden.length > 0 ? { overrideWithdrawal: { reason: input.overrideWithdrawal!.reason, withdrawals: overridden } } : {}),
        },
      });
      await this.effects.assetsChanged(scope, ctx.tenantId, [id]);
      return updated;
    });
    return this.dto(ctx.tenantId, asset);
  }

  async delete(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    const key = await this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.assets.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such asset.');
      await repos.assets.delete(ctx.tenantId, id);
      await repos.audit.append({ ...auditMeta(ctx), action: 'asset.deleted', entityType: 'asset', entityId: id, before: { sha256: current.sha256, originalName: current.originalName } });
      await this.effects.assetsChanged(scope, ctx.tenantId, [id]);
      return current.storageKey;
    });
    await this.storage.remove(key);
    return { ok: true };
  }

  async openFile(ctx: RequestContext, id: string, variant: 'original' | 'preview' | 'thumbnail' | 'clip') {
    const asset = await this.find(ctx.tenantId, id);
    if (variant === 'clip' && asset.kind !== 'video') throw new AppError('not_found', 'Only videos have a clip.');
    const [name, contentType] = variant === 'original' ? ['original', asset.contentType] : variant === 'clip' ? ['clip.mp4', 'video/mp4'] : [`${variant}.webp`, 'image/webp'];
    const path = this.storage.pathOf(`${asset.storageKey}/${name}`);
    // Videos uploaded before this server could read them have no poster or clip.
    if (!fs.existsSync(path)) throw new AppError('not_found', variant === 'original' ? 'The file is missing from storage.' : `This file has no ${variant}.`);
    return { path, contentType, fileName: asset.originalName, sha256: asset.sha256 };
  }

  async usages(ctx: RequestContext, id: string): Promise<{ items: UsageDto[] }> {
    await this.find(ctx.tenantId, id);
    return { items: (await this.repos.usages.forAsset(ctx.tenantId, id)).map(toUsageDto) };
  }
}

