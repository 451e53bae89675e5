import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { unwrap } from '@likeness/sdk';
import { message, plugin } from './util';

const LINK = 'plugin::likeness.media-link';
const FILE = 'plugin::upload.file';

export interface StrapiFile {
  id: number;
  name?: string;
  url?: string;
  hash?: string;
  ext?: string;
  mime?: string;
  formats?: Record<string, { url?: string }> | null;
}

type Source = 'hash' | 'import' | 'manual';

/**
 * Which Media Library file is which Likeness asset. Held in memory (the warm path of every Content API
 * response reads it), persisted in `likeness_media_links`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const assetByFile = new Map<number, string>();
  const fileByUrl = new Map<string, number>();
  const filesByAsset = new Map<string, Set<number>>();

  const normalUrl = (url: string) => {
    try {
      return new URL(url, 'http://x').pathname;
    } catch {
      return url;
    }
  };
  const urlsOf = (file: StrapiFile) => [file.url, ...Object.values(file.formats ?? {}).map((f) => f?.url)].filter((u): u is string => Boolean(u));

  const remember = (file: StrapiFile, assetId: string) => {
    service.forgetFile(file.id);
    assetByFile.set(file.id, assetId);
    for (const url of urlsOf(file)) fileByUrl.set(normalUrl(url), file.id);
    if (!filesByAsset.has(assetId)) filesByAsset.set(assetId, new Set());
    filesByAsset.get(assetId)!.add(file.id);
  };

  const service = {
    async load(): Promise<void> {
      assetByFile.clear();
      fileByUrl.clear();
      filesByAsset.clear();
      const links = (await strapi.db.query(LINK).findMany({ select: ['fileId', 'assetId'] })) as Array<{ fileId: number; assetId: string }>;
      const files = links.length
        ? ((await strapi.db.query(FILE).findMany({ where: { id: { $in: links.map((l) => l.fileId) } }, select: ['id', 'url', 'formats'] })) as StrapiFile[])
        : [];
      const byId = new Map(files.map((f) => [f.id, f]));
      for (const link of links) {
        const file = byId.get(link.fileId);
        if (file) remember(file, link.assetId);
      }
    },

    assetOfFile(fileId: number | undefined): string | undefined {
      return fileId === undefined ? undefined : assetByFile.get(fileId);
    },

    fileOfUrl(url: string): number | undefined {
      return fileByUrl.get(normalUrl(url));
    },

    filesOfAsset(assetId: string): number[] {
      return [...(filesByAsset.get(assetId) ?? [])];
    },

    hasAsset(assetId: string): boolean {
      return filesByAsset.has(assetId);
    },

    allAssetIds(): string[] {
      return [...filesByAsset.keys()];
    },

    /** Is this URL a file of the Media Library (linked or not)? */
    isUploadUrl(url: string): boolean {
      return fileByUrl.has(normalUrl(url)) || /\/uploads\//.test(url);
    },

    async link(file: StrapiFile, assetId: string, source: Source, sha256?: string): Promise<void> {
      const existing = await strapi.db.query(LINK).findOne({ where: { fileId: file.id } });
      if (existing) await strapi.db.query(LINK).update({ where: { id: existing.id }, data: { assetId, source, sha256 } });
      else await strapi.db.query(LINK).create({ data: { fileId: file.id, assetId, source, sha256 } });
      remember(file, assetId);
      await plugin(strapi, 'connection').track([assetId], 3_000);
    },

    forgetFile(fileId: number): void {
      const assetId = assetByFile.get(fileId);
      assetByFile.delete(fileId);
      for (const [url, id] of fileByUrl) if (id === fileId) fileByUrl.delete(url);
      if (assetId) {
        filesByAsset.get(assetId)?.delete(fileId);
        if (!filesByAsset.get(assetId)?.size) filesByAsset.delete(assetId);
      }
    },

    async unlink(fileId: number): Promise<void> {
      await strapi.db.query(LINK).deleteMany({ where: { fileId } });
      service.forgetFile(fileId);
    },

    /** SHA-256 of a stored file: local files from disk, others over HTTP. */
    async storedFileHash(file: StrapiFile): Promise<string | null> {
      if (!file.url) return null;
      try {
        if (file.url.startsWith('/')) {
          const local = path.join(strapi.dirs.static.public, decodeURIComponent(file.url.split('?')[0]!));
          return await hashFile(local);
        }
        const res = await fetch(file.url, { signal: AbortSignal.timeout(30_000) });
        if (!res.ok) return null;
        return createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
      } catch (err) {
        strapi.log.warn(`[likeness] could not read file ${file.id} to hash it: ${message(err)}`);
        return null;
      }
    },

    /** The Likeness asset whose original has exactly this SHA-256: one indexed lookup on the server. */
    async findAssetByHash(sha256: string): Promise<string | null> {
      const client = plugin(strapi, 'connection').client;
      if (!client) return null;
      const page = await unwrap(client.GET('/api/v1/assets', { params: { query: { sha256, limit: 1 } } }));
      return page.items[0]?.id ?? null;
    },

    /** Links a file by hash (raw upload hash when known, else the stored file). Never throws. */
    async linkByHash(file: StrapiFile, rawSha256?: string): Promise<string | null> {
      if (!plugin(strapi, 'connection').configured) return null;
      try {
        const sha256 = rawSha256 ?? (await service.storedFileHash(file));
        if (!sha256) return null;
        const assetId = await service.findAssetByHash(sha256);
        if (assetId) await service.link(file, assetId, 'hash', sha256);
        return assetId;
      } catch (err) {
        strapi.log.warn(`[likeness] linking file ${file.id} failed: ${message(err)}`);
        return null;
      }
    },
  };
  return service;
};

export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
