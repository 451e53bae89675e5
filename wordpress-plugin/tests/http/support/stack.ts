/**
 * The whole stack for a test file: the run's core-server (global-setup.ts), keys and a webhook for the site,
 * and a WordPress site of the release under test.
 */
import { inject } from 'vitest';
import { LikenessServer } from './likeness';
import { WordPress, type PluginSettings } from './wordpress';

export interface Stack {
  likeness: LikenessServer;
  wp: WordPress;
  webhook: { id: string; secret: string };
  stop(): Promise<string[]>;
}

export async function startStack(name: string, settings: Partial<PluginSettings> = {}): Promise<Stack> {
  const likeness = LikenessServer.shared(inject('likeness'));
  const wp = await WordPress.prepare(name);
  try {
    const apiKey = await likeness.apiKey(['status:read', 'usages:write', 'assets:read', 'settings:read']);
    const publicKey = await likeness.apiKey(['status:read'], { public: true, origins: [wp.url] });
    const webhook = await likeness.webhook(wp.webhookUrl);
    await wp.start({ server_url: likeness.url, api_key: apiKey, channel: 'web', policy: 'hide', unlinked: 'tenant', public_key: publicKey, webhook_secret: webhook.secret, ...settings });
    return {
      likeness,
      wp,
      webhook,
      /** Stops the site (the core-server stays for the next file); returns PHP problems the plugin logged. */
      async stop() {
        const problems = wp.pluginProblems();
        try {
          await wp.stop();
        } finally {
          if (!likeness.running) await likeness.boot();
        }
        return problems;
      },
    };
  } catch (err) {
    await wp.stop().catch(() => undefined);
    throw err;
  }
}
