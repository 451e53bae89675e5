import type { Core } from '@strapi/strapi';
import { unwrap, createLikenessClient } from '@likeness/sdk';
import { message, plugin } from '../services/util';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: any) {
    ctx.body = { data: await plugin(strapi, 'settings').getPublic(), connection: { connected: plugin(strapi, 'connection').connected } };
  },

  async update(ctx: any) {
    const data = await plugin(strapi, 'settings').set((ctx.request.body ?? {}) as never);
    plugin(strapi, 'enforcer').forgetPlaceholder();
    await plugin(strapi, 'connection').start();
    ctx.body = { data };
  },

  /** Tries the given (or stored) URL and key: who the key is, and whether it has the scopes the plugin needs. */
  async test(ctx: any) {
    const stored = await plugin(strapi, 'settings').get();
    const body = (ctx.request.body ?? {}) as { serverUrl?: string; apiKey?: string };
    const serverUrl = (body.serverUrl || stored.serverUrl).replace(/\/+$/, '');
    const apiKey = body.apiKey || stored.apiKey;
    if (!serverUrl || !apiKey) return ctx.badRequest('Enter the server URL and an API key first.');
    const started = Date.now();
    try {
      const client = createLikenessClient({ baseUrl: serverUrl, apiKey, fetch: (input) => fetch(input, { signal: AbortSignal.timeout(10_000) }) });
      const me = (await unwrap(client.GET('/api/v1/auth/me'))) as Record<string, any>;
      const permissions: string[] = me.permissions ?? me.apiKey?.scopes ?? [];
      const needed = ['status:read', 'assets:read', 'usages:write'];
      ctx.body = {
        data: {
          ok: needed.every((p) => permissions.includes(p)),
          organisation: me.organisation?.name ?? me.tenant?.name ?? null,
          missing: needed.filter((p) => !permissions.includes(p)),
          permissions,
          ms: Date.now() - started,
        },
      };
    } catch (err) {
      ctx.body = { data: { ok: false, error: message(err), ms: Date.now() - started } };
    }
  },
});
