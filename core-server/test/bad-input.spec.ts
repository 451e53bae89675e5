import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** A plain HTTP call, for bodies the typed client cannot send. */
async function call(server: TestServer, method: string, urlPath: string, init: { cookie?: string; type?: string; body?: RequestInit['body'] } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(`${server.url}/api/v1${urlPath}`, { method, headers, body: init.body });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Runs a client call that must fail, and returns the error for further checks. */

function expectErrorBody(res: { status: number; body: any }, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe('string');
}

/** Every file below `dir`, as relative paths, skipping the temp directory at the top. */
function listFiles(dir: string, rel = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && e.name === 'tmp') return [];
      return e.isDirectory() ? listFiles(path.join(dir, e.name), r) : [r];
    })
    .sort();
}

const filesRoot = (server: TestServer) => path.join(server.config.dataDir, 'files');
const tempEntries = (server: TestServer) => (fs.existsSync(path.join(filesRoot(server), 'tmp')) ? fs.readdirSync(path.join(filesRoot(server), 'tmp')) : []);

/** Row counts of every table a failed request could leave something in, plus the stored files. */
async function snapshot(server: TestServer) {
  const db = server.services.db;
  const [assets, boxes, persons, agreements, documents, usages, audit, apiKeys, users] = await Promise.all([
    db.asset.count(),
    db.assetBox.count(),
    db.person.count(),
    db.agreement.count(),
    db.agreementDocument.count(),
    db.usage.count(),
    db.auditEvent.count(),
    db.apiKey.count(),
    db.user.count(),
  ]);
  return { rows: { assets, boxes, persons, agreements, documents, usages, audit, apiKeys, users }, files: listFiles(filesRoot(server)) };
}

