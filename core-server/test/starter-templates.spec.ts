import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';
import { loadConfig } from '../src/kernel/config';
import { providerOf } from '../src/kernel/database-url';
import { startServer } from '../src/server';
import { DEMO_LOGIN } from '../src/seed/demo.seed';
import { freshDatabase } from './support/databases';
import { login } from './support/spawned-server';

const OWNER = { email: 'dpo@skolan.example', password: 'a long and careful passphrase' };
const KEY = Buffer.alloc(32, 9).toString('base64');

/** A first start on an empty database, signed in as the owner it created. */
async function firstStart(env: Record<string, string>, owner: { email: string; password: string }) {
  const db = await freshDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', LIKENESS_SECRET_KEY: KEY, HOST: '127.0.0.1', NODE_ENV: 'development', ...env }, { port: 0, dataDir: db.dataDir, databaseUrl: db.url, dbProvider: providerOf(db.url) });
  const server = await startServer(config, { migrate: false, logger: pino({ level: 'silent' }) });
  const api = createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, owner.email, owner.password) } });
  return { api, async close() { await server.close(); await db.drop(); } };
}

async function expectStarters(api: LikenessClient) {
  const { items } = await unwrap(api.GET('/api/v1/consent/templates'));
  expect(items.map((t) => t.purpose).sort()).toEqual(['consent', 'consent', 'model_release']);
  for (const t of items) {
    expect(t.archived).toBe(false);
    expect(t.channels.length).toBeGreaterThan(0);
    for (const locale of ['sv', 'en'] as const) {
      const preview = await unwrap(api.POST('/api/v1/consent/templates/{id}/preview', { params: { path: { id: t.id } }, body: { locale } }));
      // Every variable filled in: no braces left, and the person and organisation are named.
      expect(preview.markdown).not.toMatch(/\{\{|\}\}/);
      expect(preview.markdown).toContain('Anna Andersson');
      expect(preview.html).toMatch(/withdraw|återkalla|end it|avsluta/i);
    }
  }
  return items;
}

describe('a new organisation starts with reviewed consent templates', () => {
  let first: Awaited<ReturnType<typeof firstStart>>;
  beforeAll(async () => {
    first = await firstStart({ DEMO_DATA: 'false', LIKENESS_ORG_NAME: 'Skolan', LIKENESS_ADMIN_EMAIL: OWNER.email, LIKENESS_ADMIN_PASSWORD: OWNER.password }, OWNER);
  }, 60_000);
  afterAll(() => first?.close());

  it('on a first start with its own owner: photo consent, a guardian consent and a model release, in Swedish and English', async () => {
    const items = await expectStarters(first.api);
    // Written into the audit log like any template an admin creates.
    const audit = await unwrap(first.api.GET('/api/v1/audit', { params: { query: { entityType: 'consent_template' } as never } }));
    const created = audit.items.filter((r) => r.action === 'consent_template.created').map((r) => r.entityId).sort();
    expect(created).toEqual(items.map((t) => t.id).sort());
  });

  it('and in the demo organisation', async () => {
    const demo = await firstStart({ DEMO_DATA: 'true' }, DEMO_LOGIN);
    try {
      await expectStarters(demo.api);
    } finally {
      await demo.close();
    }
  }, 120_000);
});
