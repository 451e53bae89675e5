import sharp from 'sharp';
import { AppError } from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { assertChannel, type AssetStatusReader } from './document-check.service';

export interface BankImageFile {
  path: string;
  title: string | null;
  originalName: string;
}

export interface ImageFileSource {
  imageFile(tenantId: string, assetId: string): Promise<BankImageFile | null>;
}

export interface RenderedImage {
  /** A temp file the caller deletes once sent. */
  path: string;
  contentType: 'image/jpeg' | 'image/png';
  fileName: string;
}

/**
 * The file the add-in inserts: the original as displayed (EXIF-rotated), at most `maxWidth` wide, as JPEG — or
 * PNG when it has transparency — since Word and PowerPoint take neither WebP nor every original format.
 * Only an image approved in the channel now is handed out.
 */
export class InsertableImageService {
  constructor(
    private readonly files: ImageFileSource,
    private readonly status: AssetStatusReader,
    private readonly settings: TenantSettingsSource,
    private readonly maxPixels: number,
    private readonly tempPath: () => string,
  ) {}

  async render(ctx: RequestContext, assetId: string, channel: string, maxWidth: number): Promise<RenderedImage> {
    await assertChannel(this.settings, ctx.tenantId, channel);
    const file = await this.files.imageFile(ctx.tenantId, assetId);
    if (!file) throw new AppError('not_found', 'No such image in the bank.');
    const status = (await this.status.forAssets(ctx.tenantId, [assetId])).get(assetId)?.find((s) => s.channel === channel);
    if (!status?.approved) {
      throw new AppError('conflict', `This image is not approved for the channel "${channel}" (${status?.status ?? 'unknown'}).`, {
        status: status?.status ?? 'unknown',
      });
    }
    const image = sharp(file.path, { limitInputPixels: this.maxPixels }).rotate().resize({ width: maxWidth, withoutEnlargement: true });
    const { hasAlpha } = await sharp(file.path, { limitInputPixels: this.maxPixels }).metadata();
    const base = (file.title || file.originalName).replace(/\.[a-z0-9]+$/i, '').slice(0, 100) || 'image';
    const path = this.tempPath();
    if (hasAlpha) {
      await image.png().toFile(path);
      return { path, contentType: 'image/png', fileName: `${base}.png` };
    }
    await image.jpeg({ quality: 85, mozjpeg: true }).toFile(path);
    return { path, contentType: 'image/jpeg', fileName: `${base}.jpg` };
  }
}