/** Runs a failing request and checks that it left no rows, no stored files and no temp files behind. */
async function leavesNoTrace(server: TestServer, failing: () => Promise<void>) {
  const before = await snapshot(server);
  await failing();
  expect(await snapshot(server)).toEqual(before);
  // Temp files are removed before the error is answered; allow a moment for stream teardown.
  await expect.poll(() => tempEntries(server), { timeout: 2_000 }).toEqual([]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/**
 * A valid, fully decodable 1-bit greyscale PNG of width×height black pixels. All-zero rows compress
 * ~1000:1, so 30000×30000 (900 megapixels) is ~110 kB on the wire: a classic decompression bomb.
 */
function pixelBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte + packed bits per row
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

const jpegFile = (bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg') => ({ bytes, name, type });

// ---------------------------------------------------------------------------------------------

describe('bad input is refused cleanly and leaves nothing behind', () => {
  let server: TestServer;
  let org: TestOrg;
  let other: TestOrg;
  let personId: string;
  let agreementId: string;
  let assetId: string;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'bad');
    other = await createOrg(server, 'bad-other');
    const admin = org.as['gdpr-admin'];
    personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Greta Holm' } }))).id;
    agreementId = (
      await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personId } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(100) },
        }),
      )
    ).id;
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpegFile(await generatedJpeg(1)));
    expect(up.status).toBe(201);
    assetId = up.body.id;
  });
  afterAll(() => server.stop());

  describe('JSON bodies', () => {
    it('answers malformed JSON with 400 malformed_json', async () => {
      await leavesNoTrace(server, async () => {
        const res = await call(server, 'POST', '/persons', { cookie: org.cookies.owner, type: 'application/json', body: '{"name": "Olle",' });
        expectErrorBody(res, 400, 'malformed_json');
      });
    });

    it('answers wrong types with 400 validation_failed and the issues', async () => {
      await leavesNoTrace(server, async () => {
        const res = await call(server, 'POST', '/persons', {
          cookie: org.cookies.owner,
          type: 'application/json',
          body: JSON.stringify({ name: 42, deceased: 'yes', birthDate: 'last tuesday' }),
        });
        expectErrorBody(res, 400, 'validation_failed');
        const paths = (res.body.error.details.issues as Array<{ path: string }>).map((i) => i.path).sort();
        expect(paths).toEqual(['birthDate', 'deceased', 'name']);
      });
    });

    it('refuses unknown fields on strict objects', async () => {
      await leavesNoTrace(server, async () => {
        const res = await call(server, 'POST', '/persons', {
          cookie: org.cookies.owner,
          type: 'application/json',
          body: JSON.stringify({ name: 'Olle', isAdmin: true }),
        });
        expectErrorBody(res, 400, 'validation_failed');
        expect(res.body.error.details.issues).toContainEqual(expect.objectContaining({ code: 'unrecognized_keys' }));
        const basis = await call(server, 'PUT', `/assets/${assetId}/basis`, {
          cookie: org.cookies.owner,
          type: 'application/json',
          body: JSON.stringify({ basis: 'consent', approvedBy: 'me' }),
        });
        expectErrorBody(basis, 400, 'validation_failed');
      });
    });

    it('refuses text that is not Unicode (an unpaired surrogate escape) with 400, in values and in keys', async () => {
      // JSON may spell a lone surrogate (\ud800); no database can store it, and PostgreSQL answered 500 (CI fuzz seed).
      const bodies = [
        ['/users', `{"email":"kc@example.org","name":"\\ud800","role":"viewer","password":"long enough password"}`],
        ['/persons', `{"name":"Olle \\udc00 Ek"}`],
        ['/persons', `{"name":"Olle","customFields":{"\\ud83d":"x"}}`],
      ] as const;
      for (const [route, body] of bodies) {
        await leavesNoTrace(server, async () => {
          const res = await call(server, 'POST', route, { cookie: org.cookies.owner, type: 'application/json', body });
          expectErrorBody(res, 400, 'validation_failed');
          expect(res.body.error.message).toMatch(/Unicode/);
        });
      }
      // A correctly paired escape is text like any other.
      const ok = await call(server, 'POST', '/persons', { cookie: org.cookies.owner, type: 'application/json', body: '{"name":"Olle \\ud83d\\ude00"}' });
      expect({ status: ok.status, name: ok.body.name }).toEqual({ status: 201, name: 'Olle 😀' });
    });

    it('refuses a NUL character (\\u0000 in a body, %00 in a query) with 400: PostgreSQL cannot store it and answered 500 (CI fuzz seed 1109158792)', async () => {
      const bodies = [
        ['/api-keys', `{"name":"\\u0000","scopes":["persons:read"],"public":false}`],
        ['/persons', `{"name":"Olle\\u0000Ek"}`],
        ['/persons', `{"name":"Olle","customFields":{"a\\u0000":"x"}}`],
      ] as const;
      for (const [route, body] of bodies) {
        await leavesNoTrace(server, async () => {
          const res = await call(server, 'POST', route, { cookie: org.cookies.owner, type: 'application/json', body });
          expectErrorBody(res, 400, 'validation_failed');
          expect(res.body.error.message).toMatch(/NUL/);
        });
      }
      const search = await call(server, 'GET', '/persons?q=Olle%00', { cookie: org.cookies.owner });
      expectErrorBody(search, 400, 'validation_failed');
    });

    it('answers a body over 1 MB with 413 payload_too_large', async () => {
      await leavesNoTrace(server, async () => {
        const body = JSON.stringify({ name: 'Olle', notes: 'x'.repeat(1_100_000) });
        const res = await call(server, 'POST', '/persons', { cookie: org.cookies.owner, type: 'application/json', body });
        expectErrorBody(res, 413, 'payload_too_large');
      });
    });

    it('answers a JSON endpoint called with text/plain with 415', async () => {
      await leavesNoTrace(server, async () => {
        const res = await call(server, 'POST', '/persons', { cookie: org.cookies.owner, type: 'text/plain', body: JSON.stringify({ name: 'Olle' }) });
        expectErrorBody(res, 415, 'unsupported_media_type');
      });
    });
  });

  describe('uploads', () => {
    it('refuses a text file and a PDF as an asset with 415', async () => {
      await leavesNoTrace(server, async () => {
        const text = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: Buffer.from('just some words\n'), name: 'notes.txt', type: 'text/plain' });
        expect({ status: text.status, code: text.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
        const pdf = await upload(server.url, '/api/v1/assets', org.cookies.editor, {
          bytes: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'),
          name: 'photo.jpg',
          type: 'image/jpeg',
        });
        expect({ status: pdf.status, code: pdf.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      });
    });

    it('refuses JPEG bytes that claim to be image/png with 415', async () => {
      await leavesNoTrace(server, async () => {
        const res = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(2), name: 'fake.png', type: 'image/png' });
        expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
        expect(res.body.error.details).toMatchObject({ detected: 'image/jpeg', declared: 'image/png' });
      });
    });

    it('refuses a damaged JPEG (right magic bytes, garbage after) with 422 invalid_file', async () => {
      const good = await generatedJpeg(3);
      await leavesNoTrace(server, async () => {
        const headOnly = Buffer.concat([good.subarray(0, 4), Buffer.from('garbage '.repeat(40))]);
        const a = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpegFile(headOnly, 'broken.jpg'));
        expect({ status: a.status, code: a.body.error?.code }).toEqual({ status: 422, code: 'invalid_file' });
        const truncated = Buffer.concat([good.subarray(0, Math.floor(good.length / 2)), Buffer.from('garbage '.repeat(40))]);
        const b = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpegFile(truncated, 'truncated.jpg'));
        expect({ status: b.status, code: b.body.error?.code }).toEqual({ status: 422, code: 'invalid_file' });
      });
    });

    it('refuses an upload without multipart, or without a file', async () => {
      await leavesNoTrace(server, async () => {
        const json = await call(server, 'POST', '/assets', { cookie: org.cookies.editor, type: 'application/json', body: '{}' });
        expectErrorBody(json, 415, 'unsupported_media_type');
        const form = new FormData();
        form.append('title', 'no file here');
        const empty = await call(server, 'POST', '/assets', { cookie: org.cookies.editor, body: form });
        expectErrorBody(empty, 400, 'validation_failed');
      });
    });

    it('refuses a .exe and a text file as an agreement document with 415', async () => {
      await leavesNoTrace(server, async () => {
        const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
        const a = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], { bytes: exe, name: 'consent.exe', type: 'application/octet-stream' });
        expect({ status: a.status, code: a.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
        const b = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], { bytes: Buffer.from('I agree.'), name: 'consent.txt', type: 'text/plain' });
        expect({ status: b.status, code: b.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      });
    });
  });

  describe('domain rules', () => {
    it('refuses an agreement whose validUntil is before validFrom (create and update)', async () => {
      const admin = org.as['gdpr-admin'];
      await leavesNoTrace(server, async () => {
        const err = await rejects(
          admin.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: personId } },
            body: { kind: 'written', channels: ['web'], validFrom: inDays(10), validUntil: inDays(5) },
          }),
          400,
          'validation_failed',
        );
        expect(err.details).toMatchObject({ issues: [expect.objectContaining({ path: 'validUntil' })] });
        // Only validUntil sent: checked against the stored validFrom.
        await rejects(
          admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreementId } }, body: { validUntil: inDays(-30) } }),
          400,
          'validation_failed',
        );
      });
      const kept = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      expect(kept.state).toBe('valid');
    });

    it('refuses an agreement for a channel the organisation does not have with 422 channel_unknown', async () => {
      await leavesNoTrace(server, async () => {
        const err = await rejects(
          org.as['gdpr-admin'].POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: personId } },
            body: { kind: 'written', channels: ['web', 'tv'], validFrom: inDays(-1), validUntil: null },
          }),
          422,
          'channel_unknown',
        );
        expect(err.details).toMatchObject({ unknown: ['tv'] });
        await rejects(
          org.as['gdpr-admin'].PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreementId } }, body: { channels: ['radio'] } }),
          422,
          'channel_unknown',
        );
        await rejects(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'tv', assetIds: [assetId] } }), 422, 'channel_unknown');
      });
    });

    it('refuses a box outside the image, on create and on move', async () => {
      const editor = org.as.editor;
      await leavesNoTrace(server, async () => {
        await rejects(
          editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.6, y: 0.1, w: 0.5, h: 0.2, personId: null } }),
          400,
          'validation_failed',
        );
        await rejects(
          editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: -0.1, w: 0.5, h: 0.2, personId: null } }),
          400,
          'validation_failed',
        );
      });
      const box = await unwrap(editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.3, h: 0.3, personId: null } }));
      await leavesNoTrace(server, async () => {
        await rejects(editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: box.id } }, body: { x: 0.8 } }), 400, 'validation_failed');
      });
      const asset = await unwrap(editor.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      expect(asset.boxes.find((b) => b.id === box.id)).toMatchObject({ x: 0.1, y: 0.1, w: 0.3, h: 0.3 });
      await unwrap(editor.DELETE('/api/v1/boxes/{id}', { params: { path: { id: box.id } } }));
    });

    it('refuses a status batch of 501 ids with 400', async () => {
      const ids = Array.from({ length: 501 }, () => NO_SUCH_ID);
      await rejects(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: ids } }), 400, 'validation_failed');
      const ok = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: ids.slice(0, 500) } }));
      expect(ok.items).toHaveLength(500);
    });
  });

  describe('query and path parameters', () => {
    it('refuses limit over 200, a limit that is no number, and an unknown query field', async () => {
      const viewer = org.as.viewer;
      await rejects(viewer.GET('/api/v1/persons', { params: { query: { limit: 201 } } }), 400, 'validation_failed');
      await rejects(viewer.GET('/api/v1/assets', { params: { query: { limit: 0 } } }), 400, 'validation_failed');
      expectErrorBody(await call(server, 'GET', '/persons?limit=lots', { cookie: org.cookies.viewer }), 400, 'validation_failed');
      expectErrorBody(await call(server, 'GET', '/persons?sort=name', { cookie: org.cookies.viewer }), 400, 'validation_failed');
      expectErrorBody(await call(server, 'GET', '/audit?limit=500', { cookie: org.cookies.owner }), 400, 'validation_failed');
    });

    it('refuses a cursor that is not one it handed out', async () => {
      const answers: Record<string, string> = {};
      for (const [url, cookie] of [
        ['/persons?cursor=not-a-cursor', org.cookies.viewer],
        ['/persons?cursor=' + NO_SUCH_ID, org.cookies.viewer],
        ['/assets?cursor=not-a-cursor', org.cookies.viewer],
        ['/assets?status=unhandled&channel=web&cursor=not-a-cursor', org.cookies.viewer],
        ['/audit?cursor=not-a-cursor', org.cookies.owner],
      ] as const) {
        const res = await call(server, 'GET', url, { cookie });
        answers[url] = `${res.status} ${res.body?.error?.code ?? ''}`;
      }
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((url) => [url, '400 invalid_cursor'])));
    });

    it('refuses a non-UUID path id with 400 before touching anything', async () => {
      for (const [method, url] of [
        ['GET', '/persons/not-a-uuid'],
        ['GET', '/assets/123'],
        ['GET', '/agreements/..%2F..%2Fetc'],
        ['DELETE', '/persons/not-a-uuid'],
        ['GET', '/assets/not-a-uuid/files/original'],
      ] as const) {
        const res = await call(server, method, url, { cookie: org.cookies.owner });
        expect({ url, status: res.status, code: res.body?.error?.code }).toEqual({ url, status: 400, code: 'validation_failed' });
        expect(res.body.error.details.in).toBe('path parameters');
      }
      const variant = await call(server, 'GET', `/assets/${assetId}/files/..%2Foriginal`, { cookie: org.cookies.owner });
      expectErrorBody(variant, 400, 'validation_failed');
    });
  });

  describe('ids of another organisation', () => {
    let foreign: { personId: string; agreementId: string; assetId: string };
    const snapshotForeign = async () => {
      const admin = other.as.owner;
      return {
        person: await unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: foreign.personId } } })),
        agreement: await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: foreign.agreementId } } })),
        asset: await unwrap(admin.GET('/api/v1/assets/{id}', { params: { path: { id: foreign.assetId } } })),
      };
    };

    beforeAll(async () => {
      const admin = other.as['gdpr-admin'];
      const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Främling Fredriksson' } }));
      const agreement = await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: person.id } },
          body: { kind: 'oral', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(50) },
        }),
      );
      const up = await upload(server.url, '/api/v1/assets', other.cookies.editor, jpegFile(await generatedJpeg(50)));
      expect(up.status).toBe(201);
      foreign = { personId: person.id, agreementId: agreement.id, assetId: up.body.id };
    });

    it('answers 404 not_found for reads and writes, and changes nothing', async () => {
      const me = org.as.owner;
      const before = await snapshotForeign();
      const pathId = (id: string) => ({ params: { path: { id } } });
      await leavesNoTrace(server, async () => {
        await rejects(me.GET('/api/v1/persons/{id}', pathId(foreign.personId)), 404, 'not_found');
        await rejects(me.PATCH('/api/v1/persons/{id}', { ...pathId(foreign.personId), body: { name: 'Hijacked' } }), 404, 'not_found');
        await rejects(me.DELETE('/api/v1/persons/{id}', pathId(foreign.personId)), 404, 'not_found');
        await rejects(me.GET('/api/v1/persons/{id}/agreements', pathId(foreign.personId)), 404, 'not_found');
        await rejects(me.GET('/api/v1/persons/{id}/usages', pathId(foreign.personId)), 404, 'not_found');
        await rejects(
          me.POST('/api/v1/persons/{id}/agreements', {
            ...pathId(foreign.personId),
            body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
          }),
          404,
          'not_found',
        );
        await rejects(me.GET('/api/v1/agreements/{id}', pathId(foreign.agreementId)), 404, 'not_found');
        await rejects(me.PATCH('/api/v1/agreements/{id}', { ...pathId(foreign.agreementId), body: { notes: 'x' } }), 404, 'not_found');
        await rejects(me.POST('/api/v1/agreements/{id}/withdraw', { ...pathId(foreign.agreementId), body: {} }), 404, 'not_found');
        await rejects(me.GET('/api/v1/assets/{id}', pathId(foreign.assetId)), 404, 'not_found');
        await rejects(me.PATCH('/api/v1/assets/{id}', { ...pathId(foreign.assetId), body: { title: 'Mine now' } }), 404, 'not_found');
        await rejects(me.PUT('/api/v1/assets/{id}/basis', { ...pathId(foreign.assetId), body: { basis: 'historical' } }), 404, 'not_found');
        await rejects(me.DELETE('/api/v1/assets/{id}', pathId(foreign.assetId)), 404, 'not_found');
        await rejects(me.GET('/api/v1/assets/{id}/usages', pathId(foreign.assetId)), 404, 'not_found');
        await rejects(
          me.POST('/api/v1/assets/{id}/boxes', { ...pathId(foreign.assetId), body: { x: 0, y: 0, w: 0.5, h: 0.5, personId: null } }),
          404,
          'not_found',
        );
        // Their person in a box on my asset.
        await rejects(
          me.POST('/api/v1/assets/{id}/boxes', { ...pathId(assetId), body: { x: 0, y: 0, w: 0.5, h: 0.5, personId: foreign.personId } }),
          404,
          'not_found',
        );
        const file = await call(server, 'GET', `/assets/${foreign.assetId}/files/original`, { cookie: org.cookies.owner });
        expectErrorBody(file, 404, 'not_found');
        const doc = await upload(server.url, `/api/v1/agreements/${foreign.agreementId}/documents`, org.cookies.owner, jpegFile(await generatedJpeg(51), 'scan.jpg'));
        expect({ status: doc.status, code: doc.body.error?.code }).toEqual({ status: 404, code: 'not_found' });
      });
      expect(await snapshotForeign()).toEqual(before);
    });
  });
});

