import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryUrl } from '@likeness/sdk';
import { unwrap } from '@likeness/sdk';
import { approvedAsset, inDays } from './support/live';
import { readPhoto, upload } from './support/media';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

describe('consent-enforced delivery URLs: /d/<publicId>/<channel>/<width>.webp', () => {
  let server: TestServer;
  let org: TestOrg;
  let assetId: string;
  let agreementId: string;
  let publicId: string;
  const url = (channel = 'web', width: 160 | 320 | 640 | 1280 | 2560 = 320) => deliveryUrl(server.url, publicId, channel, width);

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'delivery');
    ({ assetId, agreementId } = await approvedAsset(server.url, org, 'cage.jpg', inDays(0.5)));
    publicId = (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }))).publicId!;
  });
  afterAll(() => server?.stop());

  it('is off until the organisation names its delivery channels; every file has a random public id', async () => {
    expect(publicId).toMatch(/^[0-9a-f]{32}$/);
    expect(publicId).not.toContain(assetId.replace(/-/g, '').slice(0, 8));
    expect((await fetch(url())).status).toBe(404);
    expect((await org.as['gdpr-admin'].PATCH('/api/v1/settings', { body: { deliveryChannels: ['tv'] } })).response.status).toBe(422);
    expect((await org.as.editor.PATCH('/api/v1/settings', { body: { deliveryChannels: ['web'] } })).response.status).toBe(403);
    await unwrap(org.as['gdpr-admin'].PATCH('/api/v1/settings', { body: { deliveryChannels: ['web', 'print'] } }));
  });

  it('serves an approved image as WebP at the asked width, cached no longer than the approval lasts', async () => {
    const res = await fetch(url('web', 320));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control')!)![1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(60);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320 });
    // Never wider than the original; a revalidation with the ETag is a 304.
    const original = await sharp(readPhoto('cage.jpg').bytes).metadata();
    const wide = await fetch(url('web', 2560));
    expect((await sharp(Buffer.from(await wide.arrayBuffer())).metadata()).width).toBe(original.width);
    const again = await fetch(url('web', 320), { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('never lets a cache keep an image past the end of its approval', async () => {
    const { assetId: short } = await approvedAsset(server.url, org, 'chuck_crop.jpg', new Date(Date.now() + 20_000).toISOString());
    const id = (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: short } } }))).publicId!;
    const res = await fetch(deliveryUrl(server.url, id, 'web', 160));
    expect(res.status).toBe(200);
    expect(Number(/max-age=(\d+)/.exec(res.headers.get('cache-control')!)![1])).toBeLessThanOrEqual(20);
  });

  it('answers 404 with no body for what it may not show: another channel, a bad width or id, an unapproved file', async () => {
    for (const target of [url('social'), url('web').replace('/320.webp', '/333.webp'), url('web').replace(publicId, 'f'.repeat(32)), `${server.url}/d/${assetId}/web/320.webp`]) {
      const res = await fetch(target);
      expect([target, res.status]).toEqual([target, 404]);
      expect(await res.text()).toBe('');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('audrey_crop.jpg'));
    const unhandled = (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: up.body.id } } }))).publicId!;
    expect((await fetch(deliveryUrl(server.url, unhandled, 'web', 320))).status).toBe(404);
  });

  it('stops at once when consent is withdrawn (410, new ETag), and serves again when it is given again', async () => {
    const before = await fetch(url());
    const etag = before.headers.get('etag')!;
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    const gone = await fetch(url(), { headers: { 'if-none-match': etag } });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('');
    const asset = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    const personId = asset.boxes[0]!.personId!;
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(200) } }));
    const back = await fetch(url(), { headers: { 'if-none-match': etag } });
    expect(back.status).toBe(200);
    expect(back.headers.get('etag')).not.toBe(etag);
    expect(back.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
  });
});
