import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError, createLikenessClient, type LikenessClient } from '@likeness/sdk';
import { chainHash } from '../src/kernel/audit-chain';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const serverRoot = path.resolve(import.meta.dirname, '..');


/** All audit rows of a tenant in chain order, straight from the database. */
const rowsOf = (server: TestServer, tenantId: string) => server.services.db.auditEvent.findMany({ where: { tenantId }, orderBy: { seq: 'asc' } });

const verify = (client: LikenessClient) => unwrap(client.GET('/api/v1/audit/verify'));

/** Runs `npm run audit:verify` against the test database. */
function runCli(server: TestServer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit:verify'],
      {
        cwd: serverRoot,
        env: { ...process.env, DATABASE_URL: server.config.databaseUrl, LIKENESS_DATA_DIR: server.config.dataDir, LOG_LEVEL: 'silent' },
        timeout: 90_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

// ---------------------------------------------------------------------------------------------

describe('the audit log', () => {
  let server: TestServer;
  let org: TestOrg;
  let orgB: TestOrg;
  let owner: LikenessClient;
  let admin: LikenessClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'audit-a');
    orgB = await createOrg(server, 'audit-b');
    owner = org.as.owner;
    admin = org.as['gdpr-admin'];
  });
  afterAll(() => server.stop());

  /** Runs a change and checks it wrote exactly these audit rows, right after the previous head. */
  async function expectAudited<T>(actions: string[], change: () => Promise<T>, tenantId = org.tenantId) {
    const before = await rowsOf(server, tenantId);
    const result = await change();
    const after = await rowsOf(server, tenantId);
    const added = after.slice(before.length);
    expect(added.map((r) => r.action)).toEqual(actions);
    expect(added.map((r) => r.seq)).toEqual(actions.map((_, i) => before.length + i + 1));
    return { result, rows: added };
  }

  async function expectNotAudited(failing: () => Promise<void>) {
    const before = await server.services.db.auditEvent.count();
    await failing();
    expect(await server.services.db.auditEvent.count()).toBe(before);
  }

  describe('every state change writes one row', () => {
    it('records persons, agreements and documents with the acting user', async () => {
      const me = await unwrap(admin.GET('/api/v1/auth/me'));
      const { result: person, rows } = await expectAudited(['person.created'], () => unwrap(admin.POST('/api/v1/persons', { body: { name: 'Alma Audit' } })));
      expect(rows[0]).toMatchObject({ entityType: 'person', entityId: person.id, actorType: 'user', actorId: me.id, actorLabel: org.emails['gdpr-admin'] });
      expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

      await expectAudited(['person.updated'], () => unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: person.id } }, body: { notes: 'Ny' } })));
      const { result: agreement } = await expectAudited(['agreement.created'], () =>
        unwrap(
          admin.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: person.id } },
            body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(100) },
          }),
        ),
      );
      await expectAudited(['agreement.updated'], () => unwrap(admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreement.id } }, body: { notes: 'x' } })));
      const { result: doc } = await expectAudited(['document.attached'], async () => {
        const up = await upload(server.url, `/api/v1/agreements/${agreement.id}/documents`, org.cookies['gdpr-admin'], {
          bytes: await generatedJpeg(1),
          name: 'scan.jpg',
          type: 'image/jpeg',
        });
        expect(up.status).toBe(201);
        return up.body as { id: string };
      });
      await expectAudited(['document.deleted'], () => unwrap(admin.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } })));
      await expectAudited(['agreement.withdrawn'], () => unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreement.id } }, body: {} })));
      await expectAudited(['person.deleted'], () => unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: person.id } } })));
    });

    it('records assets, boxes and usages', async () => {
      const editor = org.as.editor;
      const { result: asset, rows } = await expectAudited(['asset.uploaded'], async () => {
        const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(2), name: 'a.jpg', type: 'image/jpeg' });
        expect(up.status).toBe(201);
        return up.body as { id: string };
      });
      expect(rows[0]).toMatchObject({ entityType: 'asset', entityId: asset.id });
      await expectAudited(['asset.updated'], () => unwrap(editor.PATCH('/api/v1/assets/{id}', { params: { path: { id: asset.id } }, body: { title: 'Titel' } })));
      await expectAudited(['asset.basis_set'], () => unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: asset.id } }, body: { basis: 'consent' } })));
      const { result: box } = await expectAudited(['box.created'], () =>
        unwrap(editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: asset.id } }, body: { x: 0, y: 0, w: 0.5, h: 0.5, personId: null } })),
      );
      await expectAudited(['box.updated'], () => unwrap(editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: box.id } }, body: { x: 0.1 } })));
      await expectAudited(['box.deleted'], () => unwrap(editor.DELETE('/api/v1/boxes/{id}', { params: { path: { id: box.id } } })));
      await expectAudited(['usage.reported'], () =>
        unwrap(editor.PUT('/api/v1/usages', { body: { integration: 'wp', channel: 'web', location: 'https://example.se/1', assetIds: [asset.id] } })),
      );
      // The same bytes again change nothing, so they record nothing.
      await expectAudited([], async () => {
        const again = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(2), name: 'a.jpg', type: 'image/jpeg' });
        expect(again.body.duplicate).toBe(true);
      });
      await expectAudited(['asset.deleted'], () => unwrap(editor.DELETE('/api/v1/assets/{id}', { params: { path: { id: asset.id } } })));
    });

    it('records settings, users, API keys and sessions', async () => {
      await expectAudited(['settings.updated'], () => unwrap(owner.PATCH('/api/v1/settings', { body: { warningLeadDays: 14 } })));
      const { result: user } = await expectAudited(['user.created'], () =>
        unwrap(owner.POST('/api/v1/users', { body: { email: 'ny@audit-a.test', name: 'Ny Användare', role: 'viewer', password: 'a long password' } })),
      );
      await expectAudited(['user.updated'], () => unwrap(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { role: 'editor' } })));
      const { result: key } = await expectAudited(['api_key.created'], () => unwrap(owner.POST('/api/v1/api-keys', { body: { name: 'Plugin', scopes: ['usages:write'] } })));
      // A change made through an API key is attributed to the key.
      const { rows } = await expectAudited(['usage.reported'], () =>
        unwrap(createLikenessClient({ baseUrl: server.url, apiKey: key.key }).PUT('/api/v1/usages', { body: { channel: 'web', location: 'https://example.se/2', assetIds: [] } })),
      );
      expect(rows[0]).toMatchObject({ actorType: 'api_key', actorId: key.id, actorLabel: 'Plugin' });
      await expectAudited(['api_key.revoked'], () => unwrap(owner.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } })));

      const loginRes = await expectAudited(['auth.login'], async () => {
        const res = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ny@audit-a.test', password: 'a long password' }),
        });
        expect(res.status).toBe(200);
        return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      });
      await expectAudited(['auth.logout'], () => unwrap(createLikenessClient({ baseUrl: server.url, headers: { cookie: loginRes.result } }).POST('/api/v1/auth/logout')));
      await expectAudited(['auth.login_failed'], async () => {
        const res = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: org.emails.viewer, password: `${PASSWORD}!` }),
        });
        expect(res.status).toBe(401);
      });
    });
  });

  describe('failed requests write nothing', () => {
    it('writes no row for validation errors, missing rows, conflicts or missing permissions', async () => {
      const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Fel Felsson' } }));
      const agreement = await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: person.id } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
        }),
      );
      await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreement.id } }, body: {} }));
      await expectNotAudited(async () => {
        await rejects(admin.POST('/api/v1/persons', { body: { name: 42 as never } }), 400, 'validation_failed');
        await rejects(admin.POST('/api/v1/persons', { body: { email: 'no-name@example.se' } }), 400, 'validation_failed');
        await rejects(
          admin.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
            body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
          }),
          404,
          'not_found',
        );
        await rejects(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreement.id } }, body: {} }), 409, 'conflict');
        await rejects(admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreement.id } }, body: { notes: 'late' } }), 409, 'conflict');
        await rejects(org.as.viewer.POST('/api/v1/persons', { body: { name: 'Viewer Try' } }), 403, 'forbidden');
        await rejects(
          admin.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: person.id } },
            body: { kind: 'written', channels: ['tv'], validFrom: inDays(-1), validUntil: null },
          }),
          422,
          'channel_unknown',
        );
      });
    });

    it('rolls the change back when its audit row cannot be written (one transaction)', async () => {
      const db = server.services.db;
      const persons = await db.person.count({ where: { tenantId: org.tenantId } });
      // Make the next audit sequence number collide with an existing row.
      await db.tenant.update({ where: { id: org.tenantId }, data: { auditSeq: { decrement: 1 } } });
      try {
        const res = await admin.POST('/api/v1/persons', { body: { name: 'Utan Spår' } });
        expect(res.response.ok).toBe(false);
        expect(await db.person.count({ where: { tenantId: org.tenantId } })).toBe(persons);
        expect(await db.person.count({ where: { name: 'Utan Spår' } })).toBe(0);
      } finally {
        await db.tenant.update({ where: { id: org.tenantId }, data: { auditSeq: { increment: 1 } } });
      }
      await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Med Spår' } }));
      expect(await verify(owner)).toMatchObject({ valid: true, firstBrokenSeq: null });
    });
  });

  describe('the hash chain', () => {
    /** A row in the middle of org A's chain, to tamper with. */
    async function middleRow() {
      const rows = await rowsOf(server, org.tenantId);
      expect(rows.length).toBeGreaterThan(10);
      return { row: rows.find((r) => r.action === 'person.created' && r.seq > 3)!, rows };
    }

    it('verifies as intact, counting every row of the organisation', async () => {
      const rows = await rowsOf(server, org.tenantId);
      expect(await verify(owner)).toEqual({ valid: true, checked: rows.length, firstBrokenSeq: null });
    });

    it('detects an edited "after" at that row', async () => {
      const { row } = await middleRow();
      await server.services.db.auditEvent.update({ where: { id: row.id }, data: { after: { ref: 999, minor: false } } });
      try {
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: row.seq, checked: row.seq - 1 });
      } finally {
        await server.services.db.auditEvent.update({ where: { id: row.id }, data: { after: row.after as never } });
      }
      expect((await verify(owner)).valid).toBe(true);
    });

    it('detects an action changed with raw SQL', async () => {
      const { row } = await middleRow();
      const setAction = (action: string) => server.services.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = '${action}' WHERE "id" = '${row.id}'`);
      expect(await setAction('person.updated')).toBe(1);
      try {
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: row.seq });
      } finally {
        await setAction(row.action);
      }
      expect((await verify(owner)).valid).toBe(true);
    });

    it('detects a backdated row', async () => {
      const { row } = await middleRow();
      await server.services.db.auditEvent.update({ where: { id: row.id }, data: { at: new Date(row.at.getTime() - DAY) } });
      try {
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: row.seq });
      } finally {
        await server.services.db.auditEvent.update({ where: { id: row.id }, data: { at: row.at } });
      }
      expect((await verify(owner)).valid).toBe(true);
    });

    it('detects an edit whose own hash was recomputed, at the next row', async () => {
      const { row, rows } = await middleRow();
      const forged = { ...row, after: { ref: 1000, minor: true } };
      const hash = chainHash(row.prevHash, {
        seq: forged.seq,
        at: forged.at,
        actorType: forged.actorType,
        actorId: forged.actorId,
        actorLabel: forged.actorLabel,
        action: forged.action,
        entityType: forged.entityType,
        entityId: forged.entityId,
        before: forged.before ?? null,
        after: forged.after,
        ip: forged.ip,
        userAgent: forged.userAgent,
      });
      await server.services.db.auditEvent.update({ where: { id: row.id }, data: { after: forged.after, hash } });
      try {
        const next = rows.find((r) => r.seq === row.seq + 1)!;
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: next.seq });
      } finally {
        await server.services.db.auditEvent.update({ where: { id: row.id }, data: { after: row.after as never, hash: row.hash } });
      }
      expect((await verify(owner)).valid).toBe(true);
    });

    it('detects a deleted row in the middle', async () => {
      const { row } = await middleRow();
      await server.services.db.auditEvent.delete({ where: { id: row.id } });
      try {
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: row.seq + 1, checked: row.seq - 1 });
      } finally {
        await server.services.db.auditEvent.create({ data: { ...row, before: row.before as never, after: row.after as never } });
      }
      expect((await verify(owner)).valid).toBe(true);
    });

    it('detects the deletion of the newest row', async () => {
      const rows = await rowsOf(server, org.tenantId);
      const last = rows[rows.length - 1]!;
      await server.services.db.auditEvent.delete({ where: { id: last.id } });
      try {
        expect(await verify(owner)).toMatchObject({ valid: false, firstBrokenSeq: last.seq });
      } finally {
        await server.services.db.auditEvent.create({ data: { ...last, before: last.before as never, after: last.after as never } });
      }
      expect((await verify(owner)).valid).toBe(true);
    });
  });

  describe('organisations', () => {
    it('never shows one organisation the audit rows of another', async () => {
      const personA = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Endast A' } }));
      const rowsA = await rowsOf(server, org.tenantId);
      const rowsB = await rowsOf(server, orgB.tenantId);
      const b = orgB.as.owner;
      const listB = await unwrap(b.GET('/api/v1/audit', { params: { query: { limit: 200 } } }));
      expect(listB.items.map((e) => e.id).sort()).toEqual(rowsB.map((r) => r.id).sort());
      const idsA = new Set(rowsA.map((r) => r.id));
      expect(listB.items.filter((e) => idsA.has(e.id))).toEqual([]);
      expect((await unwrap(b.GET('/api/v1/audit', { params: { query: { entityId: personA.id } } }))).items).toEqual([]);
      expect((await unwrap(b.GET('/api/v1/audit', { params: { query: { action: 'person.created' } } }))).items).toEqual([]);
      const ownA = await unwrap(owner.GET('/api/v1/audit', { params: { query: { entityId: personA.id } } }));
      expect(ownA.items.map((e) => e.action)).toEqual(['person.created']);
      // Each organisation has its own chain, numbered from 1.
      expect(rowsB[0]!.seq).toBe(1);
      expect(await verify(b)).toEqual({ valid: true, checked: rowsB.length, firstBrokenSeq: null });
    });

    it('keeps another organisation intact when one chain is broken', async () => {
      const rows = await rowsOf(server, org.tenantId);
      const row = rows[2]!;
      await server.services.db.auditEvent.update({ where: { id: row.id }, data: { actorLabel: 'someone else' } });
      try {
        expect((await verify(owner)).valid).toBe(false);
        expect((await verify(orgB.as.owner)).valid).toBe(true);
      } finally {
        await server.services.db.auditEvent.update({ where: { id: row.id }, data: { actorLabel: row.actorLabel } });
      }
    });

    it('lets only roles with audit:read see the log', async () => {
      await rejects(org.as.editor.GET('/api/v1/audit'), 403, 'forbidden');
      await rejects(org.as.viewer.GET('/api/v1/audit/verify'), 403, 'forbidden');
    });
  });

  describe('the CLI (npm run audit:verify)', () => {
    const cliExists = fs.existsSync(path.join(serverRoot, 'src/cli/verify-audit.cli.ts'));

    it.skipIf(!cliExists)('verifies the database of a running server and exits 0 when every chain holds', { timeout: 120_000 }, async () => {
      const ok = await runCli(server);
      expect({ code: ok.code, stderr: ok.stderr.split('\n').slice(0, 3).join('\n') }).toEqual({ code: 0, stderr: '' });
      expect(ok.stdout).toMatch(/^ok\s+audit-a: \d+ rows, chain intact$/m);
      expect(ok.stdout).toMatch(/^ok\s+audit-b: \d+ rows, chain intact$/m);
    });

    // Last test of the file: it closes the server so that the CLI has the database to itself.
    it.skipIf(!cliExists)('exits 2 and names the broken organisation and row', { timeout: 120_000 }, async () => {
      const rows = await rowsOf(server, orgB.tenantId);
      const row = rows[1]!;
      await server.services.db.auditEvent.update({ where: { id: row.id }, data: { entityType: 'tampered' } });
      await server.close();
      const broken = await runCli(server);
      expect(broken.code, broken.stderr).toBe(2);
      expect(broken.stdout).toMatch(new RegExp(`^BROKEN\\s+audit-b: first broken row seq ${row.seq}\\b`, 'm'));
      expect(broken.stdout).toMatch(/^ok\s+audit-a: \d+ rows, chain intact$/m);
    });
  });
});
