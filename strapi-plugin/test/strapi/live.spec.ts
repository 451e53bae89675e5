/**
 * Live hiding on a real Strapi with a real core-server: withdrawals over the socket, over signed webhooks
 * with the socket down, refused forgeries, Strapi's own `likeness.media.hidden` webhook event, the
 * unpublish option, and fail-closed behaviour with the core-server stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays, until } from '../support/likeness';
import { startStack, type Stack } from '../support/stack';
import type { UploadedFile } from '../support/strapi';
import { signWebhook } from '../../server/src/services/webhook';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('live');
  // Strapi's admin API refuses private URLs for webhooks; the store is what it writes to (and it checks the event is allowed).
  const { strapi } = stack.app;
  const hook = await strapi.get('webhookStore').createWebhook({ name: 'Next.js revalidate', url: stack.receiverUrl, headers: {}, events: ['likeness.media.hidden'] });
  strapi.get('webhookRunner').add(hook);
});
afterAll(async () => stack?.stop());

/** An approved image in Likeness, uploaded to Strapi (linked by hash) and published in an article's cover. */
async function publishedWithApproved(seed: number, validUntil: string | null = inDays(100)) {
  const { likeness, app } = stack;
  const asset = await likeness.approvedAsset(seed, `Bild ${seed}`, validUntil);
  const file: UploadedFile = await app.upload(asset.bytes, asset.name);
  const documentId = await app.createDraft({ title: `Artikel ${seed}`, slug: `artikel-${seed}`, cover: file.id });
  await app.publish(documentId);
  expect((await app.article(documentId)).cover?.id).toBe(file.id);
  return { asset, file, documentId };
}

const coverOf = async (documentId: string) => (await stack.app.article(documentId)).cover;

describe('socket', () => {
  it('a withdrawal removes the image from the next Content API response, pushed over the socket', async () => {
    const { likeness, app, webhook } = stack;
    await until('socket connected', async () => app.plugin('connection').connected, 10_000);
    await likeness.pauseWebhook(webhook.id, false); // only the socket can tell Strapi now
    try {
      const { asset, documentId } = await publishedWithApproved(21);
      const started = Date.now();
      await likeness.withdraw(asset.agreementId);
      await until('cover removed', async () => (await coverOf(documentId)) === null, 5_000, 20);
      console.log(`socket withdrawal → hidden in the Content API after ${Date.now() - started} ms`);
      // Strapi's own webhook event, for front-ends to revalidate.
      const event = await until('likeness.media.hidden delivered', async () => stack.received.find((r) => r.event === 'likeness.media.hidden' && r.body.assetId === asset.assetId));
      expect(event.body.status).toBe('withdrawn');
      expect(event.body.entries).toEqual([expect.objectContaining({ uid: 'api::article.article', documentId, location: 'https://example.se/news/artikel-21' })]);
      expect(event.body.files[0]).toMatchObject({ name: asset.name });
    } finally {
      await likeness.pauseWebhook(webhook.id, true);
    }
  });

  it('unpublishes the entries that use a withdrawn image when the setting says so', async () => {
    const { likeness, app } = stack;
    await app.admin('PUT', '/likeness/settings', { unpublishOnHidden: true });
    try {
      const { asset, documentId } = await publishedWithApproved(22);
      await likeness.withdraw(asset.agreementId);
      await until('entry unpublished', async () => (await app.request('GET', `/api/articles/${documentId}`, { token: app.apiToken, expect: undefined }).catch(() => null)) === null, 10_000);
      // The draft (the editor's work) is kept.
      const draft = await app.content('GET', `/api/articles/${documentId}?status=draft`);
      expect(draft.data.title).toBe('Artikel 22');
      await until('usage ended', async () => (await likeness.usages(asset.assetId)).every((u) => u.removedAt));
    } finally {
      await app.admin('PUT', '/likeness/settings', { unpublishOnHidden: false });
    }
  });
});

