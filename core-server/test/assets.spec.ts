import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError, type LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, readPhoto, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';


const jpeg = (bytes: Buffer, name = 'photo.jpg') => ({ bytes, name, type: 'image/jpeg' });

async function uploadOk(server: TestServer, cookie: string, file: { bytes: Buffer; name: string; type: string }, fields: Record<string, string> = {}) {
  const res = await upload(server.url, '/api/v1/assets', cookie, file, fields);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; sha256: string; width: number | null; height: number | null } & Record<string, any>;
}

async function fetchFile(server: TestServer, cookie: string, assetId: string, variant: 'original' | 'preview' | 'thumbnail') {
  const res = await fetch(`${server.url}/api/v1/assets/${assetId}/files/${variant}`, { headers: { cookie } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const statusOf = (asset: { statuses: Array<{ channel: string; status: string }> }) => Object.fromEntries(asset.statuses.map((s) => [s.channel, s.status]));

// ---------------------------------------------------------------------------------------------

describe('assets', () => {
  let server: TestServer;
  let org: TestOrg;
  let orgB: TestOrg;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'assets-a');
    orgB = await createOrg(server, 'assets-b');
  });
  afterAll(() => server.stop());

  describe('upload and dedupe', () => {
    it('gives the existing asset for the same bytes (200, duplicate: true) and stores it once', async () => {
      const bytes = await generatedJpeg(10);
      const first = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpeg(bytes, 'first.jpg'), { title: 'Första' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ duplicate: false, title: 'Första', originalName: 'first.jpg', kind: 'image', contentType: 'image/jpeg', size: bytes.length });
      const again = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpeg(bytes, 'again.jpg'), { title: 'Andra' });
      expect(again.body).toMatchObject({ id: first.body.id, duplicate: true, title: 'Första', originalName: 'first.jpg' });
      const list = await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { limit: 200 } } }));
      expect(list.items.filter((a) => a.sha256 === first.body.sha256).map((a) => a.id)).toEqual([first.body.id]);
      expect(await server.services.db.asset.count({ where: { sha256: first.body.sha256 } })).toBe(1);
      expect(fs.readdirSync(path.join(server.config.dataDir, 'files', 'tmp'))).toEqual([]);
      // 200, not 201: nothing was created.
      expect(again.status).toBe(200);
    });

    it('keeps the same bytes in another organisation as a separate asset with its own files', async () => {
      const bytes = await generatedJpeg(11);
      const a = await uploadOk(server, org.cookies.editor, jpeg(bytes));
      const b = await upload(server.url, '/api/v1/assets', orgB.cookies.editor, jpeg(bytes));
      expect(b.status).toBe(201);
      expect(b.body.duplicate).toBe(false);
      expect(b.body.id).not.toBe(a.id);
      expect(b.body.sha256).toBe(a.sha256);
      // Deleting B's copy leaves A's files alone.
      await unwrap(orgB.as.editor.DELETE('/api/v1/assets/{id}', { params: { path: { id: b.body.id } } }));
      const original = await fetchFile(server, org.cookies.viewer, a.id, 'original');
      expect(original.status).toBe(200);
      expect(original.bytes.equals(bytes)).toBe(true);
      expect((await fetchFile(server, org.cookies.viewer, a.id, 'thumbnail')).status).toBe(200);
    });

    it('returns the original byte for byte', async () => {
      const photo = readPhoto('franck_02159.jpg');
      const asset = await uploadOk(server, org.cookies.editor, photo);
      expect(asset).toMatchObject({ width: 720, height: 576 });
      const original = await fetchFile(server, org.cookies.viewer, asset.id, 'original');
      expect(original.status).toBe(200);
      expect(original.type).toBe('image/jpeg');
      expect(original.bytes.equals(photo.bytes)).toBe(true);
    });
  });

  describe('thumbnails and previews', () => {
    it('are WebP, at most 320 px and 1600 px on the long side', async () => {
      const asset = await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(12, 2400, 1200)));
      expect(asset).toMatchObject({ width: 2400, height: 1200, hasThumbnail: true });
      for (const [variant, w, h] of [
        ['thumbnail', 320, 160],
        ['preview', 1600, 800],
      ] as const) {
        const file = await fetchFile(server, org.cookies.viewer, asset.id, variant);
        expect(file.status).toBe(200);
        expect(file.type).toBe('image/webp');
        const meta = await sharp(file.bytes).metadata();
        expect({ variant, format: meta.format, width: meta.width, height: meta.height }).toEqual({ variant, format: 'webp', width: w, height: h });
      }
    });

    it('never enlarge a small image', async () => {
      const asset = await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(13, 64, 48)));
      const thumb = await sharp((await fetchFile(server, org.cookies.viewer, asset.id, 'thumbnail')).bytes).metadata();
      expect([thumb.width, thumb.height]).toEqual([64, 48]);
    });

    it('follow the EXIF orientation: a 200×100 JPEG tagged "rotate 90°" is a 100×200 portrait', async () => {
      const bytes = await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 200, g: 30, b: 30 } } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const stored = await sharp(bytes).metadata();
      expect([stored.width, stored.height, stored.orientation]).toEqual([200, 100, 6]);
      const asset = await uploadOk(server, org.cookies.editor, jpeg(bytes, 'rotated.jpg'));
      expect([asset.width, asset.height]).toEqual([100, 200]);
      for (const variant of ['thumbnail', 'preview'] as const) {
        const meta = await sharp((await fetchFile(server, org.cookies.viewer, asset.id, variant)).bytes).metadata();
        expect({ variant, width: meta.width, height: meta.height }).toEqual({ variant, width: 100, height: 200 });
        // Rotated into the pixels, so no viewer rotates it a second time.
        expect([undefined, 1]).toContain(meta.orientation);
      }
      // The original is kept as uploaded, tag and all.
      expect((await fetchFile(server, org.cookies.viewer, asset.id, 'original')).bytes.equals(bytes)).toBe(true);
    });
  });

  describe('video', () => {
    it('stores a video as kind video, with its facts and a poster (more in video.spec)', async () => {
      const video = readPhoto('franck.mp4');
      const asset = await uploadOk(server, org.cookies.editor, video, { title: 'Intervju' });
      expect(asset).toMatchObject({ kind: 'video', contentType: 'video/mp4', hasThumbnail: true, size: video.bytes.length, width: 360, height: 288, durationMs: 200_000 });
      for (const variant of ['thumbnail', 'preview'] as const) {
        const file = await fetchFile(server, org.cookies.viewer, asset.id, variant);
        expect({ variant, status: file.status, type: file.type }).toEqual({ variant, status: 200, type: 'image/webp' });
      }
      const original = await fetchFile(server, org.cookies.viewer, asset.id, 'original');
      expect(original.type).toBe('video/mp4');
      expect(original.bytes.equals(video.bytes)).toBe(true);
      // A video goes through the same approval steps.
      const withBasis = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: asset.id } }, body: { basis: 'contract' } }));
      expect(statusOf(withBasis)).toEqual({ web: 'approved', print: 'approved', social: 'approved' });
    });
  });

  describe('the legal basis', () => {
    let assetId: string;
    beforeAll(async () => {
      assetId = (await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(20)))).id;
    });

    it('an external licence with an end date is approved until exactly that date', async () => {
      const until = inDays(100);
      const asset = await unwrap(
        org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'external_licence', validUntil: until, note: 'Licens från fotografen' } }),
      );
      expect(asset).toMatchObject({ basis: 'external_licence', basisValidUntil: until, basisNote: 'Licens från fotografen' });
      expect(asset.statuses.map((s) => [s.status, s.approvedUntil])).toEqual([
        ['approved', until],
        ['approved', until],
        ['approved', until],
      ]);
      const batch = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'print', assetIds: [assetId] } }));
      expect(batch.items[0]).toMatchObject({ status: 'approved', approved: true, approvedUntil: until });
    });

    it('a licence inside the lead time is expiring, a lapsed one expired', async () => {
      const soon = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'external_licence', validUntil: inDays(10) } }));
      expect(statusOf(soon).web).toBe('expiring');
      const lapsed = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'external_licence', validUntil: inDays(-1) } }));
      expect(statusOf(lapsed).web).toBe('expired');
    });

    it.each(['public_task', 'legal_obligation', 'vital_interests'] as const)('%s (Art. 6) approves without consent, keeps its note, and ends on its end date', async (basis) => {
      const note = basis === 'public_task' ? 'Information till invånarna, kommunallagen 2 kap.' : 'Arkivlagen';
      const open = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis, note } }));
      expect(open).toMatchObject({ basis, basisValidUntil: null, basisNote: note });
      expect(open.statuses.map((s) => [s.status, s.approvedUntil, s.reasons.map((r) => r.code)])).toEqual(
        Array.from({ length: 3 }, () => ['approved', null, ['basis_without_consent']]),
      );
      const until = inDays(200);
      const ending = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis, validUntil: until, note } }));
      expect(statusOf(ending)).toEqual({ web: 'approved', print: 'approved', social: 'approved' });
      const lapsed = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis, validUntil: inDays(-1) } }));
      expect(statusOf(lapsed)).toEqual({ web: 'expired', print: 'expired', social: 'expired' });
      const listed = await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { basis } } }));
      expect(listed.items.map((a) => a.id)).toContain(assetId);
    });

    it('refuses a basis that is not one of the listed ones', async () => {
      const res = await org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'public_interest' as never } });
      expect(res.response.status).toBe(400);
      expect((res.error as { error: { code: string } }).error.code).toBe('validation_failed');
    });

    it('clearing the basis (null) makes the file unhandled again', async () => {
      const cleared = await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: null } }));
      expect(cleared).toMatchObject({ basis: null, basisValidUntil: null, basisNote: null });
      expect(statusOf(cleared)).toEqual({ web: 'unhandled', print: 'unhandled', social: 'unhandled' });
      const batch = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
      expect(batch.items[0]).toMatchObject({ status: 'unhandled', approved: false, approvedUntil: null });
    });
  });

  describe('list filters (organisation B)', () => {
    const f: Record<string, string> = {};
    let personX: string;
    let personY: string;
    const list = async (query: Record<string, string | number>) =>
      (await unwrap(orgB.as.viewer.GET('/api/v1/assets', { params: { query: { limit: 200, ...query } as never } }))).items.map((a) => a.id).sort();
    const named = (...names: string[]) => names.map((n) => f[n]!).sort();

    beforeAll(async () => {
      const admin = orgB.as['gdpr-admin'];
      personX = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Xena Web' } }))).id;
      personY = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Yngve Utan' } }))).id;
      await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personX } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(200) },
        }),
      );
      for (const [name, seed] of [
        ['webOnly', 30],
        ['contract', 31],
        ['none', 32],
        ['unknownBox', 33],
        ['noConsent', 34],
      ] as const) {
        f[name] = (await uploadOk(server, orgB.cookies.editor, jpeg(await generatedJpeg(seed)))).id;
      }
      const setBasis = (id: string, basis: 'consent' | 'contract') => unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id } }, body: { basis } }));
      const box = (id: string, personId: string | null) =>
        unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id } }, body: { x: 0.1, y: 0.1, w: 0.3, h: 0.3, personId } }));
      await setBasis(f.webOnly!, 'consent');
      await box(f.webOnly!, personX);
      await setBasis(f.contract!, 'contract');
      await setBasis(f.unknownBox!, 'consent');
      await box(f.unknownBox!, null);
      await setBasis(f.noConsent!, 'consent');
      await box(f.noConsent!, personY);
    });

    it('by basis, and basis=none', async () => {
      expect(await list({})).toEqual(named('webOnly', 'contract', 'none', 'unknownBox', 'noConsent'));
      expect(await list({ basis: 'consent' })).toEqual(named('webOnly', 'unknownBox', 'noConsent'));
      expect(await list({ basis: 'contract' })).toEqual(named('contract'));
      expect(await list({ basis: 'none' })).toEqual(named('none'));
      expect(await list({ basis: 'historical' })).toEqual([]);
    });

    it('by person', async () => {
      expect(await list({ personId: personX })).toEqual(named('webOnly'));
      expect(await list({ personId: personY })).toEqual(named('noConsent'));
      expect(await list({ personId: NO_SUCH_ID })).toEqual([]);
    });

    it('by status in a channel', async () => {
      expect(await list({ status: 'approved', channel: 'web' })).toEqual(named('webOnly', 'contract'));
      expect(await list({ status: 'approved', channel: 'print' })).toEqual(named('contract'));
      expect(await list({ status: 'consent_missing', channel: 'print' })).toEqual(named('webOnly', 'noConsent'));
      expect(await list({ status: 'consent_missing', channel: 'web' })).toEqual(named('noConsent'));
      expect(await list({ status: 'persons_missing', channel: 'web' })).toEqual(named('unknownBox'));
      expect(await list({ status: 'unhandled', channel: 'social' })).toEqual(named('none'));
      expect(await list({ status: 'approved', channel: 'web', basis: 'consent' })).toEqual(named('webOnly'));
    });

    it('by the SHA-256 of the file, in any case; a malformed hash is a 400', async () => {
      const { sha256 } = await unwrap(orgB.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: f.none! } } }));
      expect(await list({ sha256 })).toEqual(named('none'));
      expect(await list({ sha256: sha256.toUpperCase() })).toEqual(named('none'));
      expect(await list({ sha256: '0'.repeat(64) })).toEqual([]);
      expect(await list({ sha256, status: 'unhandled', channel: 'social' })).toEqual(named('none'));
      // The same bytes in another organisation are not this one's.
      expect((await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { sha256 } } }))).items).toEqual([]);
      const bad = await orgB.as.viewer.GET('/api/v1/assets', { params: { query: { sha256: 'not-a-hash' } } });
      expect(bad.response.status).toBe(400);
      expect(bad.error).toMatchObject({ error: { code: 'validation_failed' } });
    });

    it('by status together with a search', async () => {
      const retitle = (id: string, title: string | null) =>
        unwrap(orgB.as.editor.PATCH('/api/v1/assets/{id}', { params: { path: { id } }, body: { title } }));
      await retitle(f.contract!, 'Sommarfest 2026');
      try {
        expect(await list({ status: 'approved', channel: 'web', q: 'Sommarfest' })).toEqual(named('contract'));
        expect(await list({ status: 'consent_missing', channel: 'web', q: 'Sommarfest' })).toEqual([]);
      } finally {
        await retitle(f.contract!, null);
      }
    });

    it('pages through a status filter without duplicates', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          orgB.as.viewer.GET('/api/v1/assets', { params: { query: { status: 'consent_missing', channel: 'print', limit: 1, ...(cursor ? { cursor } : {}) } } }),
        );
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen.length < 10);
      expect(seen.sort()).toEqual(named('webOnly', 'noConsent'));
    });

    it('refuses status without channel with 400', async () => {
      await rejects(orgB.as.viewer.GET('/api/v1/assets', { params: { query: { status: 'approved' } } }), 400, 'validation_failed');
    });
  });

  describe('deletion', () => {
    it('removes the asset, its files, boxes and usages', async () => {
      const asset = await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(40)));
      await unwrap(org.as.editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: asset.id } }, body: { x: 0, y: 0, w: 1, h: 1, personId: null } }));
      await unwrap(org.as.editor.PUT('/api/v1/usages', { body: { integration: 'wp', channel: 'web', location: 'https://example.se/del', assetIds: [asset.id] } }));
      const dir = path.join(server.config.dataDir, 'files', 'assets', org.tenantId, asset.sha256);
      expect(fs.readdirSync(dir).sort()).toEqual(['original', 'preview.webp', 'thumbnail.webp']);

      await unwrap(org.as.editor.DELETE('/api/v1/assets/{id}', { params: { path: { id: asset.id } } }));
      expect(fs.existsSync(dir)).toBe(false);
      await rejects(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: asset.id } } }), 404, 'not_found');
      expect((await fetchFile(server, org.cookies.viewer, asset.id, 'original')).status).toBe(404);
      expect(await server.services.db.assetBox.count({ where: { assetId: asset.id } })).toBe(0);
      expect(await server.services.db.usage.count({ where: { assetId: asset.id } })).toBe(0);
      const batch = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [asset.id] } }));
      expect(batch.items[0]!.status).toBe('unknown');
      // The same bytes can be uploaded again as a new asset.
      const again = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpeg(await generatedJpeg(40)));
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(asset.id);
    });
  });

  describe('usages', () => {
    const integration = 'wordpress:https://example.se';
    let u1: string;
    let u2: string;
    let u3: string;
    let personId: string;
    let editor: LikenessClient;
    const report = (location: string, assetIds: string[], title = 'Inlägg') =>
      unwrap(editor.PUT('/api/v1/usages', { body: { integration, channel: 'web', location, title, assetIds } }));
    const usagesOf = async (id: string) => (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id } } }))).items;

    beforeAll(async () => {
      editor = org.as.editor;
      u1 = (await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(50)))).id;
      u2 = (await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(51)))).id;
      u3 = (await uploadOk(server, org.cookies.editor, jpeg(await generatedJpeg(52)))).id;
      personId = (await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Publicerad Person' } }))).id;
      for (const id of [u1, u3]) {
        await unwrap(editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id } }, body: { x: 0.2, y: 0.2, w: 0.2, h: 0.2, personId } }));
      }
    });

    it('records a location with two assets', async () => {
      expect(await report('https://example.se/a', [u1, u2], 'Post A')).toEqual({ active: 2, removed: 0, unknownAssetIds: [] });
      for (const id of [u1, u2]) {
        expect(await usagesOf(id)).toEqual([
          expect.objectContaining({ assetId: id, integration, channel: 'web', location: 'https://example.se/a', title: 'Post A', removedAt: null }),
        ]);
      }
    });

    it('marks an asset that is no longer reported as removed, and revives it when it comes back', async () => {
      const firstSeen = (await usagesOf(u2))[0]!.firstSeenAt;
      expect(await report('https://example.se/a', [u1], 'Post A')).toEqual({ active: 1, removed: 1, unknownAssetIds: [] });
      expect((await usagesOf(u1))[0]!.removedAt).toBeNull();
      expect((await usagesOf(u2))[0]!.removedAt).not.toBeNull();
      // Reporting the same set again removes nothing more.
      expect(await report('https://example.se/a', [u1], 'Post A')).toEqual({ active: 1, removed: 0, unknownAssetIds: [] });

      expect(await report('https://example.se/a', [u1, u2], 'Post A v2')).toEqual({ active: 2, removed: 0, unknownAssetIds: [] });
      const revived = await usagesOf(u2);
      expect(revived).toHaveLength(1);
      expect(revived[0]).toMatchObject({ removedAt: null, title: 'Post A v2', firstSeenAt: firstSeen });
      expect(Date.parse(revived[0]!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(firstSeen));
    });

    it('removes everything at a location reported with an empty list', async () => {
      expect(await report('https://example.se/a', [])).toEqual({ active: 0, removed: 2, unknownAssetIds: [] });
      for (const id of [u1, u2]) expect((await usagesOf(id))[0]!.removedAt).not.toBeNull();
    });

    it('answers unknown ids (nonexistent or of another organisation) in unknownAssetIds', async () => {
      const foreign = await uploadOk(server, orgB.cookies.editor, jpeg(await generatedJpeg(53)));
      const res = await report('https://example.se/c', [u2, NO_SUCH_ID, foreign.id]);
      expect(res.active).toBe(1);
      expect(res.unknownAssetIds.sort()).toEqual([NO_SUCH_ID, foreign.id].sort());
      expect((await unwrap(orgB.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: foreign.id } } }))).items).toEqual([]);
      await rejects(org.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: foreign.id } } }), 404, 'not_found');
    });

    it('lists every place where files showing a person are published', async () => {
      await report('https://example.se/a', [u1, u2], 'Post A');
      await report('https://example.se/b', [u3], 'Post B');
      const items = (await unwrap(org.as.viewer.GET('/api/v1/persons/{id}/usages', { params: { path: { id: personId } } }))).items;
      const places = items.map((u) => [u.assetId, u.location, u.removedAt === null]).sort();
      expect(places).toEqual(
        [
          [u1, 'https://example.se/a', true],
          [u3, 'https://example.se/b', true],
        ].sort(),
      );
      // u2 does not show the person, so its usages are not listed.
      expect(items.some((u) => u.assetId === u2)).toBe(false);
    });
  });
});
