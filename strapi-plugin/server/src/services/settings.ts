import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createSecretBox } from './crypto';

export type MediaPolicy = 'remove' | 'placeholder';
export type UnlinkedMode = 'org' | 'show' | 'hide';

/** What is stored (secrets sealed). */
interface Stored {
  serverUrl: string;
  apiKey: string | null;
  webhookSecret: string | null;
  channel: string;
  policy: MediaPolicy;
  placeholderFileId: number | null;
  unlinked: UnlinkedMode;
  unpublishOnHidden: boolean;
  urlPattern: string;
}

/** The settings with secrets in the clear: server side only. */
export type Settings = Stored;

/** What the admin UI sees: never a secret, only whether one is set. */
export type PublicSettings = Omit<Stored, 'apiKey' | 'webhookSecret'> & { hasApiKey: boolean; hasWebhookSecret: boolean; webhookPath: string };

export type SettingsUpdate = Partial<Omit<Stored, 'apiKey' | 'webhookSecret'>> & { apiKey?: string | null; webhookSecret?: string | null };

const DEFAULTS: Stored = {
  serverUrl: '',
  apiKey: null,
  webhookSecret: null,
  channel: 'web',
  policy: 'remove',
  placeholderFileId: null,
  unlinked: 'org',
  unpublishOnHidden: false,
  urlPattern: '/{type}/{documentId}',
};

const CHANNEL = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'likeness' });
  const box = () => {
    const configured = strapi.config.get<string | undefined>('plugin::likeness.encryptionKey');
    const appKeys = strapi.config.get<string[] | undefined>('server.app.keys');
    const secret = configured ?? (Array.isArray(appKeys) && appKeys.length ? appKeys.join(',') : null);
    if (!secret) throw new errors.ApplicationError('Likeness needs config.encryptionKey (or the app keys) to store the API key.');
    return createSecretBox(secret);
  };
  let cache: Stored | null = null;

  const service = {
    async get(): Promise<Settings> {
      if (cache) return cache;
      const raw = ((await store().get({ key: 'settings' })) ?? {}) as Partial<Stored>;
      const sealed = box();
      const open = (value: unknown, what: string) => {
        if (typeof value !== 'string' || !value) return null;
        const plain = sealed.open(value);
        if (plain === null) strapi.log.error(`[likeness] the stored ${what} cannot be decrypted (was the encryption key changed?); enter it again`);
        return plain;
      };
      cache = { ...DEFAULTS, ...raw, apiKey: open(raw.apiKey, 'API key'), webhookSecret: open(raw.webhookSecret, 'webhook secret') };
      return cache;
    },

    async getPublic(): Promise<PublicSettings> {
      const { apiKey, webhookSecret, ...rest } = await service.get();
      const prefix = strapi.config.get<string>('api.rest.prefix', '/api');
      return { ...rest, hasApiKey: Boolean(apiKey), hasWebhookSecret: Boolean(webhookSecret), webhookPath: `${prefix}/likeness/webhook` };
    },

    /** Validates and saves; `apiKey`/`webhookSecret`: a string replaces, null clears, absent keeps. */
    async set(update: SettingsUpdate): Promise<PublicSettings> {
      const next: Stored = { ...(await service.get()) };
      const problems: Record<string, string> = {};
      if (update.serverUrl !== undefined) {
        const url = String(update.serverUrl).trim().replace(/\/+$/, '');
        if (url && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) problems.serverUrl = 'Enter the core-server URL, e.g. https://likeness.example.se';
        next.serverUrl = url;
      }
      if (update.channel !== undefined) {
        if (!CHANNEL.test(String(update.channel))) problems.channel = 'Lowercase letters, digits, - and _ (e.g. web)';
        next.channel = String(update.channel);
      }
      if (update.policy !== undefined) {
        if (update.policy !== 'remove' && update.policy !== 'placeholder') problems.policy = 'remove or placeholder';
        next.policy = update.policy;
      }
      if (update.unlinked !== undefined) {
        if (!['org', 'show', 'hide'].includes(update.unlinked)) problems.unlinked = 'org, show or hide';
        next.unlinked = update.unlinked;
      }
      if (update.placeholderFileId !== undefined) {
        const id = update.placeholderFileId === null ? null : Number(update.placeholderFileId);
        if (id !== null && !(Number.isInteger(id) && id > 0)) problems.placeholderFileId = 'A Media Library file id';
        else if (id !== null && !(await strapi.db.query('plugin::upload.file').findOne({ where: { id } }))) problems.placeholderFileId = 'No such file in the Media Library';
        next.placeholderFileId = id;
      }
      if (update.unpublishOnHidden !== undefined) next.unpublishOnHidden = Boolean(update.unpublishOnHidden);
      if (update.urlPattern !== undefined) {
        const pattern = String(update.urlPattern).trim();
        if (!pattern || pattern.length > 500) problems.urlPattern = 'A URL pattern such as https://example.se/news/{slug}';
        next.urlPattern = pattern;
      }
      if (update.apiKey !== undefined) next.apiKey = update.apiKey ? String(update.apiKey).trim() : null;
      if (update.webhookSecret !== undefined) next.webhookSecret = update.webhookSecret ? String(update.webhookSecret).trim() : null;
      if (next.policy === 'placeholder' && next.placeholderFileId === null) problems.placeholderFileId = 'Choose the placeholder file for this policy';
      if (Object.keys(problems).length) throw new errors.ValidationError('Invalid Likeness settings', { errors: problems });

      const sealed = box();
      await store().set({
        key: 'settings',
        value: { ...next, apiKey: next.apiKey ? sealed.seal(next.apiKey) : null, webhookSecret: next.webhookSecret ? sealed.seal(next.webhookSecret) : null },
      });
      cache = next;
      return service.getPublic();
    },

    /** Forget the cached copy (tests, or a change made through the store directly). */
    reset() {
      cache = null;
    },
  };
  return service;
};
