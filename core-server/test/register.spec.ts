import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError, createLikenessClient, type LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, readPhoto, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const pseudonym = (ref: number) => `P-${String(ref).padStart(4, '0')}`;
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

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((p) => p.id).sort();

// ---------------------------------------------------------------------------------------------

describe('the register of persons and agreements', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: LikenessClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'reg');
    admin = org.as['gdpr-admin'];
  });
  afterAll(() => server.stop());

  describe('persons', () => {
    it('creates, reads, updates and deletes a person', async () => {
      const created = await unwrap(
        admin.POST('/api/v1/persons', {
          body: { name: '  Maja Lind ', email: 'maja@example.se', phone: '070-111 22 33', birthDate: '1990-02-03', notes: 'Körledare' },
        }),
      );
      expect(created).toMatchObject({
        name: 'Maja Lind',
        displayName: 'Maja Lind',
        email: 'maja@example.se',
        phone: '070-111 22 33',
        birthDate: '1990-02-03',
        minor: false,
        deceased: false,
        consentState: 'missing',
        customFields: {},
      });
      const got = await unwrap(org.as.viewer.GET('/api/v1/persons/{id}', { params: { path: { id: created.id } } }));
      expect(got).toEqual(created);

      const updated = await unwrap(
        admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: created.id } }, body: { phone: null, notes: '', deceased: true } }),
      );
      expect(updated).toMatchObject({ name: 'Maja Lind', phone: null, notes: null, deceased: true, email: 'maja@example.se' });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      // With pseudonymous IDs off, the name cannot be removed.
      await rejects(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: created.id } }, body: { name: null } }), 400, 'validation_failed');

      await unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: created.id } } }));
      await rejects(admin.GET('/api/v1/persons/{id}', { params: { path: { id: created.id } } }), 404, 'not_found');
      await rejects(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: created.id } } }), 404, 'not_found');
    });

    describe('search', () => {
      let karin: { id: string; ref: number };
      let lars: { id: string; ref: number };
      const search = async (q: string) => ids(await unwrap(org.as.viewer.GET('/api/v1/persons', { params: { query: { q, limit: 200 } } })));

      beforeAll(async () => {
        karin = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Karin Andersson', email: 'karin.a@example.se', phone: '070-123 45 67' } }));
        lars = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Lars Persson', email: 'lars@foo.se', phone: '+46 8 555 123' } }));
      });

      it('finds by part of the name, in any case', async () => {
        expect(await search('andersson')).toEqual([karin.id]);
        expect(await search('KARIN')).toEqual([karin.id]);
        expect(await search('persson')).toEqual([lars.id]); // not "Andersson"
        expect(await search('nobody at all')).toEqual([]);
      });

      it('finds by email', async () => {
        expect(await search('lars@foo')).toEqual([lars.id]);
        expect(await search('karin.a@example.se')).toEqual([karin.id]);
      });

      it('finds by the digits of the phone number', async () => {
        expect(await search('0701234567')).toEqual([karin.id]);
        expect(await search('+468555123')).toEqual([lars.id]);
        expect(await search('4567')).toEqual([karin.id]);
      });

      it('finds a phone number typed the way it is displayed', async () => {
        expect(await search('070-123 45 67')).toEqual([karin.id]);
        expect(await search('+46 8 555 123')).toEqual([lars.id]);
      });

      it('finds by pseudonymous ID', async () => {
        expect(await search(pseudonym(lars.ref))).toEqual([lars.id]);
        expect(await search(pseudonym(karin.ref).toLowerCase())).toEqual([karin.id]);
      });

      it('follows a changed name', async () => {
        await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: lars.id } }, body: { name: 'Lars Vik' } }));
        expect(await search('persson')).toEqual([]);
        expect(await search('vik')).toEqual([lars.id]);
        expect(await search('lars@foo')).toEqual([lars.id]);
      });
    });

    describe('pseudonymous IDs', () => {
      afterAll(async () => {
        await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { pseudonymousIds: false } }));
      });

      it('requires a name while the setting is off, and generates P-nnnn IDs when on', async () => {
        const err = await rejects(admin.POST('/api/v1/persons', { body: { email: 'anon@example.se' } }), 400, 'validation_failed');
        expect(err.details).toMatchObject({ field: 'name' });

        const settings = await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { pseudonymousIds: true } }));
        expect(settings.pseudonymousIds).toBe(true);
        const anon = await unwrap(admin.POST('/api/v1/persons', { body: { birthDate: '2001-01-01' } }));
        expect(anon.name).toBeNull();
        expect(anon.displayName).toMatch(/^P-\d{4}$/);
        expect(anon.displayName).toBe(pseudonym(anon.ref));
        const next = await unwrap(admin.POST('/api/v1/persons', { body: {} }));
        expect(next.ref).toBe(anon.ref + 1);
        expect(next.displayName).toBe(pseudonym(anon.ref + 1));
        const found = await unwrap(admin.GET('/api/v1/persons', { params: { query: { q: anon.displayName } } }));
        expect(ids(found)).toEqual([anon.id]);
      });
    });

    describe('custom fields', () => {
      let personId: string;

      beforeAll(async () => {
        const settings = await unwrap(
          org.as.owner.PATCH('/api/v1/settings', {
            body: {
              customFields: [
                { key: 'klass', label: 'Klass', type: 'text', visibleTo: ['owner', 'gdpr-admin'] },
                { key: 'shirtSize', label: 'Tröjstorlek', type: 'number', visibleTo: ['owner', 'gdpr-admin', 'editor', 'viewer'] },
              ],
            },
          }),
        );
        expect(settings.customFields.map((f) => f.key)).toEqual(['klass', 'shirtSize']);
        personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Olof Elev', customFields: { klass: '7B', shirtSize: 152 } } }))).id;
      });

      it('shows a restricted field to the roles it names and to no one else', async () => {
        const asAdmin = await unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(asAdmin.customFields).toEqual({ klass: '7B', shirtSize: 152 });
        const asOwner = await unwrap(org.as.owner.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(asOwner.customFields).toEqual({ klass: '7B', shirtSize: 152 });
        for (const role of ['viewer', 'editor'] as const) {
          const one = await unwrap(org.as[role].GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
          expect(one.customFields).toEqual({ shirtSize: 152 });
          const list = await unwrap(org.as[role].GET('/api/v1/persons', { params: { query: { limit: 200 } } }));
          expect(list.items.find((p) => p.id === personId)!.customFields).toEqual({ shirtSize: 152 });
          expect(JSON.stringify(list)).not.toContain('7B');
        }
        const key = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Reader', scopes: ['persons:read'] } }));
        const viaKey = await unwrap(createLikenessClient({ baseUrl: server.url, apiKey: key.key }).GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(viaKey.customFields).not.toHaveProperty('klass');
      });

      it('updates one field and keeps the others', async () => {
        const updated = await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { klass: '8B' } } }));
        expect(updated.customFields).toEqual({ klass: '8B', shirtSize: 152 });
        const cleared = await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { shirtSize: null } } }));
        expect(cleared.customFields).toEqual({ klass: '8B', shirtSize: null });
      });

      it('refuses an unknown key and a value of the wrong type with 400', async () => {
        const unknown = await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { shoeSize: '42' } } }), 400, 'validation_failed');
        expect(unknown.details).toMatchObject({ field: 'shoeSize' });
        const wrongText = await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { klass: 7 } } }), 400, 'validation_failed');
        expect(wrongText.details).toMatchObject({ field: 'klass' });
        await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { shirtSize: 'large' } } }), 400, 'validation_failed');
        await rejects(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { shirtSize: true } } }), 400, 'validation_failed');
        const kept = await unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(kept.customFields).toEqual({ klass: '8B', shirtSize: null });
        const list = await unwrap(admin.GET('/api/v1/persons', { params: { query: { q: 'x', limit: 200 } } }));
        expect(list.items.filter((p) => p.name === 'X')).toEqual([]);
      });
    });
  });

  describe('list filters and pagination', () => {
    let fx: TestOrg;
    const p: Record<string, string> = {};
    const list = async (query: Record<string, string | number>) =>
      ids(await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200, ...query } as never } })));
    const named = (...names: string[]) => names.map((n) => p[n]!).sort();

    beforeAll(async () => {
      // A separate organisation, so that the filters see exactly this fixture.
      fx = await createOrg(server, 'reg-filters');
      const a = fx.as['gdpr-admin'];
      const person = async (name: string, extra: Record<string, unknown> = {}) => {
        p[name] = (await unwrap(a.POST('/api/v1/persons', { body: { name, ...extra } }))).id;
        return p[name]!;
      };
      const agree = async (personId: string, from: number, until: number | null, extra: Record<string, unknown> = {}) =>
        unwrap(
          a.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: personId } },
            body: { kind: 'written', channels: ['web'], validFrom: inDays(from), validUntil: until === null ? null : inDays(until), ...extra } as never,
          }),
        );
      await agree(await person('anna'), -10, 300); // valid for long
      await agree(await person('bo'), -10, 10); // ends within the 30-day lead time
      await person('cia'); // no agreement at all
      const dan = await agree(await person('dan'), -10, 100); // withdrawn
      await unwrap(a.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: dan.id } }, body: { reason: 'Ångrat sig' } }));
      await person('eva', { birthDate: '2016-05-01', guardianName: 'Eva Förälder' }); // a minor, no agreement
      await agree(await person('fia'), -100, -1); // expired
      const gus = await person('gus'); // one agreement ending soon, another lasting
      await agree(gus, -10, 10);
      await agree(gus, -10, 400);
      await agree(await person('hugo'), 5, 100); // not yet valid
      await agree(await person('ines'), -10, null); // open-ended
      const ivar = await agree(await person('ivar'), -10, 300); // withdrawal scheduled in 20 days: still valid now
      await unwrap(a.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: ivar.id } }, body: { at: inDays(20) } }));
    });

    it('the fixture has the consent states it is meant to have', async () => {
      const all = await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200 } } }));
      const state = Object.fromEntries(all.items.map((x) => [x.name, x.consentState]));
      expect(state).toEqual({
        anna: 'valid',
        bo: 'expiring',
        cia: 'missing',
        dan: 'withdrawn',
        eva: 'missing',
        fia: 'expired',
        gus: 'valid',
        hugo: 'missing',
        ines: 'valid',
        ivar: state.ivar, // valid until the scheduled withdrawal: 'valid' or 'expiring' are both defensible
      });
      expect(['valid', 'expiring']).toContain(state.ivar);
    });

    it('missing_consent: persons with no agreement valid now (a withdrawal scheduled for later does not end it yet)', async () => {
      expect(await list({ filter: 'missing_consent' })).toEqual(named('cia', 'dan', 'eva', 'fia', 'hugo'));
    });

    it('expiring: persons whose valid consent all ends within the horizon', async () => {
      // ivar (withdrawal scheduled) is left out here: whether a coming withdrawal counts as an end is a design choice.
      const expiring = async (query: Record<string, string | number>) => (await list({ filter: 'expiring', ...query })).filter((id) => id !== p.ivar);
      expect(await expiring({})).toEqual(named('bo')); // default: the 30-day lead time
      expect(await expiring({ days: 5 })).toEqual([]);
      expect(await expiring({ days: 365 })).toEqual(named('anna', 'bo'));
      expect(await expiring({ days: 500 })).toEqual(named('anna', 'bo', 'gus'));
    });

    it('minors: persons under the adult age', async () => {
      expect(await list({ filter: 'minors' })).toEqual(named('eva'));
    });

    it('withdrawn: persons with a withdrawn agreement', async () => {
      expect(await list({ filter: 'withdrawn' })).toEqual(named('dan'));
    });

    it('combines a filter with a search', async () => {
      expect(await list({ filter: 'missing_consent', q: 'hug' })).toEqual(named('hugo'));
      expect(await list({ filter: 'missing_consent', q: 'anna' })).toEqual([]);
    });

    it('walks every person with limit 2, without duplicates or gaps', async () => {
      const all = (await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200 } } }))).items.map((x) => x.id);
      expect(all).toHaveLength(10);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } } }));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(5);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      // The same walk through a filter.
      const missing: string[] = [];
      cursor = undefined;
      do {
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = await unwrap(
          fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 2, filter: 'missing_consent', ...(cursor ? { cursor } : {}) } } }),
        );
        missing.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(missing.sort()).toEqual(await list({ filter: 'missing_consent' }));
      expect(new Set(missing).size).toBe(missing.length);
    });
  });

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
      await unwrap(editor.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
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
