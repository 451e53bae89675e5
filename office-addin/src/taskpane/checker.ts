import type { LiveChange, LiveStatus } from '@likeness/sdk';
import type { DocumentRegistry } from '../adapters/document-registry';
import type { DocumentImage, HostAdapter } from '../adapters/host-adapter';
import { PHASH_MATCH_DISTANCE, hammingDistance } from '../shared/perceptual-hash';
import { base64ToBytes, perceptualHashOfBytes, sha256Hex } from './browser-hash';
import type { LikenessApi } from './likeness-api';

export type CheckStatus = 'approved' | 'expiring' | 'withdrawn' | 'expired' | 'consent_missing' | 'persons_missing' | 'unhandled' | 'unknown' | 'foreign';

export interface CheckedImage {
  image: DocumentImage;
  /** From the tags, the document registry or the server's content lookup; null = not from the bank. */
  assetId: string | null;
  source: 'tag' | 'registry' | 'content' | null;
  status: CheckStatus;
  approvedUntil: string | null;
  title: string | null;
}

export interface CheckResult {
  images: CheckedImage[];
  /** Untagged images whose bytes the host could not give (shown as not from the bank). */
  unreadable: number;
}

/**
 * "Check this document": every image, its asset id from the tags (or the registry, or by content), and all
 * statuses from one batch (LiveStatus.track), which then follows the socket while the pane is open.
 */
export class DocumentChecker {
  private result: CheckResult = { images: [], unreadable: 0 };
  private readonly titles = new Map<string, string>();

  constructor(
    private readonly adapter: HostAdapter,
    private readonly registry: DocumentRegistry,
    private readonly api: LikenessApi,
    private readonly live: LiveStatus,
  ) {}

  get current(): CheckResult {
    return this.result;
  }

  /** Re-reads statuses into the last listing (a live change). Returns the images that just stopped being approved. */
  applyChange(change: LiveChange): CheckedImage[] {
    const turned: CheckedImage[] = [];
    for (const checked of this.result.images) {
      if (checked.assetId !== change.assetId) continue;
      const before = checked.status;
      this.fill(checked);
      if ((before === 'approved' || before === 'expiring') && checked.status !== 'approved' && checked.status !== 'expiring') turned.push(checked);
    }
    return turned;
  }

  rememberTitle(assetId: string, title: string): void {
    this.titles.set(assetId, title);
  }

  async check(): Promise<CheckResult> {
    const images = await this.adapter.listImages();
    const ids = new Map<DocumentImage, { assetId: string | null; source: CheckedImage['source'] }>();
    const untagged: Array<{ image: DocumentImage; sha256: string; phash: string | null }> = [];
    let unreadable = 0;
    for (const image of images) {
      if (image.assetId) {
        ids.set(image, { assetId: image.assetId, source: 'tag' });
        continue;
      }
      const base64 = this.adapter.can('readBytes') ? await this.adapter.imageBytes(image.ref) : null;
      if (!base64) {
        unreadable++;
        ids.set(image, { assetId: null, source: null });
        continue;
      }
      const bytes = base64ToBytes(base64);
      const [sha256, { hash }] = await Promise.all([sha256Hex(bytes), perceptualHashOfBytes(bytes)]);
      const known = this.registry.bySha256(sha256) ?? this.registry.entries().find((e) => hash && e.phash && hammingDistance(e.phash, hash) <= PHASH_MATCH_DISTANCE);
      if (known) ids.set(image, { assetId: known.assetId, source: 'registry' });
      else untagged.push({ image, sha256, phash: hash });
    }
    if (untagged.length) {
      const found = await this.api.lookup(untagged.map((u, i) => ({ key: String(i), sha256: u.sha256, phash: u.phash })));
      untagged.forEach((u, i) => {
        const assetId = found.find((f) => f.key === String(i))?.assetId ?? null;
        ids.set(u.image, { assetId, source: assetId ? 'content' : null });
      });
    }
    const assetIds = [...new Set([...ids.values()].flatMap((v) => (v.assetId ? [v.assetId] : [])))];
    if (assetIds.length) await this.live.track(assetIds);
    this.result = {
      unreadable,
      images: images.map((image) => {
        const { assetId, source } = ids.get(image)!;
        return this.fill({ image, assetId, source, status: 'foreign', approvedUntil: null, title: image.label });
      }),
    };
    return this.result;
  }

  private fill(checked: CheckedImage): CheckedImage {
    if (!checked.assetId) return checked;
    const state = this.live.get(checked.assetId);
    checked.status = state.status as CheckStatus;
    checked.approvedUntil = state.approvedUntil;
    checked.title = this.titles.get(checked.assetId) ?? checked.title;
    if (state.status === 'approved' && !state.approved) checked.status = 'expired';
    return checked;
  }
}

export function needsAttention(c: CheckedImage): boolean {
  return c.status !== 'approved';
}
