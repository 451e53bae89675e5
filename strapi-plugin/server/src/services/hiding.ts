import type { Core } from '@strapi/strapi';
import type { LiveState } from '@likeness/sdk';
import { message, plugin } from './util';

export const HIDDEN_EVENT = 'likeness.media.hidden';
export const SHOWN_EVENT = 'likeness.media.shown';

/**
 * What happens when an image stops (or starts) being approved: Strapi's own webhook event for front-ends to
 * revalidate, and, if the settings say so, the entries that use it are unpublished.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const files = async (assetId: string) => {
    const ids = plugin(strapi, 'links').filesOfAsset(assetId);
    if (!ids.length) return [];
    const rows = (await strapi.db.query('plugin::upload.file').findMany({ where: { id: { $in: ids } }, select: ['id', 'documentId', 'name', 'url'] })) as Array<Record<string, unknown>>;
    return rows.map((r) => ({ id: r.id, documentId: r.documentId, name: r.name, url: r.url }));
  };

  return {
    async hidden(assetId: string, state: LiveState, status?: string): Promise<void> {
      try {
        const publication = plugin(strapi, 'publication');
        const entries = await publication.entriesUsing(assetId);
        strapi.log.info(`[likeness] image ${assetId} is no longer approved (${status ?? state.status}); used by ${entries.length} published entr${entries.length === 1 ? 'y' : 'ies'}`);
        strapi.eventHub.emit(HIDDEN_EVENT, { assetId, status: status ?? state.status, files: await files(assetId), entries });
        const { unpublishOnHidden } = await plugin(strapi, 'settings').get();
        if (!unpublishOnHidden) return;
        for (const entry of entries) {
          try {
            await strapi.documents(entry.uid as never).unpublish({ documentId: entry.documentId, ...(entry.locale ? { locale: entry.locale } : {}) } as never);
            strapi.log.info(`[likeness] unpublished ${entry.uid} ${entry.documentId} (uses withdrawn image ${assetId})`);
          } catch (err) {
            strapi.log.error(`[likeness] could not unpublish ${entry.uid} ${entry.documentId}: ${message(err)}`);
          }
        }
      } catch (err) {
        strapi.log.error(`[likeness] handling the hidden image ${assetId}: ${message(err)}`);
      }
    },

    async shown(assetId: string, state: LiveState): Promise<void> {
      try {
        strapi.eventHub.emit(SHOWN_EVENT, { assetId, status: state.status, files: await files(assetId), entries: await plugin(strapi, 'publication').entriesUsing(assetId) });
      } catch (err) {
        strapi.log.error(`[likeness] handling the approved image ${assetId}: ${message(err)}`);
      }
    },
  };
};
