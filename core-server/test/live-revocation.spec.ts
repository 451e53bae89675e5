import { pino } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap } from '@likeness/sdk';
import { loadConfig } from '../src/kernel/config';
import { startServer, type RunningServer } from '../src/server';
import { testPostgresUrl } from './support/databases';
import { LiveClient } from './support/live';
import { PASSWORD, createOrg, login, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/** Resolves with the reason once the server closes the socket (never on its own: the client does not reconnect). */
const closedByServer = (c: LiveClient) => new Promise<string>((resolve) => c.socket.on('disconnect', (reason) => resolve(reason)));

async function keyFor(org: TestOrg) {
  return unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'live key', scopes: ['status:read'], public: false } }));
}

describe('live sockets end with the credential that opened them', () => {
  let server: TestServer;
  let org: TestOrg;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'revoke');
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  const connect = async (auth: { apiKey?: string }, extra: { cookie?: string } = {}) => {
    const c = new LiveClient(server.url, auth, extra);
    clients.push(c);
    await c.connected();
    return c;
  };

  it('revoking an API key disconnects its sockets at once; other keys stay connected', async () => {
    const revoked = await keyFor(org);
    const kept = await keyFor(org);
    const a = await connect({ apiKey: revoked.key });
    const b = await connect({ apiKey: kept.key });
    const closed = closedByServer(a);
    await unwrap(org.as.owner.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: revoked.id } } }));
    expect(await closed).toBe('io server disconnect');
    expect(b.socket.connected).toBe(true);
    // And it cannot come back.
    const again = new LiveClient(server.url, { apiKey: revoked.key });
    clients.push(again);
    expect(await again.connectError()).toBe('unauthenticated');
  });

  it('logging out disconnects that session\'s sockets, not the same user\'s other sessions', async () => {
    const one = await login(server.url, org.emails.viewer, PASSWORD);
    const two = await login(server.url, org.emails.viewer, PASSWORD);
    const a = await connect({}, { cookie: one });
    const b = await connect({}, { cookie: two });
    const closed = closedByServer(a);
    await unwrap(createLikenessClient({ baseUrl: server.url, headers: { cookie: one, origin: server.url } }).POST('/api/v1/auth/logout'));
    expect(await closed).toBe('io server disconnect');
    expect(b.socket.connected).toBe(true);
  });

  it('disabling a user disconnects every socket of theirs (dashboard and Office sessions)', async () => {
    const email = 'leaving@revoke.test';
    const user = await unwrap(org.as.owner.POST('/api/v1/users', { body: { email, name: 'Leaving', role: 'editor', password: PASSWORD } }));
    const cookie = await login(server.url, email, PASSWORD);
    const office = await unwrap(createLikenessClient({ baseUrl: server.url }).POST('/api/v1/office/sessions', { body: { email, password: PASSWORD } }));
    const dashboard = await connect({}, { cookie });
    const pane = await connect({ apiKey: office.token });
    const closed = [closedByServer(dashboard), closedByServer(pane)];
    await unwrap(org.as.owner.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { disabled: true } }));
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
  });
});

// Two app instances on one database and one Redis (the PostgreSQL pass of .ci/run).
describe.runIf(testPostgresUrl)('revocation reaches sockets on another node', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL?.replace(/\/\d+$/, '/9') ?? 'redis://127.0.0.1:6379/9';
  let a: TestServer;
  let b: RunningServer;
  let org: TestOrg;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    a = await startTestServer({ redisUrl: REDIS_URL });
    b = await startServer(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { ...a.config, port: 0 }), { migrate: false, logger: pino({ level: 'silent' }) });
    org = await createOrg(a, 'revoke-nodes');
  }, 60_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await b?.close();
    await a?.stop();
  });

  it('a key revoked through node A closes its socket on node B; a logout on A closes the session\'s socket on B', async () => {
    const key = await keyFor(org);
    const onB = new LiveClient(b.url, { apiKey: key.key });
    const cookie = await login(a.url, org.emails.viewer, PASSWORD);
    const sessionOnB = new LiveClient(b.url, {}, { cookie });
    clients.push(onB, sessionOnB);
    await Promise.all([onB.connected(), sessionOnB.connected()]);
    const closed = [closedByServer(onB), closedByServer(sessionOnB)];
    await unwrap(org.as.owner.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
    await unwrap(createLikenessClient({ baseUrl: a.url, headers: { cookie, origin: a.url } }).POST('/api/v1/auth/logout'));
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
  });
});
