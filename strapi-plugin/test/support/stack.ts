/**
 * The stack for one test file: a real core-server, a real Strapi with the plugin configured through its
 * admin API (key, channel, webhook secret), the Likeness webhook pointed at Strapi, and a receiver for
 * Strapi's own webhooks.
 */
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { LikenessServer } from './likeness';
import { StrapiApp } from './strapi';

export interface Received {
  event: string;
  body: any;
}

export interface Stack {
  likeness: LikenessServer;
  app: StrapiApp;
  webhook: { id: string; secret: string };
  received: Received[];
  receiverUrl: string;
  stop(): Promise<void>;
}

export async function startStack(name: string, settings: Record<string, unknown> = {}, boot: Parameters<typeof StrapiApp.boot>[1] = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `likeness-strapi-${name}-`));
  const likeness = await LikenessServer.launch(dir);
  const received: Received[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        received.push({ event: String(req.headers['x-strapi-event'] ?? ''), body: JSON.parse(body) });
      } catch {
        received.push({ event: String(req.headers['x-strapi-event'] ?? ''), body });
      }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/revalidate`;
  let app: StrapiApp | null = null;
  try {
    app = await StrapiApp.boot(name, boot);
    const apiKey = await likeness.apiKey(['status:read', 'assets:read', 'usages:write', 'settings:read']);
    const webhook = await likeness.webhook(`${app.url}/api/likeness/webhook`);
    await app.admin('PUT', '/likeness/settings', { serverUrl: likeness.url, apiKey, channel: 'web', webhookSecret: webhook.secret, urlPattern: 'https://example.se/news/{slug}', ...settings });
    const started = app;
    return {
      likeness,
      app: started,
      webhook,
      received,
      receiverUrl,
      async stop() {
        await started.stop().catch(() => undefined);
        await likeness.stop();
        await new Promise((r) => receiver.close(r));
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(started.dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await app?.stop().catch(() => undefined);
    await likeness.stop();
    receiver.close();
    throw err;
  }
}
