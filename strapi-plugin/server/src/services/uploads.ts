import type { Core } from '@strapi/strapi';
import { hashFile, type StrapiFile } from './links';
import { message, plugin } from './util';

type UploadFile = { filepath?: string; originalFilename?: string };

/**
 * Links uploads by SHA-256 of the bytes as uploaded: Strapi may re-encode an image (size optimisation)
 * before storing it, so the hash is taken from the upload's temporary file, around the upload service.
 * Files created any other way are linked from the upload plugin's lifecycles by their stored bytes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Files the wrapped upload service is linking right now (the lifecycle leaves them alone). */
  const linkingRaw = new Set<string>();

  const rawHashes = async (files: UploadFile | UploadFile[]) => {
    const list = Array.isArray(files) ? files : [files];
    return Promise.all(list.map(async (f) => (f?.filepath ? hashFile(f.filepath).catch(() => undefined) : undefined)));
  };

  return {
    wrapUploadService(): void {
      const upload = strapi.plugin('upload').service('upload') as Record<string, (...args: any[]) => Promise<any>>;
      const original = upload.upload!.bind(upload);
      const originalReplace = upload.replace!.bind(upload);
      upload.upload = async (input: { data: unknown; files: UploadFile | UploadFile[] }, opts?: unknown) => {
        const hashes = await rawHashes(input.files);
        hashes.forEach((h) => h && linkingRaw.add(h));
        try {
          const created = (await original(input, opts)) as StrapiFile[];
          await Promise.all(created.map((file, i) => plugin(strapi, 'links').linkByHash(file, hashes[i])));
          return created;
        } finally {
          hashes.forEach((h) => h && linkingRaw.delete(h));
        }
      };
      upload.replace = async (id: number, input: { data: unknown; file: UploadFile }, opts?: unknown) => {
        const [hash] = await rawHashes(input.file);
        const file = (await originalReplace(id, input, opts)) as StrapiFile;
        await plugin(strapi, 'links').unlink(file.id);
        await plugin(strapi, 'links').linkByHash(file, hash);
        return file;
      };
    },

    subscribeLifecycles(): void {
      strapi.db.lifecycles.subscribe({
        models: ['plugin::upload.file'],
        afterCreate: (event: any) => {
          const file = event.result as StrapiFile;
          if (linkingRaw.size) return; // an upload through the service: linked with the raw hash there
          void plugin(strapi, 'links').linkByHash(file).catch((err) => strapi.log.warn(`[likeness] ${message(err)}`));
        },
        afterDelete: (event: any) => {
          const id = event.result?.id as number | undefined;
          if (id) void plugin(strapi, 'links').unlink(id).catch((err) => strapi.log.warn(`[likeness] ${message(err)}`));
        },
        afterDeleteMany: () => void plugin(strapi, 'links').load().catch((err) => strapi.log.warn(`[likeness] ${message(err)}`)),
      } as never);
    },
  };
};
