import fs from 'node:fs';
import { AppError } from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import { renderVariant } from '../../media/media.inspector';
import { extractFrame } from '../../media/video';
import type { FileStorage } from '../../storage/file.storage';
import type { AssetsRepositories } from './assets.repositories';

/** How wide a frame is shown: enough for a face in the dashboard's list. */
const FRAME_WIDTH = 640;

/** One frame of a video (where a face track is clearest), rendered on first request and kept beside the video. */
export class VideoFrameService {
  constructor(
    private readonly repos: AssetsRepositories,
    private readonly storage: FileStorage,
    private readonly maxImagePixels: number,
  ) {}

  async open(ctx: RequestContext, assetId: string, ms: number): Promise<{ path: string; fileName: string }> {
    const asset = await this.repos.assets.findInTenant(ctx.tenantId, assetId);
    if (!asset) throw new AppError('not_found', 'No such asset.');
    if (asset.kind !== 'video' || asset.durationMs === null || ms > asset.durationMs) throw new AppError('not_found', 'The file has no frame at that time.');
    const key = `${asset.storageKey}/frames/${ms}.webp`;
    const target = this.storage.pathOf(key);
    if (!fs.existsSync(target)) {
      const frame = this.storage.tempPath();
      const rendered = this.storage.tempPath();
      try {
        await extractFrame(this.storage.pathOf(`${asset.storageKey}/original`), ms, frame);
        await renderVariant(frame, rendered, FRAME_WIDTH, this.maxImagePixels);
        await this.storage.moveInto(rendered, key); // a rename: a reader never sees half a file
      } finally {
        await this.storage.discard(frame, rendered);
      }
    }
    return { path: target, fileName: `${asset.originalName}-${ms}.webp` };
  }
}
