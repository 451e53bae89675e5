import type { Core } from '@strapi/strapi';
import { plugin } from '../services/util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 200) : undefined;
    const cursor = typeof ctx.query.cursor === 'string' ? ctx.query.cursor.slice(0, 200) : undefined;
    ctx.body = { data: await plugin(strapi, 'library').list(q || undefined, cursor || undefined) };
  },

  async thumbnail(ctx: any) {
    if (!UUID.test(ctx.params.assetId)) return ctx.badRequest('Not an asset id');
    const { body, type } = await plugin(strapi, 'library').thumbnail(ctx.params.assetId);
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.type = type;
    ctx.body = body;
  },

  async import(ctx: any) {
    const assetId = String(ctx.request.body?.assetId ?? '');
    if (!UUID.test(assetId)) return ctx.badRequest('assetId is required');
    ctx.body = { data: await plugin(strapi, 'library').import(assetId, ctx.state.user) };
  },

  linkJobStatus(ctx: any) {
    ctx.body = { data: plugin(strapi, 'link-job').status() };
  },

  linkJobStart(ctx: any) {
    ctx.status = 202;
    ctx.body = { data: plugin(strapi, 'link-job').start() };
  },
});
