import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { LiveClient, apiKey, approvedAsset, inDays, inMs, keyClient } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';
import { rejects } from './support/assertions';

describe('live push over socket.io', () => {
  let server: TestServer;
  let org: TestOrg;
  let other: TestOrg;
  const clients: LiveClient[] = [];
  const connect = (auth: { apiKey?: string; since?: number }, extra = {}) => {
    const c = new LiveClient(server.url, auth, extra);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'live');
    other = await createOrg(server, 'live-other');
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server.stop();
  });

  it('pushes the hide to a connected integration when consent is withdrawn, and nothing to other tenants', async () => {
    const { assetId, agreementId } = await approvedAsset(server.url, org);
    const key = await apiKey(org, ['status:read']);
    const client = connect({ apiKey: key });
    const stranger = connect({ apiKey: await apiKey(other, ['status:read']) });
    await client.connected();
    await stranger.connected();
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'withdrawn'), 10_000, 'withdrawn event');
    const web = client.events.find((e) => e.assetId === assetId && e.channel === 'web')!;
    expect(web).toMatchObject({ type: 'asset.status.changed', oldStatus: 'approved', newStatus: 'withdrawn', approved: false, visible: false, approvedUntil: null });
    expect(web.reasons.map((r) => r.code)).toContain('consent_withdrawn');
    expect(new Set(client.events.map((e) => e.channel))).toEqual(new Set(['web', 'print', 'social']));
    // Sequence numbers strictly increase.
    const seqs = client.events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(stranger.events).toEqual([]);
  });

  it('tells connected hosts on every channel when an approved file is deleted, so they hide it', async () => {
    const { assetId } = await approvedAsset(server.url, org, 'franck_02683.jpg');
    const client = connect({ apiKey: await apiKey(org, ['status:read']) });
    await client.connected();
    await unwrap(org.as['gdpr-admin'].DELETE('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    await client.until(() => client.events.filter((e) => e.assetId === assetId && e.newStatus === 'unknown').length === 3, 2000, 'unknown events');
    const gone = client.events.filter((e) => e.assetId === assetId);
    expect(new Set(gone.map((e) => e.channel))).toEqual(new Set(['web', 'print', 'social']));
    for (const e of gone) expect(e).toMatchObject({ newStatus: 'unknown', approved: false, visible: false, approvedUntil: null });
  });

  it('replays every missed event in order after a reconnect, and tells a client too far behind to resync', async () => {
    const key = await apiKey(org, ['status:read']);
    const first = connect({ apiKey: key });
    await first.connected();
    const seenUpTo = first.hello!.seq;
    first.close();

    // While disconnected: two changes.
    const a = await approvedAsset(server.url, org, 'audrey_crop.jpg');
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.agreementId } }, body: {} }));

    const again = connect({ apiKey: key, since: seenUpTo });
    await again.connected();
    expect(again.hello!.resumed).toBe(true);
    const missed = again.events.filter((e) => e.assetId === a.assetId && e.channel === 'web').map((e) => e.newStatus);
    expect(missed).toEqual(['unhandled', 'persons_missing', 'consent_missing', 'approved', 'withdrawn']);
    expect(again.events.map((e) => e.seq)).toEqual(again.events.map((e) => e.seq).sort((x, y) => x - y));
    expect(again.events[0]!.seq).toBe(seenUpTo + 1);

    const lost = connect({ apiKey: key, since: 0 });
    await lost.connected();
    // The history here is short, so replay from 0 still works; pretend an ancient cursor by pruning.
    await server.services.db.statusEvent.deleteMany({ where: { tenantId: org.tenantId, seq: { lte: 3 } } });
    const pruned = connect({ apiKey: key, since: 1 });
    await pruned.connected();
    expect(pruned.resyncs).toEqual([{ seq: pruned.hello!.seq, reason: 'history_pruned' }]);
    expect(pruned.events).toEqual([]);
  });

  it('refuses bad keys, keys without status:read, and public keys from a foreign origin', async () => {
    const bad = connect({ apiKey: 'lk_000000000000_' + 'x'.repeat(43) });
    expect(await bad.connectError()).toBe('unauthenticated');
    const noScope = connect({ apiKey: await apiKey(org, ['usages:write']) });
    expect(await noScope.connectError()).toBe('forbidden');
    const publicKey = await apiKey(org, ['status:read'], { public: true, origins: ['https://www.example.se'] });
    const foreign = connect({ apiKey: publicKey }, { origin: 'https://evil.example' });
    expect(await foreign.connectError()).toBe('forbidden');
    const allowed = connect({ apiKey: publicKey }, { origin: 'https://www.example.se' });
    await allowed.connected();
  });

  it('strips reasons (person ids) from events sent to public keys', async () => {
    const publicKey = await apiKey(org, ['status:read'], { public: true, origins: ['https://www.example.se'] });
    const browser = connect({ apiKey: publicKey }, { origin: 'https://www.example.se' });
    await browser.connected();
    const { agreementId, assetId } = await approvedAsset(server.url, org, 'kim1_crop.jpg');
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    await browser.until(() => browser.events.some((e) => e.assetId === assetId && e.newStatus === 'withdrawn'));
    expect(browser.events.every((e) => e.reasons.length === 0)).toBe(true);
  });

  it('lets a dashboard session connect with its cookie', async () => {
    const dashboard = connect({}, { cookie: org.cookies.viewer });
    await dashboard.connected();
    const anonymous = connect({});
    expect(await anonymous.connectError()).toBe('unauthenticated');
  });

  it('hides by itself when an agreement runs out, with no request at all (the scheduler wakes at that moment)', async () => {
    const key = await apiKey(org, ['status:read']);
    const client = connect({ apiKey: key });
    await client.connected();
    const endsAt = inMs(1500);
    const { assetId } = await approvedAsset(server.url, org, 'obama4_crop.jpg', endsAt);
    const batch = await unwrap(keyClient(server.url, key).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(batch.items[0]).toMatchObject({ approved: true, approvedUntil: endsAt });
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'expired'), 5000, 'expired event');
    const expired = client.events.find((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'expired')!;
    // Fired at the lease end, not on a coarse poll.
    const lag = Date.parse(expired.at) - Date.parse(endsAt);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(1000);
  });

  it('serves the same events to pollers through GET /events', async () => {
    const key = await apiKey(org, ['status:read']);
    const client = keyClient(server.url, key);
    // Events up to seq 3 were pruned above: a cursor before them must resync.
    const ancient = await unwrap(client.GET('/api/v1/events', { params: { query: { since: 0, limit: 5 } } }));
    expect(ancient).toMatchObject({ items: [], resync: true });
    const page = await unwrap(client.GET('/api/v1/events', { params: { query: { since: ancient.headSeq - 8, limit: 5 } } }));
    expect(page.resync).toBe(false);
    expect(page.items.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((i) => ancient.headSeq - 8 + i));
    expect(page.headSeq).toBeGreaterThanOrEqual(page.items.at(-1)!.seq);
    const next = await unwrap(client.GET('/api/v1/events', { params: { query: { since: page.items.at(-1)!.seq, limit: 5 } } }));
    expect(next.items[0]!.seq).toBe(page.items.at(-1)!.seq + 1);
    // A cursor past the 32-bit seq range cannot be real: a 400, not a database error (PostgreSQL's int4).
    await rejects(client.GET('/api/v1/events', { params: { query: { since: 2 ** 31 } } }), 400, 'validation_failed');
    const ahead = await unwrap(client.GET('/api/v1/events', { params: { query: { since: 2 ** 31 - 1 } } }));
    expect(ahead).toMatchObject({ items: [], resync: false });
  });

  it('warns once when an agreement enters its warning window', async () => {
    const { agreementId } = await approvedAsset(server.url, org, 'chuck_crop.jpg', inDays(5));
    await server.services.scheduler.runDue();
    await server.services.scheduler.runDue();
    const list = await unwrap(org.as['gdpr-admin'].GET('/api/v1/notifications', { params: { query: {} } }));
    const mine = list.items.filter((n) => n.agreementId === agreementId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.kind).toBe('agreement.expiring');
    // A new end date re-arms the warning.
    await unwrap(org.as['gdpr-admin'].PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreementId } }, body: { validUntil: inDays(6) } }));
    await server.services.scheduler.runDue();
    const after = await unwrap(org.as['gdpr-admin'].GET('/api/v1/notifications', { params: { query: {} } }));
    expect(after.items.filter((n) => n.agreementId === agreementId)).toHaveLength(2);
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/notifications/{id}/read', { params: { path: { id: mine[0]!.id } } }));
    const unread = await unwrap(org.as['gdpr-admin'].GET('/api/v1/notifications', { params: { query: { unread: 'true' } } }));
    expect(unread.items.some((n) => n.id === mine[0]!.id)).toBe(false);
  });

  it('recomputes only the assets of the persons concerned', async () => {
    const a = await approvedAsset(server.url, org, 'franck_02159.jpg');
    const b = await approvedAsset(server.url, org, 'franck_03909.jpg');
    const client = connect({ apiKey: await apiKey(org, ['status:read']) });
    await client.connected();
    const before = await server.services.db.assetStatusState.findMany({ where: { assetId: b.assetId } });
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.agreementId } }, body: {} }));
    await client.until(() => client.events.some((e) => e.assetId === a.assetId && e.newStatus === 'withdrawn'));
    await new Promise((r) => setTimeout(r, 200));
    expect(client.events.filter((e) => e.assetId !== a.assetId)).toEqual([]);
    const after = await server.services.db.assetStatusState.findMany({ where: { assetId: b.assetId } });
    expect(after.map((r) => r.updatedAt.getTime())).toEqual(before.map((r) => r.updatedAt.getTime()));
  });

  it('pushes visibility when the organisation switches its policy from hide to warn', async () => {
    const owner = org.as.owner;
    const up = await approvedAsset(server.url, org, 'bieber_small.jpg');
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: up.agreementId } }, body: {} }));
    // A second, consent-missing person makes the other file warnable.
    const person = await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Utan Samtycke' } }));
    const missing = await approvedAsset(server.url, org, 'ri_1_crop.jpg');
    await unwrap(org.as.editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: missing.assetId } }, body: { x: 0.6, y: 0.1, w: 0.3, h: 0.3, personId: person.id } }));
    const client = connect({ apiKey: await apiKey(org, ['status:read']) });
    await client.connected();
    await unwrap(owner.PATCH('/api/v1/settings', { body: { unapprovedPolicy: 'warn' } }));
    await client.until(() => client.events.some((e) => e.assetId === missing.assetId && e.channel === 'web' && e.visible), 5000, 'visible under warn');
    const warned = client.events.find((e) => e.assetId === missing.assetId && e.channel === 'web')!;
    expect(warned).toMatchObject({ newStatus: 'consent_missing', approved: false, visible: true });
    // Withdrawn consent stays hidden whatever the policy.
    const withdrawn = client.events.find((e) => e.assetId === up.assetId && e.channel === 'web');
    expect(withdrawn?.visible ?? false).toBe(false);
    await unwrap(owner.PATCH('/api/v1/settings', { body: { unapprovedPolicy: 'hide' } }));
  });
});

