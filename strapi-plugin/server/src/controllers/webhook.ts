import type { Core } from '@strapi/strapi';
import { plugin } from '../services/util';

const UNPARSED = Symbol.for('unparsedBody');

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/likeness/webhook: verified over the raw body (kept by the body parser, see register()). */
  async receive(ctx: any) {
    const body = ctx.request.body as Record<symbol, unknown> | undefined;
    const raw = body && typeof body[UNPARSED] === 'string' ? (body[UNPARSED] as string) : undefined;
    const result = await plugin(strapi, 'webhook').receive(ctx.get('x-likeness-signature') || undefined, raw);
    ctx.status = result.status;
    ctx.body = result.status < 300 ? { ok: true, result: result.code } : { error: { status: result.status, name: result.code, message: result.message } };
  },
});