describe('webhooks', () => {
  it('with the socket down, a signed webhook removes the image', async () => {
    const { likeness, app, webhook } = stack;
    app.strapi.config.set('plugin::likeness.socket', false);
    await app.plugin('connection').start();
    try {
      expect(app.plugin('connection').connected).toBe(false);
      const { asset, documentId } = await publishedWithApproved(31);
      await likeness.withdraw(asset.agreementId);
      await until('cover removed', async () => (await coverOf(documentId)) === null, 10_000);
      const deliveries = await likeness.deliveries(webhook.id);
      expect(deliveries.some((d) => d.status === 'delivered' && d.responseStatus === 200)).toBe(true);
    } finally {
      app.strapi.config.set('plugin::likeness.socket', true);
      await app.plugin('connection').start();
    }
  });

  it('refuses a wrong signature, an old timestamp and a malformed body, and changes nothing', async () => {
    const { app } = stack;
    const { asset, documentId } = await publishedWithApproved(32);
    const event = JSON.stringify({ type: 'asset.status.changed', id: 'forged-1', seq: 999999, assetId: asset.assetId, channel: 'web', oldStatus: 'approved', newStatus: 'withdrawn', approved: false, visible: false, approvedUntil: null, reasons: [], at: new Date().toISOString() });
    const post = (body: string, signature?: string) =>
      fetch(`${app.url}/api/likeness/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-likeness-signature': signature } : {}) }, body });
    const now = Math.floor(Date.now() / 1000);
    const wrong = await post(event, `t=${now},v1=${signWebhook('not-the-secret', now, event)}`);
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.name).toBe('signature_mismatch');
    expect((await post(event)).status).toBe(401);
    expect((await post(event, `t=${now - 3600},v1=${signWebhook(stack.webhook.secret, now - 3600, event)}`)).status).toBe(401);
    expect((await post('{not json', `t=${now},v1=${signWebhook(stack.webhook.secret, now, '{not json')}`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/likeness/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await coverOf(documentId))?.id).toBeDefined();
  });

  it('a replayed delivery is acknowledged but not applied twice', async () => {
    const { app } = stack;
    const event = JSON.stringify({ type: 'asset.status.changed', id: 'replay-1', seq: 1, assetId: '00000000-0000-4000-8000-000000000001', channel: 'web', oldStatus: null, newStatus: 'approved', approved: true, visible: true, approvedUntil: null, reasons: [], at: new Date().toISOString() });
    const now = Math.floor(Date.now() / 1000);
    const send = () => fetch(`${app.url}/api/likeness/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-likeness-signature': `t=${now},v1=${signWebhook(stack.webhook.secret, now, event)}` }, body: event });
    expect(((await (await send()).json()) as any).result).toBe('applied');
    expect(((await (await send()).json()) as any).result).toBe('duplicate');
  });
});

describe('core-server stopped', () => {
  it('cached approvals hold until their lease ends, and images Strapi never asked about are removed', async () => {
    const { likeness, app } = stack;
    const long = await publishedWithApproved(41);
    const short = await publishedWithApproved(42, new Date(Date.now() + 8_000).toISOString());
    const never = await likeness.approvedAsset(43, 'Aldrig frågad');
    await likeness.stop();
    try {
      await until('socket down', async () => !app.plugin('connection').connected, 10_000);
      // Linked while Likeness is down (e.g. by the bulk link job just before the outage): no answer yet.
      const file = await app.upload(never.bytes, never.name);
      await app.plugin('links').link(file, never.assetId, 'manual');
      const documentId = await app.createDraft({ title: 'Under avbrottet', cover: file.id });
      const read = async (id: string, status = '') => (await app.content('GET', `/api/articles/${id}?populate[cover]=true${status}`)).data.cover;
      expect(await read(documentId, '&status=draft')).toBeNull();
      expect((await read(long.documentId))?.id).toBe(long.file.id);
      await until('short lease ended', async () => (await read(short.documentId)) === null, 20_000, 250);
      expect((await read(long.documentId))?.id).toBe(long.file.id);
      // Publishing cannot be verified while Likeness is down: refused, clearly.
      const refused = await app.publish(documentId, 400);
      expect(refused.error.message).toContain(never.name);
    } finally {
      await likeness.boot();
    }
    await until('socket back', async () => app.plugin('connection').connected, 30_000, 250);
  });
});
