import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, readPhoto, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');


/** A small but valid one-page PDF (header, catalog, page tree, xref, trailer). */
function minimalPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function download(server: TestServer, urlPath: string, cookie: string) {
  const res = await fetch(`${server.url}/api/v1${urlPath}`, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}


// ---------------------------------------------------------------------------------------------

describe('the register: agreements, documents and erasure', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: LikenessClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'reg');
    admin = org.as['gdpr-admin'];
  });
  afterAll(() => server.stop());

  describe('agreements and documents', () => {
    let personId: string;
    let agreementId: string;

    beforeAll(async () => {
      personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Vera Avtal' } }))).id;
      agreementId = (
        await unwrap(
          admin.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: personId } },
            body: { kind: 'written', channels: ['web', 'print'], validFrom: inDays(-1), validUntil: inDays(200) },
          }),
        )
      ).id;
    });

    it('updates an agreement', async () => {
      const until = inDays(60);
      const updated = await unwrap(
        admin.PATCH('/api/v1/agreements/{id}', {
          params: { path: { id: agreementId } },
          body: { channels: ['web', 'web', 'social'], validUntil: until, notes: 'Förlängd muntligt', kind: 'model_release' },
        }),
      );
      expect(updated).toMatchObject({ channels: ['web', 'social'], validUntil: until, notes: 'Förlängd muntligt', kind: 'model_release', state: 'valid' });
      const listed = await unwrap(org.as.viewer.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
      expect(listed.items).toHaveLength(1);
      expect(listed.items[0]).toMatchObject({ id: agreementId, channels: ['web', 'social'], validUntil: until });
    });

    it('attaches a PDF and an image scan and gives them back byte for byte', async () => {
      const pdf = minimalPdf('Samtycke Vera');
      const up = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], {
        bytes: pdf,
        name: 'samtycke vera.pdf',
        type: 'application/pdf',
      });
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ agreementId, fileName: 'samtycke vera.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) });
      const got = await download(server, `/documents/${up.body.id}`, org.cookies.viewer);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toMatch(/^application\/pdf/);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(got.bytes.equals(pdf)).toBe(true);

      const scan = readPhoto('kim1_crop.jpg');
      const upScan = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], { ...scan, type: 'application/octet-stream' });
      expect(upScan.status).toBe(201);
      expect(upScan.body).toMatchObject({ contentType: 'image/jpeg', size: scan.bytes.length, sha256: sha256(scan.bytes) });
      const gotScan = await download(server, `/documents/${upScan.body.id}`, org.cookies.viewer);
      expect(gotScan.bytes.equals(scan.bytes)).toBe(true);

      const agreement = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      expect(agreement.documents.map((d) => d.id)).toEqual([up.body.id, upScan.body.id]);
    });

    it('refuses an executable or a text file as a document with 415', async () => {
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(100)]);
      const a = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], { bytes: exe, name: 'samtycke.pdf.exe', type: 'application/pdf' });
      expect({ status: a.status, code: a.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      const b = await upload(server.url, `/api/v1/agreements/${agreementId}/documents`, org.cookies['gdpr-admin'], { bytes: Buffer.from('Jag samtycker.\n'), name: 'samtycke.txt', type: 'text/plain' });
      expect({ status: b.status, code: b.body.error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      const agreement = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      expect(agreement.documents).toHaveLength(2);
    });

    it('deletes a document, and its file', async () => {
      const agreement = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      const doc = agreement.documents[0]!;
      const row = await server.services.db.agreementDocument.findUnique({ where: { id: doc.id } });
      const file = server.services.storage.pathOf(row!.storageKey);
      expect(fs.existsSync(file)).toBe(true);
      await rejects(org.as.editor.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }), 403, 'forbidden');
      await unwrap(admin.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }));
      expect(fs.existsSync(file)).toBe(false);
      expect((await download(server, `/documents/${doc.id}`, org.cookies.viewer)).status).toBe(404);
      await rejects(admin.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }), 404, 'not_found');
      const after = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      expect(after.documents.map((d) => d.id)).toEqual([agreement.documents[1]!.id]);
    });

    it('keeps a withdrawn agreement as history: no edits, no second withdrawal (409)', async () => {
      const withdrawn = await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: { reason: 'Flyttat' } }));
      expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Flyttat' });
      await rejects(admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreementId } }, body: { notes: 'edited later' } }), 409, 'conflict');
      await rejects(admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreementId } }, body: { validUntil: inDays(500) } }), 409, 'conflict');
      await rejects(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }), 409, 'conflict');
      const kept = await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreementId } } }));
      expect(kept).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Flyttat', notes: 'Förlängd muntligt', withdrawnAt: withdrawn.withdrawnAt });
    });

    it('refuses a withdrawal dated in the past', async () => {
      const a = await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personId } },
          body: { kind: 'oral', channels: ['web'], validFrom: inDays(-10), validUntil: null },
        }),
      );
      await rejects(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.id } }, body: { at: inDays(-2) } }), 400, 'validation_failed');
      expect((await unwrap(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: a.id } } }))).state).toBe('valid');
    });
  });

  describe('erasure (Art. 17)', () => {
    it('removes the person, their agreements and document files, keeps their boxes as unknown, and leaves no name in the audit log', async () => {
      const editor = org.as.editor;
      const person = await unwrap(
        admin.POST('/api/v1/persons', {
          body: { name: 'Zelda Kvist', email: 'zelda.kvist@example.se', phone: '073-999 88 77', guardianName: 'Gunhild Kvist', notes: 'Zelda vill synas' },
        }),
      );
      await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: person.id } }, body: { name: 'Zelda Kvistberg' } }));
      const agreement = await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: person.id } },
          body: { kind: 'written', channels: ['web', 'print', 'social'], validFrom: inDays(-1), validUntil: null, notes: 'Zelda Kvist signerade' },
        }),
      );
      const doc = await upload(server.url, `/api/v1/agreements/${agreement.id}/documents`, org.cookies['gdpr-admin'], {
        bytes: minimalPdf('Zelda Kvist'),
        name: 'zelda-kvist.pdf',
        type: 'application/pdf',
      });
      expect(doc.status).toBe(201);
      const docKey = (await server.services.db.agreementDocument.findUnique({ where: { id: doc.body.id } }))!.storageKey;
      const docFile = server.services.storage.pathOf(docKey);
      expect(fs.existsSync(docFile)).toBe(true);

      const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(77), name: 'gala.jpg', type: 'image/jpeg' });
      expect(up.status).toBe(201);
      const assetId: string = up.body.id;
      await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
      const box = await unwrap(
        editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.4, h: 0.5, personId: person.id } }),
      );
      expect(box.personName).toBe('Zelda Kvistberg');
      const before = await unwrap(editor.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      expect(before.statuses.map((s) => s.status)).toEqual(['approved', 'approved', 'approved']);

      await unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: person.id } } }));

      // Gone from the register.
      await rejects(admin.GET('/api/v1/persons/{id}', { params: { path: { id: person.id } } }), 404, 'not_found');
      await rejects(admin.GET('/api/v1/agreements/{id}', { params: { path: { id: agreement.id } } }), 404, 'not_found');
      expect((await download(server, `/documents/${doc.body.id}`, org.cookies.owner)).status).toBe(404);
      expect(await server.services.db.agreement.count({ where: { personId: person.id } })).toBe(0);
      expect(await server.services.db.agreementDocument.count({ where: { agreementId: agreement.id } })).toBe(0);
      expect(fs.existsSync(docFile)).toBe(false);
      expect((await unwrap(admin.GET('/api/v1/persons', { params: { query: { q: 'zelda' } } }))).items).toEqual([]);

      // The box stays, now an unknown person, so the file is no longer approved.
      const after = await unwrap(editor.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      expect(after.boxes).toEqual([expect.objectContaining({ id: box.id, personId: null, personName: null })]);
      expect(after.statuses.map((s) => s.status)).toEqual(['persons_missing', 'persons_missing', 'persons_missing']);
      const batch = await unwrap(editor.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
      expect(batch.items[0]).toMatchObject({ status: 'persons_missing', approved: false });
      expect(batch.items[0]!.reasons).toContainEqual({ code: 'unknown_box', boxId: box.id });

      // The audit log records the erasure but holds nothing that identifies the person.
      const audit = await server.services.db.auditEvent.findMany({ where: { tenantId: org.tenantId } });
      expect(audit.some((e) => e.action === 'person.deleted' && e.entityId === person.id)).toBe(true);
      const text = JSON.stringify(audit).toLowerCase();
      for (const secret of ['zelda', 'kvist', 'gunhild', '0739998877', '073-999']) expect(text, secret).not.toContain(secret);
      const viaApi = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { limit: 200 } } }));
      expect(JSON.stringify(viaApi).toLowerCase()).not.toContain('zelda');
    });
  });
});
