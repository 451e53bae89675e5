import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { unwrap } from '@likeness/sdk';
import type { AppConfig } from '../src/kernel/config';
import { loadConfig } from '../src/kernel/config';
import { SECRET_KEY_FILE, SecretBox } from '../src/kernel/secret-box';
import { startServer, type RunningServer } from '../src/server';
import { TWILIO_TOKEN, configureTwilio, createTemplate, fakeTwilio, photoOfPerson } from './support/consent';
import { webhookReceiver } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(32, 2).toString('hex');
const idOf = (k: string) => SecretBox.fromConfig({ secretKey: k, previousSecretKeys: [], dataDir: os.tmpdir() }).keyId;

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 8000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the application key', () => {
  it('is generated into the data directory with mode 0600 on the embedded default, and read back on the next start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-key-'));
    const a = SecretBox.fromConfig({ secretKey: null, previousSecretKeys: [], dataDir: dir });
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = a.seal('whsec_abc', 'webhook.secret');
    expect(SecretBox.fromConfig({ secretKey: null, previousSecretKeys: [], dataDir: dir }).open(sealed, 'webhook.secret')).toBe('whsec_abc');
    // Bound to its purpose: the same ciphertext does not open as another kind of secret.
    expect(() => a.open(sealed, 'twilio.authToken')).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is required in production, with a clear message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/LIKENESS_SECRET_KEY is required with NODE_ENV=production/);
    expect(() => SecretBox.fromConfig({ secretKey: 'short', previousSecretKeys: [], dataDir: os.tmpdir() })).toThrow(/32 random bytes/);
  });
});

describe('secrets at rest', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let running: RunningServer | null = null;
  const restart = async (overrides: Partial<AppConfig>) => {
    await (running ?? server).close();
    running = await startServer({ ...server.config, ...overrides }, { migrate: false, logger: pino({ level: 'silent' }) });
    return running;
  };

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url, secretKey: K1, webhookRetryBaseMs: 100 });
    org = await createOrg(server, 'secrets');
  });
  afterAll(async () => {
    await running?.close();
    await server?.stop();
    await twilio?.close();
  });

  it('stores webhook secrets and Twilio tokens encrypted under the current key, and still signs and sends with them', async () => {
    const receiver = await webhookReceiver();
    const hook = await unwrap(org.as.owner.POST('/api/v1/webhooks', { body: { name: 'site', url: receiver.url } }));
    await configureTwilio(org);
    const row = await server.services.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    const settings = await server.services.db.consentSettings.findUniqueOrThrow({ where: { tenantId: org.tenantId } });
    expect(row.secret).toMatch(new RegExp(`^lkenc:v1:${idOf(K1)}:`));
    expect(row.secret).not.toContain(hook.secret.slice(6));
    expect(settings.twilioAuthToken).toMatch(/^lkenc:v1:/);
    expect(settings.twilioAuthToken).not.toContain(TWILIO_TOKEN);

    // Twilio's fake checks the Basic auth token: the SMS only arrives if the decrypted token is right.
    const template = await createTemplate(org, { methods: ['sms_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Krypto Person', phone: '+46700000301' });
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, via: ['sms'] } }));
    await twilio.waitFor((m) => m.to === '+46700000301');
    await waitFor(() => receiver.received.length > 0);
    const { t, v1 } = Object.fromEntries(String(receiver.received[0]!.headers['x-likeness-signature']).split(',').map((p) => p.split('='))) as { t: string; v1: string };
    expect(createHmac('sha256', hook.secret).update(`${t}.${receiver.received[0]!.body}`).digest('hex')).toBe(v1);
    // The next test restarts the server: let the in-flight sends finish first (close does not wait for running jobs).
    const db = server.services.db;
    await waitFor(async () => (await db.consentMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0 && (await db.webhookDelivery.count({ where: { status: 'pending' } })) === 0);
    await receiver.close();
  });

  it('encrypts plaintext rows from before on start, idempotently, and rotates to a new key with the old one listed as previous', async () => {
    const legacy = await server.services.db.webhook.create({ data: { tenantId: org.tenantId, name: 'legacy', url: 'https://93.184.215.14/hook', secret: 'whsec_plaintext_legacy' } });
    let s = await restart({});
    const sealed = (await s.services.db.webhook.findUniqueOrThrow({ where: { id: legacy.id } })).secret;
    expect(sealed).toMatch(new RegExp(`^lkenc:v1:${idOf(K1)}:`));
    expect(s.services.secrets.open(sealed, 'webhook.secret')).toBe('whsec_plaintext_legacy');
    s = await restart({});
    expect((await s.services.db.webhook.findUniqueOrThrow({ where: { id: legacy.id } })).secret).toBe(sealed);

    // Rotation: K2 is current, K1 previous; every row moves to K2 at start and still opens.
    s = await restart({ secretKey: K2, previousSecretKeys: [K1] });
    const rows = await s.services.db.webhook.findMany({ where: { tenantId: org.tenantId } });
    for (const r of rows) expect(r.secret).toMatch(new RegExp(`^lkenc:v1:${idOf(K2)}:`));
    expect(s.services.secrets.open(rows.find((r) => r.id === legacy.id)!.secret, 'webhook.secret')).toBe('whsec_plaintext_legacy');
    const token = (await s.services.db.consentSettings.findUniqueOrThrow({ where: { tenantId: org.tenantId } })).twilioAuthToken!;
    expect(token).toMatch(new RegExp(`^lkenc:v1:${idOf(K2)}:`));
    expect(s.services.secrets.open(token, 'twilio.authToken')).toBe(TWILIO_TOKEN);
  });

  it('refuses to start with a key that opens none of the stored secrets', async () => {
    await running?.close();
    running = null;
    await expect(startServer({ ...server.config, secretKey: K1, previousSecretKeys: [] }, { migrate: false, logger: pino({ level: 'silent' }) })).rejects.toThrow(/neither LIKENESS_SECRET_KEY nor in LIKENESS_SECRET_KEY_PREVIOUS/);
    running = await startServer({ ...server.config, secretKey: K2, previousSecretKeys: [] }, { migrate: false, logger: pino({ level: 'silent' }) });
  });
});
