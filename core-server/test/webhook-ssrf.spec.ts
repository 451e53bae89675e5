import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { isPublicAddress, resolveTarget } from '../src/kernel/network-guard';
import { pinnedPost } from '../src/modules/live/webhook.http';
import { rejects } from './support/assertions';
import { webhookReceiver } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const INTERNAL = [
  'http://127.0.0.1:8080/hook',
  'http://127.1/hook', // WHATWG URL parsing turns this into 127.0.0.1
  'http://2130706433/hook', // 127.0.0.1 as one decimal number
  'http://localhost:3000/hook', // a name that resolves to loopback
  'http://10.1.2.3/hook',
  'http://172.16.0.1/hook',
  'http://192.168.1.1/hook',
  'http://169.254.169.254/latest/meta-data/', // cloud metadata
  'http://100.64.0.1/hook', // CGNAT
  'http://0.0.0.0/hook',
  'http://[::1]/hook',
  'http://[fd00:ec2::254]/hook', // unique-local (AWS IPv6 metadata)
  'http://[fe80::1]/hook',
  'http://[::ffff:127.0.0.1]/hook', // IPv4-mapped loopback
  'http://[::ffff:a9fe:a9fe]/hook', // IPv4-mapped metadata
];

describe('webhook targets: internal addresses are refused by default', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer({ webhookAllowPrivateTargets: false, webhookRetryBaseMs: 100 });
    org = await createOrg(server, 'ssrf');
  });
  afterAll(() => server.stop());

  it('refuses creating a webhook for a loopback, private, link-local, CGNAT, unique-local or metadata target (422 with a code)', async () => {
    for (const url of INTERNAL) {
      const err = await rejects(org.as.owner.POST('/api/v1/webhooks', { body: { name: 'inner', url } }), 422, 'webhook_target_refused');
      expect(err.message, url).toMatch(/internal address/);
    }
    expect((await unwrap(org.as.owner.GET('/api/v1/webhooks'))).items).toEqual([]);
  });

  it('refuses changing an existing webhook to an internal target', async () => {
    const hook = await server.services.db.webhook.create({ data: { tenantId: org.tenantId, name: 'public', url: 'https://93.184.215.14/hook', secret: 'whsec_x' } });
    await rejects(org.as.owner.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } }, body: { url: 'http://169.254.169.254/' } }), 422, 'webhook_target_refused');
    const row = await server.services.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.url).toBe('https://93.184.215.14/hook');
    // Renaming without touching the URL still works.
    await unwrap(org.as.owner.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } }, body: { name: 'renamed' } }));
    await server.services.db.webhook.delete({ where: { id: hook.id } });
  });

  it('checks again at send time: a stored target that now points inside is never called', async () => {
    // As if the name had resolved publicly when the webhook was saved and now resolves to 127.0.0.1 (DNS rebinding).
    const receiver = await webhookReceiver();
    const hook = await server.services.db.webhook.create({ data: { tenantId: org.tenantId, name: 'rebound', url: receiver.url, secret: 'whsec_y' } });
    await server.services.repos.webhooks.enqueue([{ tenantId: org.tenantId, webhookId: hook.id, eventSeq: 1, eventType: 'asset.status.changed', payload: { id: 'e1' } }]);
    const delivery = (await server.services.repos.webhooks.deliveries(org.tenantId, hook.id))[0]!;
    await server.services.webhooks.attempt(delivery.id);
    expect(receiver.received).toEqual([]);
    const listed = await unwrap(org.as.owner.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id } } }));
    expect(listed.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'target refused (internal address)', responseStatus: null });
    await receiver.close();
    await server.services.db.webhook.delete({ where: { id: hook.id } });
  });
});

describe('the address check and the pinned connection', () => {
  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', '::', 'fc00::1', 'fe80::1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '224.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const lookup = async () => [{ address: '93.184.215.14', family: 4 as const }, { address: '10.0.0.5', family: 4 as const }];
    await expect(resolveTarget('https://hooks.example.org/x', false, lookup)).rejects.toMatchObject({ code: 'webhook_target_refused' });
    await expect(resolveTarget('https://nowhere.invalid/x', false, async () => { throw new Error('ENOTFOUND'); })).rejects.toMatchObject({ code: 'webhook_target_refused' });
  });

  it('connects to the address it checked, not to a second resolution, and never reads the answer body', async () => {
    const seen: string[] = [];
    const receiver = http.createServer((req, res) => {
      seen.push(String(req.headers.host));
      res.statusCode = 500;
      res.end('internal stack trace with secrets');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    let lookups = 0;
    // 'rebind.test' has no DNS entry: only the pinned address can make this connection work.
    const post = pinnedPost(true, async () => (lookups++, [{ address: '127.0.0.1', family: 4 }]));
    const status = await post(`http://rebind.test:${port}/hook`, { 'content-type': 'application/json' }, '{}', 5000);
    expect({ status, lookups, seen }).toEqual({ status: 500, lookups: 1, seen: [`rebind.test:${port}`] });
    await new Promise<void>((r) => receiver.close(() => r()));
  });
});
