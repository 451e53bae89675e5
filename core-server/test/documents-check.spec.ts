import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap } from '@likeness/sdk';
import { fingerprintOf } from '../src/modules/documents/image-fingerprint';
import { approvedPhoto } from './support/approved-photo';
import { PHOTOS, makeDocx, makePptx, resizedCopy } from './support/documents-fixtures';
import { upload } from './support/media';
import { PASSWORD, createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const CHANNELS = ['web', 'office'];

const approved = (server: TestServer, org: TestOrg, name: string) => approvedPhoto(server, org, name, CHANNELS);

async function check(server: TestServer, org: TestOrg, bytes: Buffer, name: string, channel = 'office') {
  return upload(server.url, `/api/v1/office/documents/check?channel=${channel}`, org.cookies.viewer, { bytes, name, type: 'application/octet-stream' });
}

function tempFiles(server: TestServer): string[] {
  const dir = path.join(server.config.dataDir, 'files', 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('the document check and content lookup over HTTP', () => {
  let server: TestServer;
  let org: TestOrg;
  let bank: { cage: string; audrey: string; connery: string };

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'docs', CHANNELS);
    const cage = await approved(server, org, 'cage.jpg');
    const audrey = await approved(server, org, 'audrey.jpg');
    const connery = await approved(server, org, 'SeanConnery.jpg');
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: connery.agreementId } }, body: {} }));
    bank = { cage: cage.assetId, audrey: audrey.assetId, connery: connery.assetId };
  });
  afterAll(() => server?.stop());

  it('reports every image of a real .pptx: a bank image, a resized re-encoded copy, a withdrawn one and a foreign one', async () => {
    const pptx = await makePptx([
      [fs.readFileSync(PHOTOS.cage)],
      [await resizedCopy(PHOTOS.audrey, 0.45, 50)],
      [fs.readFileSync(PHOTOS.connery), fs.readFileSync(PHOTOS.franck)],
    ]);
    const res = await check(server, org, pptx, 'deck.pptx');
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report).toMatchObject({ fileName: 'deck.pptx', format: 'pptx', channel: 'office' });
    const find = (assetId: string | null) => report.images.filter((i: any) => i.assetId === assetId);
    expect(find(bank.cage)[0]).toMatchObject({ match: 'sha256', status: 'approved', approved: true, locations: [{ kind: 'slide', number: 1 }], title: 'Photo cage.jpg' });
    expect(find(bank.audrey)[0]).toMatchObject({ match: 'perceptual', status: 'approved', locations: [{ kind: 'slide', number: 2 }] });
    expect(find(bank.connery)[0]).toMatchObject({ match: 'sha256', status: 'withdrawn', approved: false, locations: [{ kind: 'slide', number: 3 }] });
    expect(find(bank.connery)[0].reasons.length).toBeGreaterThan(0);
    expect(find(null)).toHaveLength(1);
    expect(find(null)[0]).toMatchObject({ status: 'foreign', match: null, locations: [{ kind: 'slide', number: 3 }] });
    expect(report.summary).toEqual({ images: 4, approved: 2, notApproved: 1, expiringSoon: 0, foreign: 1 });
    expect(tempFiles(server)).toEqual([]);
  });

  it('reads the add-in\'s tag in a real .docx even when the picture\'s bytes are not the bank\'s', async () => {
    const docx = await makeDocx([
      { data: await resizedCopy(PHOTOS.franck, 0.8, 70), title: `likeness:${bank.cage}` },
      { data: fs.readFileSync(PHOTOS.connery) },
    ]);
    const res = await check(server, org, docx, 'letter.docx');
    expect(res.status).toBe(200);
    const [first, second] = res.body.images.sort((a: any, b: any) => (a.match === 'tag' ? -1 : b.match === 'tag' ? 1 : 0));
    expect(first).toMatchObject({ assetId: bank.cage, match: 'tag', status: 'approved', locations: [{ kind: 'page', number: null }] });
    expect(second).toMatchObject({ assetId: bank.connery, status: 'withdrawn' });
  });

  it('refuses bad input with a clear 4xx and the limits, and keeps nothing', async () => {
    const assetsBefore = (await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { limit: 200 } } }))).items.length;
    const notZip = await check(server, org, Buffer.from('just some text, not a document'), 'notes.docx');
    expect(notZip.status).toBe(422);
    expect(notZip.body.error).toMatchObject({ code: 'invalid_file', details: { reason: 'not_a_zip', limits: { maxImages: 2000 } } });
    const encrypted = await check(server, org, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)]), 'secret.pptx');
    expect(encrypted.status).toBe(422);
    expect(encrypted.body.error.message).toMatch(/password/);
    const unknownChannel = await check(server, org, await makePptx([[]]), 'x.pptx', 'tv');
    expect(unknownChannel.status).toBe(422);
    expect(unknownChannel.body.error.code).toBe('channel_unknown');

    // A 2 GB upload is cut off at the limit, long before it has all arrived.
    const limits = await unwrap(org.as.viewer.GET('/api/v1/office/documents/limits'));
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const huge = new Readable({
      read() {
        if (sent >= 2 * 1024 ** 3) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const boundary = 'likeness-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pptx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const body = Readable.from((async function* () {
      yield Buffer.from(head);
      for await (const c of huge) yield c as Buffer;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })());
    const res = await fetch(`${server.url}/api/v1/office/documents/check`, {
      method: 'POST',
      headers: { cookie: org.cookies.viewer, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit).catch((err: unknown) => err);
    if (res instanceof Response) {
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toContain(String(Math.floor(limits.maxBytes / 1048576)));
    }
    expect(sent).toBeLessThan(1024 ** 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(tempFiles(server)).toEqual([]);
    expect((await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { limit: 200 } } }))).items.length).toBe(assetsBefore);
  });

  it('looks images up by content: exact bytes, a resized copy, and a foreign image', async () => {
    const exact = await fingerprintOf(fs.readFileSync(PHOTOS.audrey), 50e6);
    const copy = await fingerprintOf(await resizedCopy(PHOTOS.cage, 0.3, 45), 50e6);
    const foreign = await fingerprintOf(fs.readFileSync(PHOTOS.murray), 50e6);
    const result = await unwrap(
      org.as.viewer.POST('/api/v1/office/images/lookup', {
        body: { images: [{ key: 'a', sha256: exact.sha256 }, { key: 'b', sha256: copy.sha256, phash: copy.phash! }, { key: 'c', sha256: foreign.sha256, phash: foreign.phash! }] },
      }),
    );
    expect(result.items).toEqual([
      { key: 'a', assetId: bank.audrey, match: 'sha256', distance: null },
      { key: 'b', assetId: bank.cage, match: 'perceptual', distance: expect.any(Number) },
      { key: 'c', assetId: null, match: null, distance: null },
    ]);
    const bad = await org.as.viewer.POST('/api/v1/office/images/lookup', { body: { images: [{ key: 'x', sha256: 'nope' }] } });
    expect(bad.response.status).toBe(400);
  });

  it('Office sessions: sign in from the dialog, use the token as a bearer, hand out only approved images, sign out and it is refused', async () => {
    const anonymous = createLikenessClient({ baseUrl: server.url });
    const wrong = await anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.editor, password: 'wrong password' } });
    expect(wrong.response.status).toBe(401);
    const session = await unwrap(anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.editor, password: PASSWORD } }));
    expect(session.token).toMatch(/^lks_/);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    const pane = createLikenessClient({ baseUrl: server.url, apiKey: session.token });
    expect((await unwrap(pane.GET('/api/v1/auth/me'))).email).toBe(org.emails.editor);

    const image = await pane.GET('/api/v1/office/assets/{id}/image', { params: { path: { id: bank.audrey }, query: { channel: 'office', maxWidth: 300 } }, parseAs: 'arrayBuffer' });
    expect(image.response.status).toBe(200);
    expect(image.response.headers.get('content-type')).toBe('image/jpeg');
    const withdrawn = await pane.GET('/api/v1/office/assets/{id}/image', { params: { path: { id: bank.connery }, query: { channel: 'office', maxWidth: 300 } } });
    expect(withdrawn.response.status).toBe(409);
    await new Promise((r) => setTimeout(r, 100));
    expect(tempFiles(server)).toEqual([]);

    await unwrap(pane.POST('/api/v1/auth/logout'));
    expect((await pane.GET('/api/v1/auth/me')).response.status).toBe(401);

    // An administrator disabling the user ends their Office sessions at once.
    const again = await unwrap(anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.viewer, password: PASSWORD } }));
    const viewerPane = createLikenessClient({ baseUrl: server.url, apiKey: again.token });
    const users = await unwrap(org.as.owner.GET('/api/v1/users'));
    const viewer = users.items.find((u) => u.email === org.emails.viewer)!;
    await unwrap(org.as.owner.PATCH('/api/v1/users/{id}', { params: { path: { id: viewer.id } }, body: { disabled: true } }));
    expect((await viewerPane.GET('/api/v1/auth/me')).response.status).toBe(401);

    // Guessing passwords through the add-in's sign-in is limited like the dashboard's login.
    for (let i = 0; i < 10; i++) await anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.owner, password: `guess ${i}` } });
    const limited = await anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.owner, password: PASSWORD } });
    expect(limited.response.status).toBe(429);
  });
});
