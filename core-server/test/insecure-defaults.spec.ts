import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../src/kernel/config';
import { providerOf } from '../src/kernel/database-url';
import { startServer } from '../src/server';
import { DEMO_LOGIN } from '../src/seed/demo.seed';
import { configureTwilio, createTemplate, fakeTwilio, linkIn, photoOfPerson } from './support/consent';
import { freshDatabase } from './support/databases';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const KEY = Buffer.alloc(32, 7).toString('base64');
const direct = (s: TestServer) => `http://127.0.0.1:${s.port}`;

/** A first start on an empty database with the default DEMO_DATA=auto and the given environment. */
async function firstStart(env: Record<string, string>) {
  const db = await freshDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO_DATA: 'auto', LIKENESS_SECRET_KEY: KEY, ...env }, { port: 0, dataDir: db.dataDir, databaseUrl: db.url, dbProvider: providerOf(db.url) });
  const server = await startServer(config, { migrate: false, logger: pino({ level: 'silent' }) });
  const demoUser = await server.services.repos.users.findByEmail(DEMO_LOGIN.email);
  await server.close();
  await db.drop();
  return { bootstrap: server.bootstrap, demoUser };
}

/** A request with a Host header of the caller's choosing (fetch does not let one set it). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the demo owner with its published password', () => {
  it('is never created with NODE_ENV=production', async () => {
    const { bootstrap, demoUser } = await firstStart({ NODE_ENV: 'production', HOST: '127.0.0.1' });
    expect(bootstrap).toMatchObject({ seeded: false, login: null });
    expect(demoUser).toBeNull();
  });

  it('is never created when PUBLIC_URL is not a loopback address', async () => {
    const { bootstrap, demoUser } = await firstStart({ NODE_ENV: 'development', HOST: '127.0.0.1', PUBLIC_URL: 'https://bilder.example.org' });
    expect(bootstrap.seeded).toBe(false);
    expect(demoUser).toBeNull();
  });

  it('is refused outright when asked for in production, and allowed only on loopback', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true', LIKENESS_SECRET_KEY: KEY })).toThrow(/DEMO_DATA=true is not allowed/);
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).demoAllowed).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000' }).demoAllowed).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', HOST: '127.0.0.1' }).demoAllowed).toBe(true);
  });
});

describe('signing links come from configuration, never from the Host header', () => {
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let local: TestServer;
  let configured: TestServer;
  let orgLocal: TestOrg;
  let orgConfigured: TestOrg;

  beforeAll(async () => {
    twilio = await fakeTwilio();
    local = await startTestServer({ twilioBaseUrl: twilio.url });
    configured = await startTestServer({ twilioBaseUrl: twilio.url, publicUrl: 'https://samtycke.example.org', signingBaseUrl: 'https://samtycke.example.org' });
    orgLocal = await createOrg(local, 'hostlocal');
    // Its PUBLIC_URL does not resolve here: the test talks to the listening address.
    orgConfigured = await createOrg({ ...configured, url: direct(configured) }, 'hostconf');
  });
  afterAll(async () => {
    await local?.stop();
    await configured?.stop();
    await twilio?.close();
  });

  async function sendWithForgedHost(server: TestServer, org: TestOrg, phone: string): Promise<string> {
    await configureTwilio(org);
    const template = await createTemplate(org, { methods: ['sms_code'] });
    const { personId } = await photoOfPerson(direct(server), org, { name: 'Host Person', phone });
    const res = await rawRequest(`http://127.0.0.1:${server.port}/api/v1/consent/requests`, {
      method: 'POST',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'content-type': 'application/json', cookie: org.cookies['gdpr-admin'] },
      body: JSON.stringify({ personId, templateId: template.id, via: ['sms'] }),
    });
    expect(res.status, res.body).toBe(201);
    return linkIn((await twilio.waitFor((m) => m.to === phone)).body);
  }

  it('without PUBLIC_URL, a loopback server links to its own listening address', async () => {
    const link = await sendWithForgedHost(local, orgLocal, '+46700000101');
    expect(link.startsWith(`http://127.0.0.1:${local.port}/sign/`)).toBe(true);
    expect(link).not.toContain('evil.example');
  });

  it('with PUBLIC_URL, links use it', async () => {
    const link = await sendWithForgedHost(configured, orgConfigured, '+46700000102');
    expect(link.startsWith('https://samtycke.example.org/sign/')).toBe(true);
  });

  it('the Office manifest names the configured address, not the Host header', async () => {
    const res = await rawRequest(`http://127.0.0.1:${configured.port}/office/manifest.xml`, { headers: { host: 'evil.example' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('https://samtycke.example.org');
    expect(res.body).not.toContain('evil.example');
  });
});

describe('HSTS', () => {
  let plain: TestServer;
  let https: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
    https = await startTestServer({ publicUrl: 'https://bilder.example.org' });
    proxied = await startTestServer({ trustProxy: 1 } as never);
  });
  afterAll(async () => {
    await plain?.stop();
    await https?.stop();
    await proxied?.stop();
  });

  it('is sent when the public address is https, or the request came over TLS through a trusted proxy; not over plain HTTP', async () => {
    const health = (s: TestServer, headers: Record<string, string> = {}) => rawRequest(`http://127.0.0.1:${s.port}/api/v1/health`, { headers });
    expect((await health(https)).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect((await health(proxied, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect((await health(proxied)).headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy a client cannot claim TLS.
    expect((await health(plain, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBeUndefined();
  });
});
