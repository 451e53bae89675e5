import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LikenessApiError, reportUsage } from '@likeness/sdk';
import type { ImageVerdict } from './entries';
import { message, plugin } from './util';

type Json = Record<string, any>;
const USAGE = 'plugin::likeness.usage';
const RETRY_MS = 60_000;

/**
 * The document-service side: refuses to publish entries with images Likeness does not allow, and keeps
 * Likeness's publication history (usages) in step with what is published.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let retryTimer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  const location = async (uid: string, entry: Json, locale: string | undefined) => {
    const { urlPattern } = await plugin(strapi, 'settings').get();
    const values: Record<string, string> = {
      type: plugin(strapi, 'entries').singularName(uid),
      documentId: String(entry.documentId ?? ''),
      locale: locale ?? String(entry.locale ?? ''),
      id: String(entry.id ?? ''),
    };
    return urlPattern.replace(/\{([a-zA-Z0-9_]+)\}/g, (_, key: string) => encodeURIComponent(values[key] ?? String(entry[key] ?? '')));
  };

  const blockedMessage = (blocked: ImageVerdict[]) => {
    const names = blocked.map((b) => `"${b.name}" (${b.state?.stale ? 'Likeness unreachable' : (b.state?.status ?? 'not in Likeness').replace(/_/g, ' ')})`).join(', ');
    return `Likeness: this entry cannot be published, ${blocked.length === 1 ? 'an image is' : 'images are'} not approved for this channel: ${names}. Replace or remove ${blocked.length === 1 ? 'it' : 'them'}.`;
  };

  const service = {
    /** Throws a clear ApplicationError when the draft about to be published uses a non-approved image. */
    async guardPublish(uid: string, documentId: string | undefined, locale: string | undefined, data?: Json): Promise<void> {
      if (!plugin(strapi, 'connection').configured) return;
      const entries = plugin(strapi, 'entries');
      const draft = documentId ? await entries.load(uid, documentId, locale, 'draft') : null;
      // An update replaces whole fields: what gets published is the draft with the sent fields on top.
      const candidate = data ? { ...(draft ?? {}), ...data } : draft;
      const verdicts = await entries.verdicts(await entries.named(entries.images(uid, candidate)));
      const blocked = verdicts.filter((v) => !v.allowed);
      if (blocked.length) {
        strapi.log.info(`[likeness] publish refused: ${uid} ${documentId} uses ${blocked.length} non-approved image(s)`);
        throw new errors.ApplicationError(blockedMessage(blocked), {
          likeness: { blocked: blocked.map((b) => ({ name: b.name, fileId: b.fileId, assetId: b.assetId, status: b.state?.status ?? 'unlinked' })) },
        });
      }
    },

    /** Records what is published at this entry's location now (empty = nothing), then reports it. */
    async record(uid: string, documentId: string, locale: string | undefined): Promise<void> {
      const entries = plugin(strapi, 'entries');
      const published = await entries.load(uid, documentId, locale, entries.hasDraftAndPublish(uid) ? 'published' : 'draft');
      const rows = (await strapi.db.query(USAGE).findMany({ where: { contentType: uid, entryDocumentId: documentId, ...(locale ? { entryLocale: locale } : {}) } })) as Json[];
      if (!published) {
        for (const row of rows) await strapi.db.query(USAGE).update({ where: { id: row.id }, data: { assetIds: [], synced: false } });
      } else {
        const assetIds = [...new Set(entries.images(uid, published).map((i) => i.assetId).filter((id): id is string => Boolean(id)))];
        const where = await location(uid, published, locale ?? published.locale);
        const data = { location: where, contentType: uid, entryDocumentId: documentId, entryLocale: locale ?? published.locale ?? null, title: entries.title(uid, published), assetIds, synced: false };
        const same = rows.find((r) => r.location === where);
        // The pattern may have changed since: the old location no longer shows anything.
        for (const row of rows) if (row !== same) await strapi.db.query(USAGE).update({ where: { id: row.id }, data: { assetIds: [], synced: false } });
        if (same) await strapi.db.query(USAGE).update({ where: { id: same.id }, data });
        else await strapi.db.query(USAGE).create({ data });
      }
      await service.flush();
    },

    /** Sends every unsynced usage to Likeness; failures stay queued and are retried every minute. */
    flush(): Promise<void> {
      if (flushing) return flushing.then(() => service.flush());
      const run = (async () => {
        const connection = plugin(strapi, 'connection');
        const client = connection.client;
        if (!client) return;
        const pending = (await strapi.db.query(USAGE).findMany({ where: { synced: false }, limit: 200 })) as Json[];
        for (const row of pending) {
          const assetIds = (Array.isArray(row.assetIds) ? row.assetIds : []) as string[];
          try {
            await reportUsage(client, { integration: `strapi:${strapi.config.get('server.url') || 'strapi'}`.slice(0, 200), channel: connection.channel, location: row.location, title: row.title ?? null, assetIds });
            if (assetIds.length) await strapi.db.query(USAGE).update({ where: { id: row.id }, data: { synced: true, lastError: null } });
            else await strapi.db.query(USAGE).delete({ where: { id: row.id } });
          } catch (err) {
            const permanent = err instanceof LikenessApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429;
            strapi.log.warn(`[likeness] usage report for ${row.location} failed: ${message(err)}${permanent ? '' : ' (will retry)'}`);
            await strapi.db.query(USAGE).update({ where: { id: row.id }, data: { lastError: message(err).slice(0, 250), synced: permanent } });
          }
        }
      })()
        .catch((err) => {
          strapi.log.error(`[likeness] usage outbox: ${message(err)}`);
        })
        .finally(() => {
          flushing = null;
        });
      flushing = run;
      return run;
    },

    startRetries() {
      retryTimer ??= setInterval(() => void service.flush(), RETRY_MS);
      retryTimer.unref();
    },
    stopRetries() {
      if (retryTimer) clearInterval(retryTimer);
      retryTimer = null;
    },

    /** The published entries that use this asset (from the usage records). */
    async entriesUsing(assetId: string): Promise<Array<{ uid: string; documentId: string; locale: string | null; location: string }>> {
      const rows = (await strapi.db.query(USAGE).findMany({})) as Json[];
      return rows
        .filter((r) => Array.isArray(r.assetIds) && r.assetIds.includes(assetId))
        .map((r) => ({ uid: r.contentType, documentId: r.entryDocumentId, locale: r.entryLocale ?? null, location: r.location }));
    },

    /** The document-service middleware (registered in register()). */
    middleware(): (ctx: Json, next: () => Promise<unknown>) => Promise<unknown> {
      return async (ctx, next) => {
        const uid = String(ctx.uid ?? '');
        const entries = plugin(strapi, 'entries');
        if (!entries.isContentType(uid)) return next();
        const params = (ctx.params ?? {}) as Json;
        const locale = typeof params.locale === 'string' && params.locale !== '*' ? params.locale : undefined;
        const draftAndPublish = entries.hasDraftAndPublish(uid);
        const writesPublished = (ctx.action === 'create' || ctx.action === 'update') && (!draftAndPublish || params.status === 'published');
        if (ctx.action === 'publish' && params.documentId) await service.guardPublish(uid, String(params.documentId), locale);
        // create/update with status "published" publish inside the repository, past this middleware's publish.
        if (writesPublished) await service.guardPublish(uid, params.documentId ? String(params.documentId) : undefined, locale, params.data ?? {});
        const result = (await next()) as Json | null;
        const reports = ctx.action === 'publish' || ctx.action === 'unpublish' || ctx.action === 'delete' || writesPublished;
        const documentId = params.documentId ?? result?.documentId ?? result?.entries?.[0]?.documentId;
        if (reports && documentId) {
          // After the change is committed (outside its transaction); a failure is logged and queued, never undoes the editor's work.
          await strapi.db.transaction(async ({ onCommit }) => {
            onCommit(() => {
              service.record(uid, String(documentId), locale).catch((err) => strapi.log.warn(`[likeness] recording usage of ${uid} ${documentId}: ${message(err)}`));
            });
          });
        }
        return result;
      };
    },
  };
  return service;
};
