import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECT_DATA_CATEGORIES, SubjectExportDocumentSchema, type SubjectExportDto } from '@likeness/shared';
import { unwrap, type LikenessClient } from '@likeness/sdk';
import { codeIn, createTemplate, hiddenFields, linkIn, photoOfPerson, postForm } from './support/consent';
import { generatedJpeg, upload } from './support/media';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('data-subject export (Art. 15 and 20): everything held about a person, in one zip', () => {
  let server: TestServer;
  let org: TestOrg;
  let other: TestOrg;
  let admin: LikenessClient;
  let personId: string;
  let assetId: string;
  let signingLink: string;

  /** The dev outbox's message of `kind` for the request (the invite's link, the code), polled until it is there. */
  async function outbox(requestId: string, kind: string) {
    for (let i = 0; i < 100; i++) {
      const page = await unwrap(admin.GET('/api/v1/consent/outbox', { params: { query: { requestId } } }));
      const body = page.items.find((m) => m.kind === kind)?.body;
      if (body) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${kind} message for ${requestId}`);
  }

  async function finished(id: string): Promise<SubjectExportDto> {
    let last: SubjectExportDto | null = null;
    await expect
      .poll(async () => (last = await unwrap(admin.GET('/api/v1/exports/{id}', { params: { path: { id } } }))).status, { timeout: 30_000 })
      .toBe('done');
    return last!;
  }

  async function download(id: string) {
    const res = await fetch(`${server.url}/api/v1/exports/${id}/download`, { headers: { cookie: org.cookies['gdpr-admin'] } });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'export');
    other = await createOrg(server, 'export-other');
    admin = org.as['gdpr-admin'];
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { customFields: [{ key: 'homeroom', label: 'Klass', type: 'text', visibleTo: ['owner', 'gdpr-admin'] }] } }));

    // A person with data in every category: a signed digital consent (request, evidence, receipt) for a photo they are tagged in.
    const t = await createTemplate(org, { name: 'Export', methods: ['sms_code'] });
    ({ personId, assetId } = await photoOfPerson(server.url, org, { name: 'Export Person', phone: '+46700000099', customFields: { homeroom: '4B' } }));
    const request = await unwrap(admin.POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    signingLink = linkIn(await outbox(request.id, 'invite'));
    const fields = hiddenFields(await (await fetch(signingLink)).text());
    await postForm(`${signingLink}/code`, { ...fields, channel: 'sms' });
    expect((await postForm(`${signingLink}/code/verify`, { ...fields, channel: 'sms', code: codeIn(await outbox(request.id, 'code')) })).status).toBe(303);
    // A written agreement with a scan, a publication, a warning, face data.
    const written = await unwrap(admin.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } }, body: { kind: 'written', channels: ['print'], validFrom: new Date().toISOString(), validUntil: null } }));
    expect((await upload(server.url, `/api/v1/agreements/${written.id}/documents`, org.cookies['gdpr-admin'], { bytes: await generatedJpeg(7), name: 'scan.jpg', type: 'image/jpeg' })).status).toBe(201);
    await unwrap(org.as.editor.PUT('/api/v1/usages', { body: { assetIds: [assetId], integration: 'wordpress:https://skolan.example', channel: 'web', location: 'https://skolan.example/nyheter/1' } }));
    const db = server.services.db;
    await db.notification.create({ data: { tenantId: org.tenantId, kind: 'agreement.expiring', agreementId: written.id, personId, windowKey: 'w1', data: {} } });
    const box = await db.assetBox.findFirstOrThrow({ where: { assetId, personId } });
    await db.faceEmbedding.create({ data: { boxId: box.id, tenantId: org.tenantId, assetId, score: 0.98, sizePx: 120, vector: Buffer.alloc(4096, 7), model: 'test-model' } });
  }, 120_000);

  afterAll(() => server?.stop());

  it('is built as a job with progress, downloaded once done, and every step is in the audit log', async () => {
    const started = await unwrap(admin.POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: { locale: 'sv' } }));
    expect(started).toMatchObject({ personId, status: 'queued', locale: 'sv' });
    expect(Date.parse(started.expiresAt) - Date.parse(started.createdAt)).toBe(24 * 3_600_000);
    const done = await finished(started.id);
    expect(done.progress.total).toBeGreaterThan(3);
    expect(done.progress.done).toBe(done.progress.total);

    const { res, bytes } = await download(started.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''likeness-export-/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(bytes.length).toBe(done.size);
    const zip = unzipSync(bytes);
    const doc = SubjectExportDocumentSchema.parse(JSON.parse(strFromU8(zip['person.json']!)));
    const schema = JSON.parse(strFromU8(zip['person.schema.json']!));
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/SubjectExportDocument' });
    expect(schema.$defs.SubjectExportDocument.required).toEqual(expect.arrayContaining([...SUBJECT_DATA_CATEGORIES]));

    // Checked against the database, category by category.
    const db = server.services.db;
    const person = await db.person.findUniqueOrThrow({ where: { id: personId }, include: { agreements: { include: { documents: true, evidence: true } } } });
    expect(doc.person).toMatchObject({ id: personId, name: 'Export Person', phone: person.phone, ref: person.ref });
    expect(doc.custom_fields).toEqual([{ field: 'homeroom', value: '4B' }]);
    expect(doc.agreements.map((a) => a.id).sort()).toEqual(person.agreements.map((a) => a.id).sort());
    const scan = person.agreements.flatMap((a) => a.documents)[0]!;
    expect(doc.agreement_documents).toHaveLength(1);
    expect(sha256(zip[doc.agreement_documents[0]!.file!.path]!)).toBe(scan.sha256);
    const evidence = person.agreements.find((a) => a.evidence)!.evidence!;
    expect(doc.consent_evidence.map((e) => e.sealHash)).toEqual([evidence.sealHash]);
    expect(Buffer.from(zip[doc.receipts[0]!.file.path]!).equals(Buffer.from(evidence.receipt))).toBe(true);
    expect(doc.consent_requests).toHaveLength(1);
    expect(doc.consent_requests[0]).toMatchObject({ status: 'signed', template: { name: 'Export', version: 1 } });
    const asset = await db.asset.findUniqueOrThrow({ where: { id: assetId } });
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0]!.boxes).toHaveLength(1);
    expect(sha256(zip[doc.files[0]!.file!.path]!)).toBe(asset.sha256);
    expect(doc.publications.map((p) => p.location)).toEqual(['https://skolan.example/nyheter/1']);
    expect(doc.face_data).toEqual([expect.objectContaining({ kind: 'embedding', model: 'test-model', sizePx: 120 })]);
    expect(doc.notifications).toHaveLength(1);
    for (const c of SUBJECT_DATA_CATEGORIES) expect([c, (Array.isArray(doc[c]) ? doc[c] : [doc[c]]).length > 0]).toEqual([c, true]);

    // Never a way to act as the person: no signing link or its token, no face vector, no storage path.
    const text = Object.entries(zip).filter(([n]) => /\.(json|html)$/.test(n)).map(([, b]) => strFromU8(b)).join('\n');
    expect(text).not.toContain(new URL(signingLink).pathname.split('/').pop()!);
    expect(text).not.toContain('storageKey');
    expect(text).not.toContain(server.config.dataDir);
    expect(text).not.toMatch(/"vector"/);
    const html = strFromU8(zip['summary.html']!);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Bilder och filmer där du förekommer');
    expect(html).toContain('Export Person');

    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: personId } } }));
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['person.export_requested', 'person.exported', 'person.export_downloaded']));
  });

  it('needs the export permission, and another organisation cannot see the export', async () => {
    const started = await unwrap(admin.POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: {} }));
    expect(started.locale).toBe('sv');
    for (const role of ['editor', 'viewer'] as const) {
      expect((await org.as[role].POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: {} })).response.status).toBe(403);
      expect((await org.as[role].GET('/api/v1/exports/{id}', { params: { path: { id: started.id } } })).response.status).toBe(403);
    }
    expect((await other.as['gdpr-admin'].GET('/api/v1/exports/{id}', { params: { path: { id: started.id } } })).response.status).toBe(404);
    const theirs = await fetch(`${server.url}/api/v1/exports/${started.id}/download`, { headers: { cookie: other.cookies['gdpr-admin'] } });
    expect(theirs.status).toBe(404);
    expect((await other.as['gdpr-admin'].POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: {} })).response.status).toBe(404);
    await finished(started.id);
  });

  it('expires: the download answers 410 and the sweep deletes the zip', async () => {
    const started = await unwrap(admin.POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: { locale: 'en' } }));
    await finished(started.id);
    const zipPath = server.services.storage.pathOf(`exports/${org.tenantId}/${started.id}/person-export.zip`);
    expect(fs.existsSync(zipPath)).toBe(true);
    await server.services.db.subjectExport.update({ where: { id: started.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { res } = await download(started.id);
    expect(res.status).toBe(410);
    expect((await unwrap(admin.GET('/api/v1/exports/{id}', { params: { path: { id: started.id } } }))).status).toBe('expired');
    const swept = await server.services.maintenance.runOnce();
    expect(swept.exports).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(zipPath)).toBe(false);
  });

  it('lists the same categories erasure removes: after erasure every one of them is empty, and the export is gone', async () => {
    const started = await unwrap(admin.POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: {} }));
    await finished(started.id);
    const before = await Promise.all(server.services.privacy.sources.map((s) => s.collect(org.tenantId, personId)));
    const held = new Set(before.flatMap((share) => Object.entries(share.sections).filter(([, rows]) => rows!.length > 0).map(([c]) => c)));
    expect([...held].sort()).toEqual([...SUBJECT_DATA_CATEGORIES].sort());

    await unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
    const after = await Promise.all(server.services.privacy.sources.map((s) => s.collect(org.tenantId, personId)));
    for (const share of after) {
      for (const [category, rows] of Object.entries(share.sections)) expect([category, rows]).toEqual([category, []]);
      expect(share.files).toEqual([]);
    }
    // Nothing about the face is kept either: its embedding went with the tag.
    expect(await server.services.db.faceEmbedding.count({ where: { tenantId: org.tenantId } })).toBe(0);
    expect((await admin.GET('/api/v1/exports/{id}', { params: { path: { id: started.id } } })).response.status).toBe(404);
    await server.services.maintenance.runOnce();
    expect(fs.existsSync(server.services.storage.pathOf(`exports/${org.tenantId}/${started.id}`))).toBe(false);
  });
});
