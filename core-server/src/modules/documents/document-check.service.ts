import { AppError, type CheckedImageDto, type ChannelStatusDto, type DocumentCheckReportDto } from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { UploadedFile } from '../../kernel/upload';
import type { FingerprintIndex } from './fingerprint.index';
import { fingerprintOf } from './image-fingerprint';
import { detectFormat, findImages } from './ooxml-images';
import { OoxmlPackage, type PackageLimits } from '../../media/ooxml-package';

/** The status module's per-asset view (every channel of the tenant). */
export interface AssetStatusReader {
  forAssets(tenantId: string, assetIds: string[]): Promise<Map<string, ChannelStatusDto[]>>;
}

/** How many images are hashed at once: sharp runs each on its own threads. */
const HASH_CONCURRENCY = 4;

/**
 * The server-side document check: every image in an uploaded .docx/.pptx, recognised by the add-in's tags or by
 * content, with its status in one channel. The upload is read in place and deleted afterwards; nothing is stored.
 */
export class DocumentCheckService {
  constructor(
    private readonly index: FingerprintIndex,
    private readonly status: AssetStatusReader,
    private readonly settings: TenantSettingsSource,
    private readonly limits: PackageLimits,
    private readonly maxPixels: number,
    private readonly discard: (path: string) => Promise<void>,
  ) {}

  async check(ctx: RequestContext, upload: UploadedFile, channel: string): Promise<DocumentCheckReportDto> {
    try {
      await assertChannel(this.settings, ctx.tenantId, channel);
      const pkg = await OoxmlPackage.open(upload.path, this.limits);
      try {
        const format = detectFormat(pkg, this.limits);
        const images = await findImages(pkg, format, this.limits);
        const fingerprints = await mapLimited(images, HASH_CONCURRENCY, async (image) => fingerprintOf(await pkg.read(image.part), this.maxPixels));
        const titles = await this.index.titles(ctx.tenantId);
        const byContent = await this.index.lookup(ctx.tenantId, fingerprints);
        const matched = images.map((image, i) => {
          const tagged = image.taggedAssetIds.find((id) => titles.has(id));
          if (tagged) return { assetId: tagged, match: 'tag' as const };
          const found = byContent[i];
          return found ? { assetId: found.assetId, match: found.match } : { assetId: null, match: null };
        });
        const ids = [...new Set(matched.flatMap((m) => (m.assetId ? [m.assetId] : [])))];
        const statuses = ids.length ? await this.status.forAssets(ctx.tenantId, ids) : new Map<string, ChannelStatusDto[]>();
        const checked: CheckedImageDto[] = images.map((image, i) => {
          const { assetId, match } = matched[i]!;
          const s = assetId ? statuses.get(assetId)?.find((c) => c.channel === channel) : undefined;
          return {
            part: image.part,
            contentType: image.contentType,
            size: pkg.entries.get(image.part)!.size,
            sha256: fingerprints[i]!.sha256,
            phash: fingerprints[i]!.phash,
            locations: image.locations,
            assetId,
            match,
            title: assetId ? (titles.get(assetId) ?? null) : null,
            status: assetId ? (s?.status ?? 'unknown') : 'foreign',
            approved: s?.approved ?? false,
            approvedUntil: s?.approvedUntil ?? null,
            reasons: s?.reasons ?? [],
          };
        });
        return {
          fileName: upload.fileName,
          format,
          channel,
          evaluatedAt: new Date().toISOString(),
          images: checked,
          summary: {
            images: checked.length,
            approved: checked.filter((c) => c.approved).length,
            notApproved: checked.filter((c) => !c.approved && c.status !== 'foreign').length,
            expiringSoon: checked.filter((c) => c.status === 'expiring').length,
            foreign: checked.filter((c) => c.status === 'foreign').length,
          },
        };
      } finally {
        await pkg.close();
      }
    } finally {
      await this.discard(upload.path);
    }
  }
}

export async function assertChannel(settings: TenantSettingsSource, tenantId: string, channel: string): Promise<void> {
  const { channels } = await settings.get(tenantId);
  if (!channels.includes(channel)) {
    throw new AppError('channel_unknown', `The organisation has no channel "${channel}".`, { channels });
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
