import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/** Refuses routes that need Likeness while no server URL and API key are set, with a clear message. */
const configured = (_ctx: unknown, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if (strapi.plugin('likeness').service('connection').configured) return true;
  throw new errors.PolicyError('Likeness is not configured: enter the server URL and API key in Settings → Likeness.', { code: 'likeness_not_configured' });
};

export default { configured };
