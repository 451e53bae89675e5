import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import type { StatusChangedEvent } from '@likeness/shared';
import { approvedAsset, webhookReceiver } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';
import { startServer } from '../src/server';
import { pino } from 'pino';

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 8000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function verify(secret: string, header: string, body: string) {
  const { t, v1 } = Object.fromEntries(header.split(',').map((p) => p.split('='))) as { t: string; v1: string };
  return { fresh: Math.abs(Date.now() / 1000 - Number(t)) < 300, valid: createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') === v1 };
}

describe('webhooks', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer({ webhookRetryBaseMs: 100 });
    org = await createOrg(server, 'hooks');
  });
  afterAll(() => server.stop());

  it('delivers every status change as a signed POST with an idempotency key', async () => {
    const receiver = await webhookReceiver();
    const hook = await unwrap(org.as.owner.POST('/api/v1/webhooks', { body: { name: 'site', url: receiver.url } }));
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await unwrap(org.as.owner.GET('/api/v1/webhooks'));
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    const { assetId, agreementId } = await approvedAsset(server.url, org);
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    // One delivery per channel, each on its own: wait for all three, not the first.
    const withdrawnChannels = () => new Set(receiver.received.map((r) => JSON.parse(r.body) as StatusChangedEvent).filter((e) => e.assetId === assetId && e.newStatus === 'withdrawn').map((e) => e.channel));
    await waitFor(() => withdrawnChannels().size === 3);

    for (const r of receiver.received) {
      const sig = verify(hook.secret, String(r.headers['x-likeness-signature']), r.body);
      expect(sig).toEqual({ fresh: true, valid: true });
      const event = JSON.parse(r.body) as StatusChangedEvent;
      expect(r.headers['idempotency-key']).toBe(event.id);
      expect(r.headers['x-likeness-event']).toBe('asset.status.changed');
    }
    // A tampered body does not verify.
    const one = receiver.received[0]!;
    expect(verify(hook.secret, String(one.headers['x-likeness-signature']), one.body.replace('"approved":', '"approved" :')).valid).toBe(false);
    const withdrawn = receiver.received.map((r) => JSON.parse(r.body) as StatusChangedEvent).filter((e) => e.assetId === assetId && e.newStatus === 'withdrawn');
    expect(withdrawn.map((e) => e.channel).sort()).toEqual(['print', 'social', 'web']);
    await receiver.close();
  });

  it('retries failures with backoff until the receiver answers, and logs each delivery', async () => {
    const receiver = await webhookReceiver((n) => (n <= 2 ? 503 : 200));
    const hook = await unwrap(org.as.owner.POST('/api/v1/webhooks', { body: { name: 'flaky', url: receiver.url } }));
    const before = receiver.received.length;
    await approvedAsset(server.url, org, 'audrey_crop.jpg');
    await waitFor(async () => {
      const log = await unwrap(org.as.owner.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id } } }));
      return log.items.length > 0 && log.items.every((d) => d.status === 'delivered');
    });
    const log = await unwrap(org.as.owner.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id } } }));
    expect(log.items.some((d) => d.attempts >= 2)).toBe(true);
    expect(receiver.received.length - before).toBeGreaterThan(log.items.length); // the failed tries were real requests
    const retried = receiver.received.filter((r) => r.headers['idempotency-key'] === receiver.received[0]!.headers['idempotency-key']);
    expect(retried.length).toBeGreaterThanOrEqual(2);
    await unwrap(org.as.owner.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } } }));
    await receiver.close();
  });

  it('redelivers the outbox after a restart: nothing committed is lost when the server dies before sending', async () => {
    const receiver = await webhookReceiver();
    const hook = await unwrap(org.as.owner.POST('/api/v1/webhooks', { body: { name: 'restart', url: receiver.url } }));
    const mine = { webhookId: hook.id, status: 'pending' };
    // Stop delivery, commit a change, then "crash" before anything is sent.
    server.services.webhooks.stop();
    const { agreementId } = await approvedAsset(server.url, org, 'kim1_crop.jpg');
    const pending = await server.services.db.webhookDelivery.count({ where: mine });
    expect(pending).toBeGreaterThan(0);
    await server.close();
    expect(receiver.received.length).toBe(0);

    const restarted = await startServer(server.config, { migrate: false, logger: pino({ level: 'silent' }) });
    try {
      await waitFor(async () => (await restarted.services.db.webhookDelivery.count({ where: mine })) === 0);
      const seqs = receiver.received.map((r) => (JSON.parse(r.body) as StatusChangedEvent).seq);
      expect(new Set(seqs).size).toBe(pending);
      void agreementId;
    } finally {
      await restarted.close();
      await receiver.close();
    }
  });
});
