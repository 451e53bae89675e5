import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, createOrg, login, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { upload } from './support/media';
import { BAD_ROWS, HEADER, goodRow, runImport, toCsv, toXlsx } from './support/register-import';

const MAPPING = {
  columns: { name: 0, email: 1, phone: 2, birthDate: 3, agreementKind: 4, agreementChannels: 5, agreementValidFrom: 6, agreementValidUntil: 7, 'custom.klass': 8 },
};
const csvFile = (text: string, name = 'register.csv') => ({ bytes: new TextEncoder().encode(text), name, type: 'text/csv' });

describe('importing a register', () => {
  let server: TestServer;
  let org: TestOrg;
  const admin = () => org.as['gdpr-admin'];
  const cookie = () => org.cookies['gdpr-admin'];
  const total = async () => (await unwrap(admin().GET('/api/v1/persons/counts'))).total;

  // 10,000 rows, 50 of them bad (every kind in turn), spread through the file.
  const rows: string[][] = [];
  const badLines = new Map<number, [string, string]>();
  for (let i = 0; i < 10_000; i++) {
    const bad = i % 200 === 137 ? BAD_ROWS[badLines.size % BAD_ROWS.length]! : null;
    if (bad) badLines.set(i + 2, [bad.field, bad.code]);
    rows.push(bad ? bad.make(i) : goodRow(i));
  }
  const big = csvFile(toCsv([HEADER, ...rows]));

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'import-a');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { customFields: [{ key: 'klass', label: 'Klass', type: 'text', visibleTo: ['owner', 'gdpr-admin'] }] } }));
  });
  afterAll(() => server.stop());

  it('reads the columns of a Swedish semicolon CSV and suggests the mapping from its headers', async () => {
    const res = await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), csvFile(toCsv([HEADER, goodRow(1), goodRow(2)])));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', rows: 2, suggested: MAPPING.columns });
    expect(res.body.columns[0]).toEqual({ index: 0, header: 'Namn', samples: ['Elev Nummer1', 'Elev Nummer2'] });
  });

  it('reports exactly the 50 bad rows of 10,000, with their line and field, and writes nothing unless told to skip them', async () => {
    expect(badLines.size).toBe(50);
    const before = await total();
    const check = await runImport(server.url, cookie(), admin(), big, { mapping: MAPPING, dryRun: true });
    expect(check).toMatchObject({ status: 'rejected', rows: 10_000, checked: 10_000, invalidRows: 50, persons: 0, errorsTruncated: false });
    expect(check.errors.map((e) => [e.line, [e.field, e.code]])).toEqual([...badLines]);
    expect(check.errors.find((e) => e.code === 'unknown_channel')?.params).toEqual({ value: 'tv', channels: 'web, print, social' });
    expect(check.errors.every((e) => e.message.length > 0 && (e.field === 'name' || e.column !== null))).toBe(true);
    const refused = await runImport(server.url, cookie(), admin(), big, { mapping: MAPPING });
    expect(refused).toMatchObject({ status: 'rejected', invalidRows: 50, persons: 0 });
    const dry = await runImport(server.url, cookie(), admin(), big, { mapping: MAPPING, dryRun: true, skipInvalid: true });
    expect(dry).toMatchObject({ status: 'done', persons: 9_950, agreements: 9_950, invalidRows: 50 });
    expect(await total()).toBe(before);

    const done = await runImport(server.url, cookie(), admin(), big, { mapping: MAPPING, skipInvalid: true });
    expect(done).toMatchObject({ status: 'done', persons: 9_950, agreements: 9_950, invalidRows: 50 });
    expect(await total()).toBe(before + 9_950);

    // A row as the register now holds it: the agreement from the Swedish day's start, ending as 2029-07-31 begins.
    const found = await unwrap(admin().GET('/api/v1/persons', { params: { query: { q: 'elev42@skola.example' } } }));
    expect(found.items).toHaveLength(1);
    const person = found.items[0]!;
    expect(person).toMatchObject({ name: 'Elev Nummer42', phone: '070-000042', birthDate: '2012-03-15', customFields: { klass: '7A' } });
    const agreements = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } } }));
    expect(agreements.items).toMatchObject([{ kind: 'written', channels: ['web', 'print'], validFrom: '2026-07-31T22:00:00.000Z', validUntil: '2029-07-30T22:00:00.000Z' }]);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: person.id } } }));
    expect(audit.items.map((e) => e.action)).toEqual(['person.created']);
    expect(audit.items[0]!.after).toMatchObject({ importId: done.id, line: 44 });

    // The same file again: every good row is now a person already in the register, so nothing is created twice.
    const again = await runImport(server.url, cookie(), admin(), big, { mapping: MAPPING, skipInvalid: true });
    expect(again).toMatchObject({ status: 'done', persons: 0, invalidRows: 10_000 });
    expect(again.errors.find((e) => e.line === 44)).toMatchObject({ code: 'in_register', params: { ref: expect.stringMatching(/^P-\d{4}$/) }, message: expect.stringMatching(/^Already in the register as P-\d{4}\.$/) });
    expect(await total()).toBe(before + 9_950);
  }, 300_000);

  it('imports the first sheet of an XLSX workbook, dates as Excel writes them, with defaults for the agreement', async () => {
    const book = toXlsx([
      ['Name', 'Email', 'Date of birth', 'Notes'],
      ['Ada Bok', 'ada@bok.example', 39_448, 'Fotad vid skolstarten'],
      ['Bo Bok', 'bo@bok.example', '2010-01-02', ''],
      ['Bo Bok', 'bo@bok.example', '2010-01-02', 'twice in the file'],
    ]);
    const res = await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), { bytes: book, name: 'elever.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(res.body).toMatchObject({ format: 'xlsx', sheet: 'Elever', rows: 3, suggested: { name: 0, email: 1, birthDate: 2, notes: 3 } });
    const mapping = { columns: res.body.suggested, defaults: { agreementKind: 'oral', agreementChannels: ['web'], agreementValidFrom: '2026-09-01' } };
    const done = await runImport(server.url, cookie(), admin(), { bytes: book, name: 'elever.xlsx', type: 'application/octet-stream' }, { mapping, skipInvalid: true });
    expect(done).toMatchObject({ status: 'done', persons: 2, agreements: 2, invalidRows: 1 });
    expect(done.errors).toEqual([{ line: 4, field: 'name', column: null, code: 'same_as_row', params: { row: '3' }, message: 'The same person as row 3.' }]);
    const ada = (await unwrap(admin().GET('/api/v1/persons', { params: { query: { q: 'ada@bok.example' } } }))).items[0]!;
    expect(ada).toMatchObject({ birthDate: '2008-01-01', notes: 'Fotad vid skolstarten' });
    const agreements = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: ada.id } } }));
    expect(agreements.items).toMatchObject([{ kind: 'oral', channels: ['web'], validFrom: '2026-08-31T22:00:00.000Z', validUntil: null }]);
  });

  it('reads Windows-1252 CSV as Swedish Excel saves it', async () => {
    const latin1 = Uint8Array.from([...'Namn;E-post\r\nÅsa Öberg;asa@example.se\r\n'].map((c) => c.charCodeAt(0)));
    const res = await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), { bytes: latin1, name: 'export.csv', type: 'text/csv' });
    expect(res.body.columns[0].samples).toEqual(['Åsa Öberg']);
  });

  it('takes out what an import cut off by a stop had written, through the register\'s own erasure', async () => {
    const me = await unwrap(admin().GET('/api/v1/auth/me'));
    const { db } = server.services;
    const stuck = await db.personImport.create({
      data: { tenantId: org.tenantId, status: 'writing', fileName: 'cut-off.csv', dryRun: false, skipInvalid: false, mapping: MAPPING, errors: [], rows: 2,
        requestedBy: { actor: { type: 'user', id: me.id, label: me.email }, role: 'gdpr-admin', permissions: me.permissions, ip: null, userAgent: null } },
    });
    const written = await runImport(server.url, cookie(), admin(), csvFile(toCsv([HEADER, goodRow(900_001), goodRow(900_002)])), { mapping: MAPPING });
    expect(written).toMatchObject({ status: 'done', persons: 2 });
    // As if those two had been written by the cut-off import instead.
    await db.person.updateMany({ where: { tenantId: org.tenantId, importId: written.id }, data: { importId: stuck.id } });
    const before = await total();
    await server.services.imports.recover(new Date(Date.now() + 10 * 60_000));
    expect(await total()).toBe(before - 2);
    const after = await unwrap(admin().GET('/api/v1/imports/persons/{id}', { params: { path: { id: stuck.id } } }));
    expect(after).toMatchObject({ status: 'failed', persons: 0, error: 'The server stopped during the import; nothing was imported. Start it again.' });
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'person.deleted', limit: 10 } } }));
    expect(audit.items.filter((e) => e.actorLabel === me.email)).toHaveLength(2);
  });

  it('refuses bad input with a clear reason and keeps nothing', async () => {
    const small = csvFile(toCsv([HEADER, goodRow(1)]));
    const start = (file: typeof small, fields: Record<string, string>) => upload(server.url, '/api/v1/imports/persons', cookie(), file, fields);
    expect((await start(small, { mapping: 'not json' })).body.error).toMatchObject({ code: 'validation_failed', details: { field: 'mapping' } });
    expect((await start(small, { mapping: JSON.stringify({ columns: { name: 0, email: 0 } }) })).body.error.code).toBe('validation_failed');
    expect((await start(small, { mapping: JSON.stringify({ columns: { name: 42 } }) })).body.error.message).toMatch(/column 43, but the file has 9/);
    expect((await start(small, { mapping: JSON.stringify({ columns: { shoeSize: 1 } }) })).status).toBe(400);
    expect((await start(small, { mapping: JSON.stringify({ columns: { name: 0 }, defaults: { agreementKind: 'digital' } }) })).status).toBe(400);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), { bytes: png, name: 'x.csv', type: 'text/csv' })).body.error).toMatchObject({ code: 'invalid_file' });
    expect((await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), csvFile('\r\n\r\n'))).body.error.message).toMatch(/empty/);
    const notZip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(100)]);
    expect((await upload(server.url, '/api/v1/imports/persons/inspect', cookie(), { bytes: notZip, name: 'x.xlsx', type: 'text/csv' })).body.error.code).toBe('invalid_file');
    // A role that may write the register but not see custom fields may not import into one either.
    const role = await unwrap(org.as.owner.POST('/api/v1/roles', { body: { name: 'Registrars', permissions: ['persons:read', 'persons:write'] } }));
    await unwrap(org.as.owner.POST('/api/v1/users', { body: { email: 'registrar@import-a.test', name: 'Registrar', role: role.id, password: PASSWORD } }));
    const registrar = await login(server.url, 'registrar@import-a.test', PASSWORD);
    const refused = await upload(server.url, '/api/v1/imports/persons', registrar, small, { mapping: JSON.stringify(MAPPING) });
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'Your role may not set the field "Klass".' });
    // No copy of an upload is kept: neither of the refused ones, nor of the finished imports.
    const kept = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);
    expect(kept(path.join(server.config.dataDir, 'files', 'imports'))).toEqual([]);
    expect(kept(path.join(server.config.dataDir, 'files', 'tmp'))).toEqual([]);
  });
});
