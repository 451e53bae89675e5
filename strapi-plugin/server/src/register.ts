import type { Core } from '@strapi/strapi';
import { HIDDEN_EVENT, SHOWN_EVENT } from './services/hiding';
import { plugin } from './services/util';

/** Keeps the raw JSON body (koa-body `includeUnparsed`) so webhook signatures can be checked over it. */
function keepRawBodies(strapi: Core.Strapi) {
  const list = (strapi.config.get<unknown[]>('middlewares') ?? []).map((m) => {
    if (m === 'strapi::body') return { name: 'strapi::body', config: { includeUnparsed: true } };
    if (m && typeof m === 'object' && (m as { name?: string }).name === 'strapi::body') {
      const entry = m as { name: string; config?: Record<string, unknown> };
      return { ...entry, config: { ...entry.config, includeUnparsed: true } };
    }
    return m;
  });
  strapi.config.set('middlewares', list);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  keepRawBodies(strapi);

  // A field that stores a chosen Likeness image ({ assetId, fileId, url, title }); the admin part gives the picker.
  strapi.customFields.register({ name: 'image', plugin: 'likeness', type: 'json' });

  // Every Content API response (REST and GraphQL) passes here: non-approved images leave.
  strapi.sanitizers.add('content-api.output', ((schema: any) => (data: unknown) => plugin(strapi, 'enforcer').sanitize(data, schema)) as never);

  // Publishing with a non-approved image is refused; publish, unpublish and delete report usages.
  strapi.documents.use(plugin(strapi, 'publication').middleware() as never);

  plugin(strapi, 'uploads').wrapUploadService();

  const webhooks = strapi.get('webhookStore');
  webhooks.addAllowedEvent('LIKENESS_MEDIA_HIDDEN', HIDDEN_EVENT);
  webhooks.addAllowedEvent('LIKENESS_MEDIA_SHOWN', SHOWN_EVENT);
};
