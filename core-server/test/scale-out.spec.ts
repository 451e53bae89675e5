import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap } from '@likeness/sdk';
import { LiveClient, approvedAsset, apiKey, inMs } from './support/live';
import { freshDatabase, testPostgresUrl } from './support/databases';
import { login, type TestOrg } from './support/test-server';
import { freePort } from './support/spawned-server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
const root = path.resolve(import.meta.dirname, '..');

async function startNode(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Likeness is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (code) console.error(`node on port ${port} exited ${code}:\n${output.slice(-3000)}`);
      reject(new Error(`node exited ${code}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// Needs the real services: runs in the PostgreSQL pass of .ci/run (TEST_DATABASE_URL) with Redis on 127.0.0.1.
describe.runIf(testPostgresUrl)('two core-server nodes sharing PostgreSQL and Redis', () => {
  const nodes: Array<{ url: string; child: ChildProcess }> = [];
  const clients: LiveClient[] = [];
  let drop: () => Promise<void>;
  let org: TestOrg;

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    const db = await freshDatabase();
    drop = db.drop;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      LIKENESS_DATA_DIR: db.dataDir,
      DEMO_DATA: 'false',
      LIKENESS_ADMIN_EMAIL: 'owner@nodes.test',
      LIKENESS_ADMIN_PASSWORD: 'correct horse battery',
    };
    nodes.push(await startNode(env));
    nodes.push(await startNode(env));
    const [a] = nodes;
    const cookie = await login(a!.url, 'owner@nodes.test', 'correct horse battery');
    const owner = createLikenessClient({ baseUrl: a!.url, headers: { cookie } });
    // One user plays every role here: the owner may do everything.
    org = { tenantId: '', slug: 'default', as: { owner, 'gdpr-admin': owner, editor: owner, viewer: owner }, cookies: { owner: cookie, 'gdpr-admin': cookie, editor: cookie, viewer: cookie }, emails: {} as never };
  }, 120_000);

  afterAll(async () => {
    clients.forEach((c) => c.close());
    for (const n of nodes) n.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => new Promise((r) => (n.child.exitCode !== null ? r(null) : n.child.once('exit', r)))));
    await drop?.();
  });

  it('withdrawing through node A hides the file for a client connected to node B', async () => {
    const [a, b] = nodes;
    const { assetId, agreementId } = await approvedAsset(a!.url, org);
    const key = await apiKey(org, ['status:read']);
    const onB = new LiveClient(b!.url, { apiKey: key });
    clients.push(onB);
    await onB.connected();

    // Node B answers status from its own cache: it must learn about the write on A.
    const bClient = createLikenessClient({ baseUrl: b!.url, apiKey: key });
    expect((await unwrap(bClient.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }))).items[0]!.approved).toBe(true);

    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    await onB.until(() => onB.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'withdrawn'), 3000, 'hide on node B');
    const webEvents = onB.events.filter((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'withdrawn');
    expect(webEvents).toHaveLength(1); // emitted once, not once per node
    expect((await unwrap(bClient.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }))).items[0]).toMatchObject({ approved: false, status: 'withdrawn' });
  });

  it('fires a scheduled expiry once across both nodes', async () => {
    const [a, b] = nodes;
    const key = await apiKey(org, ['status:read']);
    const onA = new LiveClient(a!.url, { apiKey: key });
    const onB = new LiveClient(b!.url, { apiKey: key });
    clients.push(onA, onB);
    await Promise.all([onA.connected(), onB.connected()]);
    const { assetId } = await approvedAsset(a!.url, org, 'audrey_crop.jpg', inMs(2000));
    const expired = (c: LiveClient) => c.events.filter((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'expired');
    await onB.until(() => expired(onB).length > 0, 6000, 'expiry on B');
    await onA.until(() => expired(onA).length > 0, 2000, 'expiry on A');
    await new Promise((r) => setTimeout(r, 500));
    expect(expired(onA)).toHaveLength(1);
    expect(expired(onB)).toHaveLength(1);
    expect(expired(onA)[0]!.seq).toBe(expired(onB)[0]!.seq);
  });
});
