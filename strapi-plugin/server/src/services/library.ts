import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { unwrap, type Schemas } from '@likeness/sdk';
import { plugin } from './util';

export interface LibraryItem {
  assetId: string;
  title: string;
  originalName: string;
  width: number | null;
  height: number | null;
  approvedUntil: string | null;
  hasThumbnail: boolean;
  /** Already in the Media Library (imported or linked). */
  fileIds: number[];
}

/** The picker: approved Likeness images with search and proxied thumbnails, and import into the Media Library. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const client = () => {
    const c = plugin(strapi, 'connection').client;
    if (!c) throw new errors.ApplicationError('Likeness is not configured: enter the server URL and API key in Settings → Likeness.');
    return c;
  };

  return {
    /** One page of approved images (search in title and file name). */
    async list(q: string | undefined, cursor: string | undefined): Promise<{ items: LibraryItem[]; nextCursor: string | null }> {
      const channel = plugin(strapi, 'connection').channel;
      const items: LibraryItem[] = [];
      let next: string | null = cursor ?? null;
      // Approved files may be sparse among all files: read on until a screenful is found.
      for (let pages = 0; pages < 5 && items.length < 24; pages++) {
        const page: Schemas['AssetPage'] = await unwrap(client().GET('/api/v1/assets', { params: { query: { limit: 48, ...(q ? { q } : {}), ...(next ? { cursor: next } : {}) } } }));
        for (const asset of page.items) {
          const status = asset.statuses.find((s) => s.channel === channel);
          if (asset.kind !== 'image' || !status?.approved) continue;
          items.push({
            assetId: asset.id,
            title: asset.title ?? asset.originalName,
            originalName: asset.originalName,
            width: asset.width ?? null,
            height: asset.height ?? null,
            approvedUntil: status.approvedUntil ?? null,
            hasThumbnail: asset.hasThumbnail,
            fileIds: plugin(strapi, 'links').filesOfAsset(asset.id),
          });
        }
        next = page.nextCursor;
        if (!next) break;
      }
      return { items, nextCursor: next };
    },

    async thumbnail(assetId: string): Promise<{ body: Buffer; type: string }> {
      const res = await client().GET('/api/v1/assets/{id}/files/{variant}', { params: { path: { id: assetId, variant: 'thumbnail' } }, parseAs: 'arrayBuffer' });
      if (!res.response.ok || !res.data) throw new errors.NotFoundError('No thumbnail for this image.');
      return { body: Buffer.from(res.data as ArrayBuffer), type: res.response.headers.get('content-type') ?? 'image/jpeg' };
    },

    /** Copies an approved image into the Media Library, linked to its asset; an already imported one is reused. */
    async import(assetId: string, user?: { id: number }): Promise<Record<string, unknown>> {
      const existing = plugin(strapi, 'links').filesOfAsset(assetId);
      if (existing.length) return strapi.db.query('plugin::upload.file').findOne({ where: { id: existing[0] } });
      const state = (await plugin(strapi, 'connection').states([assetId], 5_000)).get(assetId)!;
      if (!state.approved) throw new errors.ApplicationError(`This image is not approved for the channel (status: ${state.status.replace(/_/g, ' ')}).`);
      const asset = await unwrap(client().GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      const original = await client().GET('/api/v1/assets/{id}/files/{variant}', { params: { path: { id: assetId, variant: 'original' } }, parseAs: 'arrayBuffer' });
      if (!original.response.ok || !original.data) throw new errors.ApplicationError(`Likeness did not send the file (HTTP ${original.response.status}).`);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'likeness-import-'));
      const filepath = path.join(dir, asset.originalName.replace(/[^\w.-]+/g, '_'));
      try {
        const bytes = Buffer.from(original.data as ArrayBuffer);
        await fs.writeFile(filepath, bytes);
        const [file] = (await strapi.plugin('upload').service('upload').upload(
          {
            data: { fileInfo: { name: asset.originalName, alternativeText: asset.title ?? null, caption: asset.title ?? null } },
            files: { filepath, originalFilename: asset.originalName, mimetype: asset.contentType, size: bytes.length },
          },
          user ? { user } : undefined,
        )) as Array<Record<string, unknown> & { id: number }>;
        await plugin(strapi, 'links').link(file as never, assetId, 'import', asset.sha256);
        return file;
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
};
