import type { Core } from '@strapi/strapi';
import { plugin } from '../services/util';

const stateOf = (strapi: Core.Strapi, fileId: number) => {
  const assetId = plugin(strapi, 'links').assetOfFile(fileId) ?? null;
  const state = assetId ? plugin(strapi, 'connection').state(assetId) : { status: 'unlinked', approved: false, visible: false, approvedUntil: null, known: false, stale: false };
  return { ...state, fileId, assetId };
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Status per Media Library file (badges). */
  async files(ctx: any) {
    const ids = String(ctx.query.ids ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0)
      .slice(0, 500);
    const assetIds = ids.map((id) => plugin(strapi, 'links').assetOfFile(id)).filter((a): a is string => Boolean(a));
    await plugin(strapi, 'connection').states(assetIds, 3_000);
    ctx.body = { data: ids.map((id) => stateOf(strapi, id)), channel: plugin(strapi, 'connection').channel };
  },

  /** Every image an entry's draft uses, with its verdict (side panel and publish action). */
  async entry(ctx: any) {
    const { uid, documentId, locale } = ctx.query as Record<string, string | undefined>;
    const entries = plugin(strapi, 'entries');
    if (!uid || !documentId || !entries.isContentType(uid)) return ctx.badRequest('uid and documentId of a content type are required');
    const draft = await entries.load(uid, documentId, locale || undefined, 'draft');
    if (!draft) return ctx.notFound('No such entry');
    ctx.body = { data: await summary(strapi, uid, draft), channel: plugin(strapi, 'connection').channel };
  },

  /** The list view's "Check consent" bulk action. */
  async check(ctx: any) {
    const { uid, documentIds, locale } = (ctx.request.body ?? {}) as { uid?: string; documentIds?: string[]; locale?: string };
    const entries = plugin(strapi, 'entries');
    if (!uid || !entries.isContentType(uid) || !Array.isArray(documentIds)) return ctx.badRequest('uid and documentIds are required');
    const out = [];
    for (const documentId of documentIds.slice(0, 200)) {
      const draft = await entries.load(uid, String(documentId), locale || undefined, 'draft');
      if (!draft) continue;
      out.push({ documentId, title: entries.title(uid, draft), ...(await summary(strapi, uid, draft)) });
    }
    ctx.body = { data: out };
  },
});

async function summary(strapi: Core.Strapi, uid: string, entry: Record<string, unknown>) {
  const entries = plugin(strapi, 'entries');
  const verdicts = await entries.verdicts(entries.images(uid, entry));
  const configured = plugin(strapi, 'connection').configured;
  return {
    configured,
    blocked: configured && verdicts.some((v) => !v.allowed),
    warning: verdicts.some((v) => v.warning),
    policy: plugin(strapi, 'connection').org()?.unapprovedPolicy ?? null,
    images: verdicts.map((v) => ({
      fileId: v.fileId,
      name: v.name,
      url: v.url,
      field: v.field,
      assetId: v.assetId,
      status: v.state ? v.state.status : 'unlinked',
      approvedUntil: v.state?.approvedUntil ?? null,
      stale: v.state?.stale ?? false,
      allowed: v.allowed,
      warning: v.warning,
    })),
  };
}
