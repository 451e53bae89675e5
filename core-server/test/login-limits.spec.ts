import { pino } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/kernel/config';
import { startServer, type RunningServer } from '../src/server';
import { HashGate } from '../src/modules/admin/login-guard';
import { testPostgresUrl } from './support/databases';
import { PASSWORD, createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

async function login(url: string, email: string, password: string, forwardedFor?: string, path = '/api/v1/auth/login') {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { code: string; details?: { reason?: string } } };
  return { status: res.status, code: body.error?.code, reason: body.error?.details?.reason };
}

const tally = (rs: Array<{ status: number }>) => rs.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('login limits: counted before the hash, proxy hops, a cap on hashes', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    // One proxy in front: only the hop it appended is believed.
    server = await startTestServer({ trustProxy: 1 });
    org = await createOrg(server, 'limits');
  });
  afterAll(() => server?.stop());

  it('a parallel burst of wrong passwords on one account gets 10 tries, not 30', { timeout: 60_000 }, async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login(server.url, org.emails.editor, `guess ${i}`, `198.51.100.${i + 1}`)));
    expect(tally(burst)).toEqual({ 401: 10, 429: 20 });
    expect(burst.filter((r) => r.status === 429).every((r) => r.code === 'rate_limited')).toBe(true);
    // The right password is refused too until the window ends.
    expect((await login(server.url, org.emails.editor, PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('the Office sign-in shares the same counters', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++) expect((await login(server.url, org.emails.viewer, `guess ${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
    const office = await login(server.url, org.emails.viewer, PASSWORD, '192.0.2.50', '/api/v1/office/sessions');
    expect({ status: office.status, code: office.code }).toEqual({ status: 429, code: 'rate_limited' });
  });

  it('X-Forwarded-For entries before the trusted hop are not believed: a spoofed address does not get fresh tries', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++) expect((await login(server.url, `nobody${i}@limits.test`, 'x', `10.9.9.${i}, 203.0.113.7`)).status).toBe(401);
    const spoofed = await login(server.url, 'nobody99@limits.test', 'x', '10.9.9.200, 203.0.113.7');
    expect({ status: spoofed.status, code: spoofed.code }).toEqual({ status: 429, code: 'rate_limited' });
    // Another client behind the same proxy is a different address.
    expect((await login(server.url, 'nobody98@limits.test', 'x', '203.0.113.8')).status).toBe(401);
  });

  it('TRUST_PROXY is a hop count', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(() => loadConfig({ TRUST_PROXY: 'all' })).toThrow(/TRUST_PROXY/);
  });

  it('at most N password hashes run at once; excess logins wait, and beyond the queue get 503 login_busy', async () => {
    const gate = new HashGate(2, 1);
    const releases: Array<() => void> = [];
    let running = 0;
    let peak = 0;
    const work = () =>
      gate.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((r) => releases.push(r));
        running--;
      });
    const a = work();
    const b = work();
    const c = work(); // waits
    await expect(work()).rejects.toMatchObject({ code: 'unavailable', details: { reason: 'login_busy' } });
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    releases.shift()!();
    await a;
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    releases.splice(0).forEach((r) => r());
    await b;
    await new Promise((r) => setImmediate(r));
    releases.splice(0).forEach((r) => r());
    await c;
    expect(peak).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a login flood on a server capped at one hash answers 503 with a code instead of queueing without end', { timeout: 60_000 }, async () => {
    const capped = await startTestServer({ trustProxy: 1, loginHashConcurrency: 1, loginHashQueue: 0 });
    try {
      const flood = await Promise.all(Array.from({ length: 8 }, (_, i) => login(capped.url, `flood${i}@limits.test`, 'x', `100.64.0.${i + 1}`)));
      const busy = flood.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy.every((r) => r.code === 'unavailable' && r.reason === 'login_busy')).toBe(true);
      expect(flood.every((r) => r.status === 503 || r.status === 401)).toBe(true);
    } finally {
      await capped.stop();
    }
  });
});

// Needs Redis (and runs in the PostgreSQL pass of .ci/run, like scale-out.spec.ts).
describe.runIf(testPostgresUrl)('login limits across two nodes sharing Redis', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL?.replace(/\/\d+$/, '/8') ?? 'redis://127.0.0.1:6379/8';
  let a: TestServer;
  let b: RunningServer;
  let org: TestOrg;

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    a = await startTestServer({ trustProxy: 1, redisUrl: REDIS_URL });
    // Node B: a second app instance on the same database and Redis.
    b = await startServer(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { ...a.config, port: 0 }), { migrate: false, logger: pino({ level: 'silent' }) });
    org = await createOrg(a, 'two-nodes');
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  it('failures counted on node A refuse the next attempt on node B', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++) expect((await login(a.url, org.emails.editor, `guess ${i}`, `198.18.0.${i + 1}`)).status).toBe(401);
    const onB = await login(b.url, org.emails.editor, PASSWORD, '198.18.0.77');
    expect({ status: onB.status, code: onB.code }).toEqual({ status: 429, code: 'rate_limited' });
  });
});
