import type { Core } from '@strapi/strapi';
import type { StrapiFile } from './links';
import { message, plugin } from './util';

export interface LinkJobState {
  state: 'idle' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  linked: number;
  notFound: number;
  failed: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

const PAGE = 100;

/** "Link existing files": hashes every unlinked Media Library file and looks it up in Likeness, with progress. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let job: LinkJobState = { state: 'idle', total: 0, done: 0, linked: 0, notFound: 0, failed: 0, startedAt: null, finishedAt: null, error: null };
  let running: Promise<void> | null = null;

  async function run(): Promise<void> {
    const links = plugin(strapi, 'links');
    const total = await strapi.db.query('plugin::upload.file').count({});
    job.total = total;
    for (let offset = 0; offset < total; offset += PAGE) {
      const files = (await strapi.db.query('plugin::upload.file').findMany({ select: ['id', 'name', 'url', 'formats', 'hash', 'ext'], orderBy: { id: 'asc' }, offset, limit: PAGE })) as StrapiFile[];
      for (const file of files) {
        if (links.assetOfFile(file.id)) {
          job.done++;
          continue;
        }
        try {
          const sha = await links.storedFileHash(file);
          const assetId = sha ? await links.findAssetByHash(sha) : null;
          if (assetId && sha) {
            await links.link(file, assetId, 'hash', sha);
            job.linked++;
          } else job.notFound++;
        } catch (err) {
          job.failed++;
          strapi.log.warn(`[likeness] link job: file ${file.id}: ${message(err)}`);
        }
        job.done++;
      }
    }
  }

  return {
    status(): LinkJobState {
      return { ...job };
    },
    /** Starts the job unless one runs; returns its state at once. */
    start(): LinkJobState {
      if (running) return { ...job };
      job = { state: 'running', total: 0, done: 0, linked: 0, notFound: 0, failed: 0, startedAt: new Date().toISOString(), finishedAt: null, error: null };
      running = run()
        .then(() => {
          job.state = 'done';
        })
        .catch((err) => {
          job.state = 'failed';
          job.error = message(err);
          strapi.log.error(`[likeness] link job failed: ${message(err)}`);
        })
        .finally(() => {
          job.finishedAt = new Date().toISOString();
          running = null;
        });
      return { ...job };
    },
    /** For tests and shutdown. */
    wait(): Promise<void> {
      return running ?? Promise.resolve();
    },
  };
};
