/**
 * The whole stack for a test file: the core-server, keys and a webhook for the site, and the WordPress site.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LikenessServer } from './likeness';
import { WordPress, type PluginSettings } from './wordpress';

export interface Stack {
  likeness: LikenessServer;
  wp: WordPress;
  webhook: { id: string; secret: string };
  stop(): Promise<string[]>;
}

export async function startStack(name: string, settings: Partial<PluginSettings> = {}): Promise<Stack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `likeness-${name}-`));
  const likeness = await LikenessServer.start(tmp);
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
      /** Stops everything; returns PHP problems the plugin logged. */
      async stop() {
        const problems = wp.pluginProblems();
        try {
          await wp.stop();
        } finally {
          await likeness.stop();
          fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        }
        return problems;
      },
    };
  } catch (err) {
    await wp.stop().catch(() => undefined);
    await likeness.stop();
    throw err;
  }
}
