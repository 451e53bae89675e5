/**
 * Plugin config, from the app's `config/plugins.(js|ts)`:
 *   likeness: { config: { encryptionKey: env('LIKENESS_ENCRYPTION_KEY') } }
 * The key encrypts the stored API key and webhook secret. Without it the app's `APP_KEYS` are used.
 */
export interface LikenessPluginConfig {
  encryptionKey?: string;
  /** false where outgoing websockets are blocked: statuses then come from webhooks and a periodic refresh. */
  socket: boolean;
  /** How long a status counts without confirmation while the socket is down (ms). */
  leaseCapMs: number;
  /** Seconds a signed webhook may be old (or early). */
  webhookToleranceSeconds: number;
  /** How long a Content API request may wait for the first answer about a cold asset (ms). */
  coldLookupMs: number;
}

export default {
  default: {
    socket: true,
    leaseCapMs: 15 * 60_000,
    webhookToleranceSeconds: 300,
    coldLookupMs: 1500,
  } satisfies LikenessPluginConfig,
  validator(config: Partial<LikenessPluginConfig>) {
    if (config.encryptionKey !== undefined && (typeof config.encryptionKey !== 'string' || config.encryptionKey.length < 16)) {
      throw new Error('likeness: config.encryptionKey must be a string of at least 16 characters');
    }
    for (const key of ['leaseCapMs', 'webhookToleranceSeconds', 'coldLookupMs'] as const) {
      if (config[key] !== undefined && !(Number.isFinite(config[key]) && (config[key] as number) > 0)) {
        throw new Error(`likeness: config.${key} must be a positive number`);
      }
    }
  },
};