describe('size limits on uploads', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    // 200 kB uploads, 100 megapixels per image.
    server = await startTestServer({ maxUploadBytes: 200_000, maxDocumentBytes: 200_000, maxImagePixels: 100_000_000 });
    org = await createOrg(server, 'limits');
  });
  afterAll(() => server.stop());

  it('refuses a pixel bomb (a small PNG of 30000×30000 pixels) with 422 image_too_large without decoding it', async () => {
    const bomb = pixelBombPng(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200_000);
    await leavesNoTrace(server, async () => {
      const res = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: bomb, name: 'bomb.png', type: 'image/png' });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'image_too_large' });
    });
  });

  it('accepts an ordinary image on the same server', async () => {
    const res = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpegFile(await generatedJpeg(7, 400, 300)));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 400, height: 300 });
  });

  it('refuses an asset over the size limit with 413 and keeps no part of it', async () => {
    const big = Buffer.concat([await generatedJpeg(8), Buffer.alloc(300_000, 7)]);
    await leavesNoTrace(server, async () => {
      const res = await upload(server.url, '/api/v1/assets', org.cookies.editor, jpegFile(big, 'big.jpg'));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 413, code: 'payload_too_large' });
    });
  });

  it('refuses a document over the size limit with 413', async () => {
    const admin = org.as['gdpr-admin'];
    const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Stor Dokumentsson' } }));
    const agreement = await unwrap(
      admin.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: person.id } },
        body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
      }),
    );
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400_000, 0x20), Buffer.from('\n%%EOF\n')]);
    await leavesNoTrace(server, async () => {
      const res = await upload(server.url, `/api/v1/agreements/${agreement.id}/documents`, org.cookies['gdpr-admin'], { bytes: pdf, name: 'big.pdf', type: 'application/pdf' });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 413, code: 'payload_too_large' });
    });
  });
});
