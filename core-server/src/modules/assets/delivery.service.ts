import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DELIVERY_WIDTHS } from '@likeness/shared';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import sharp from 'sharp';
import type { FileStorage } from '../../storage/file.storage';
import type { StatusReads } from '../status';
import type { AssetsRepositories } from './assets.repositories';

/** Longest a host may keep an image without asking again, even with no end in sight: a withdrawal reaches it within this. */
export const DELIVERY_MAX_AGE_S = 60;

const LOOKUP_CACHE_SIZE = 20_000;

type PublicAsset = NonNullable<Awaited<ReturnType<AssetsRepositories['assets']['findByPublicId']>>>;

export type Delivery =
  | { kind: 'image'; path: string; etag: string; maxAgeSeconds: number }
  /** Not approved there, unknown, not an image or not a delivery channel: nothing to say why. */
  | { kind: 'not_found' }
  /** Withdrawn on that channel: hosts and CDNs should drop it for good. */
  | { kind: 'gone' };

/**
 * Consent-enforced delivery for hosts that run no plugin (newsletters, static sites, intranets): the image at a
 * stable public URL per channel, answered only while it is approved there. Resized on first request and kept next
 * to the original; the cache lifetime never reaches past the approval's end, and the ETag changes with the status.
 */
export class DeliveryService {
  private readonly rendering = new Map<string, Promise<void>>();
  private readonly byPublicId = new Map<string, PublicAsset>();

  constructor(
    private readonly repos: AssetsRepositories,
    private readonly status: StatusReads,
    private readonly settings: TenantSettingsSource,
    private readonly storage: FileStorage,
    private readonly maxImagePixels: number,
  ) {}

  async open(publicId: string, channel: string, width: number, now = new Date()): Promise<Delivery> {
    if (!(DELIVERY_WIDTHS as readonly number[]).includes(width) || !/^[0-9a-f]{32}$/.test(publicId)) return { kind: 'not_found' };
    const asset = await this.lookup(publicId);
    if (!asset || asset.kind !== 'image') return { kind: 'not_found' };
    const settings = await this.settings.get(asset.tenantId);
    if (!settings.deliveryChannels.includes(channel)) return { kind: 'not_found' };
    // The status from the same facts as the batch endpoint: a withdrawal is seen by the next request.
    const s = await this.status.inChannel(asset.tenantId, asset.id, channel, now);
    if (!s?.approved) return s?.status === 'withdrawn' ? { kind: 'gone' } : { kind: 'not_found' };
    const untilEnd = s.approvedUntil ? Math.floor((s.approvedUntil.getTime() - now.getTime()) / 1000) : Infinity;
    const maxAgeSeconds = Math.max(0, Math.min(DELIVERY_MAX_AGE_S, untilEnd));
    // Never wider than the original: a request for more gets the original's width, under its own cache name.
    const size = asset.width ? Math.min(width, asset.width) : width;
    const path = this.storage.pathOf(`${asset.storageKey}/delivery-${size}.webp`);
    await this.render(this.storage.pathOf(`${asset.storageKey}/original`), path, size);
    const etag = `"${createHash('sha256').update(`${asset.sha256}|${size}|${channel}|${s.status}|${s.approvedUntil?.toISOString() ?? ''}`).digest('base64url').slice(0, 27)}"`;
    return { kind: 'image', path, etag, maxAgeSeconds };
  }

  /**
   * The row behind a public id, kept in memory: those fields never change, and a deleted asset is caught by its
   * status (no facts: not found) before anything is sent. Ids not found are not kept.
   */
  private async lookup(publicId: string): Promise<PublicAsset | null> {
    const hit = this.byPublicId.get(publicId);
    if (hit) return hit;
    const row = await this.repos.assets.findByPublicId(publicId);
    if (!row) return null;
    if (this.byPublicId.size >= LOOKUP_CACHE_SIZE) this.byPublicId.delete(this.byPublicId.keys().next().value!);
    this.byPublicId.set(publicId, row);
    return row;
  }

  /** Once per file and width, however many first requests arrive together; written under a temp name, then renamed. */
  private async render(source: string, target: string, width: number): Promise<void> {
    if (fs.existsSync(target)) return;
    let pending = this.rendering.get(target);
    if (!pending) {
      const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
      pending = sharp(source, { limitInputPixels: this.maxImagePixels, failOn: 'error' })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toFile(temp)
        .then(() => fs.promises.rename(temp, target))
        .catch(async (err: unknown) => {
          await fs.promises.rm(temp, { force: true });
          throw err;
        })
        .finally(() => this.rendering.delete(target));
      this.rendering.set(target, pending);
    }
    await pending;
  }
}
