import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, LikenessApiError, type LikenessClient } from '@likeness/sdk';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();


const jpeg = async (seed: number) => ({ bytes: await generatedJpeg(seed), name: `photo-${seed}.jpg`, type: 'image/jpeg' });

/**
 * The server trusts X-Forwarded-For in this file, so each group of logins can come from its own
 * address: the login limiter keys on the client IP, and createOrg's logins use 127.0.0.1.
 */
async function loginFrom(server: TestServer, ip: string, email: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as any;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { status: res.status, code: body?.error?.code as string | undefined, body, cookie };
}

const cookieClient = (server: TestServer, cookie: string) => createLikenessClient({ baseUrl: server.url, headers: { cookie } });

// ---------------------------------------------------------------------------------------------

describe('access control', () => {
  let server: TestServer;
  let org: TestOrg;
  let orgB: TestOrg;
  let personId: string;
  let assetId: string;

  beforeAll(async () => {
    server = await startTestServer({ trustProxy: 1 });
    org = await createOrg(server, 'acc-a');
    orgB = await createOrg(server, 'acc-b');
    personId = (await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Rut Berg', email: 'rut@example.se' } }))).id;
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, await jpeg(1));
    expect(up.status).toBe(201);
    assetId = up.body.id;
  });
  afterAll(() => server.stop());

  describe('roles', () => {
    it('lets the viewer read but refuses every write with 403 forbidden', async () => {
      const viewer = org.as.viewer;
      await unwrap(viewer.GET('/api/v1/persons'));
      await unwrap(viewer.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
      await unwrap(viewer.GET('/api/v1/assets'));
      await unwrap(viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      await unwrap(viewer.GET('/api/v1/settings'));
      await unwrap(viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } }));
      await unwrap(viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));

      const denied = await rejects(viewer.POST('/api/v1/persons', { body: { name: 'Nope' } }), 403, 'forbidden');
      expect(denied.details).toEqual({ permission: 'persons:write' });
      await rejects(viewer.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { name: 'Nope' } }), 403, 'forbidden');
      await rejects(viewer.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }), 403, 'forbidden');
      await rejects(
        viewer.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0, y: 0, w: 0.5, h: 0.5, personId: null } }),
        403,
        'forbidden',
      );
      await rejects(
        viewer.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personId } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
        }),
        403,
        'forbidden',
      );
      await rejects(viewer.PATCH('/api/v1/settings', { body: { warningLeadDays: 5 } }), 403, 'forbidden');
      await rejects(viewer.PUT('/api/v1/usages', { body: { integration: 'x', channel: 'web', location: 'https://x.example/1', assetIds: [assetId] } }), 403, 'forbidden');
      await rejects(viewer.GET('/api/v1/audit'), 403, 'forbidden');
      const up = await upload(server.url, '/api/v1/assets', org.cookies.viewer, await jpeg(2));
      expect({ status: up.status, code: up.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });

      // Nothing changed.
      const asset = await unwrap(org.as.owner.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
      expect(asset).toMatchObject({ basis: null, boxes: [] });
      expect((await unwrap(org.as.owner.GET('/api/v1/settings'))).warningLeadDays).toBe(30);
      expect((await unwrap(org.as.owner.GET('/api/v1/assets'))).items).toHaveLength(1);
    });

    it('lets the editor tag boxes, but not set the legal basis, create persons or agreements', async () => {
      const editor = org.as.editor;
      // The legal basis is its own permission (a basis other than consent can override a withdrawal).
      const basisDenied = await rejects(editor.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }), 403, 'forbidden');
      expect(basisDenied.details).toEqual({ permission: 'assets:basis' });
      await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
      const box = await unwrap(
        editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.3, h: 0.3, personId: null } }),
      );
      const tagged = await unwrap(editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: box.id } }, body: { personId } }));
      expect(tagged.personName).toBe('Rut Berg');

      await rejects(editor.POST('/api/v1/persons', { body: { name: 'Nope' } }), 403, 'forbidden');
      await rejects(editor.DELETE('/api/v1/persons/{id}', { params: { path: { id: personId } } }), 403, 'forbidden');
      await rejects(
        editor.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personId } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null },
        }),
        403,
        'forbidden',
      );
      await rejects(editor.PATCH('/api/v1/settings', { body: { hideUnhandled: false } }), 403, 'forbidden');
      await rejects(editor.GET('/api/v1/users'), 403, 'forbidden');
      await rejects(editor.POST('/api/v1/api-keys', { body: { name: 'mine', scopes: ['assets:read'] } }), 403, 'forbidden');
      const agreements = await unwrap(org.as.owner.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
      expect(agreements.items).toEqual([]);
    });

    it('lets the gdpr-admin manage persons and agreements but not users', async () => {
      const admin = org.as['gdpr-admin'];
      const p = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Sixten Ek' } }));
      const a = await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: p.id } },
          body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(90) },
        }),
      );
      await unwrap(admin.PATCH('/api/v1/agreements/{id}', { params: { path: { id: a.id } }, body: { notes: 'Signed at the event' } }));
      await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.id } }, body: {} }));
      await unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: p.id } } }));
      await unwrap(admin.GET('/api/v1/audit'));

      await rejects(admin.GET('/api/v1/users'), 403, 'forbidden');
      await rejects(
        admin.POST('/api/v1/users', { body: { email: 'sneaky@acc-a.test', name: 'Sneaky', role: 'owner', password: 'long enough password' } }),
        403,
        'forbidden',
      );
      const ownerId = (await unwrap(org.as.owner.GET('/api/v1/auth/me'))).id;
      await rejects(admin.PATCH('/api/v1/users/{id}', { params: { path: { id: ownerId } }, body: { disabled: true } }), 403, 'forbidden');
      const users = await unwrap(org.as.owner.GET('/api/v1/users'));
      expect(users.items.map((u) => u.email)).not.toContain('sneaky@acc-a.test');
    });

    it('lets the owner create users, who can then log in with their role', async () => {
      const created = await unwrap(
        org.as.owner.POST('/api/v1/users', { body: { email: 'Nils@ACC-A.test', name: 'Nils Nord', role: 'editor', password: 'nils password 1' } }),
      );
      expect(created).toMatchObject({ email: 'nils@acc-a.test', role: 'editor', disabled: false });
      const users = await unwrap(org.as.owner.GET('/api/v1/users'));
      expect(users.items.map((u) => u.id)).toContain(created.id);
      await rejects(
        org.as.owner.POST('/api/v1/users', { body: { email: 'nils@acc-a.test', name: 'Nils Again', role: 'viewer', password: 'nils password 2' } }),
        409,
        'conflict',
      );
      const login = await loginFrom(server, '10.0.1.1', 'nils@acc-a.test', 'nils password 1');
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ kind: 'user', role: 'editor', organisation: { slug: 'acc-a' } });
    });

    it('answers 401 unauthenticated without valid credentials, and serves public routes', async () => {
      const anonymous = createLikenessClient({ baseUrl: server.url });
      await rejects(anonymous.GET('/api/v1/persons'), 401, 'unauthenticated');
      await rejects(anonymous.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }), 401, 'unauthenticated');
      await rejects(cookieClient(server, 'likeness_session=forged-token').GET('/api/v1/auth/me'), 401, 'unauthenticated');
      await rejects(createLikenessClient({ baseUrl: server.url, apiKey: 'lk_not_a_real_key' }).GET('/api/v1/auth/me'), 401, 'unauthenticated');
      await rejects(createLikenessClient({ baseUrl: server.url, headers: { authorization: 'Basic dXNlcjpwYXNz' } }).GET('/api/v1/auth/me'), 401, 'unauthenticated');
      const health = await unwrap(anonymous.GET('/api/v1/health'));
      expect(health.status).toBe('ok');
    });
  });

  describe('sessions and users', () => {
    it('ends the session at logout, and only that session', async () => {
      const second = await loginFrom(server, '10.0.2.1', org.emails.viewer, PASSWORD);
      expect(second.status).toBe(200);
      const client = cookieClient(server, second.cookie);
      await unwrap(client.GET('/api/v1/auth/me'));
      const res = await client.POST('/api/v1/auth/logout');
      expect(res.response.status).toBe(200);
      expect(res.response.headers.get('set-cookie')).toMatch(/likeness_session=;/);
      await rejects(client.GET('/api/v1/auth/me'), 401, 'unauthenticated');
      await rejects(client.GET('/api/v1/persons'), 401, 'unauthenticated');
      // The viewer's other session lives on.
      await unwrap(org.as.viewer.GET('/api/v1/auth/me'));
    });

    it('stops a disabled user at once, and lets them in again when enabled', async () => {
      const owner = org.as.owner;
      const user = await unwrap(owner.POST('/api/v1/users', { body: { email: 'tove@acc-a.test', name: 'Tove Tall', role: 'gdpr-admin', password: 'tove password 1' } }));
      const login = await loginFrom(server, '10.0.3.1', 'tove@acc-a.test', 'tove password 1');
      const tove = cookieClient(server, login.cookie);
      await unwrap(tove.GET('/api/v1/persons'));

      const disabled = await unwrap(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { disabled: true } }));
      expect(disabled.disabled).toBe(true);
      await rejects(tove.GET('/api/v1/persons'), 401, 'unauthenticated');
      await rejects(tove.POST('/api/v1/persons', { body: { name: 'After disable' } }), 401, 'unauthenticated');
      const again = await loginFrom(server, '10.0.3.1', 'tove@acc-a.test', 'tove password 1');
      expect({ status: again.status, code: again.code }).toEqual({ status: 401, code: 'invalid_credentials' });

      await unwrap(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { disabled: false } }));
      const back = await loginFrom(server, '10.0.3.1', 'tove@acc-a.test', 'tove password 1');
      expect(back.status).toBe(200);
      await unwrap(cookieClient(server, back.cookie).GET('/api/v1/persons'));
    });

    it('refuses to demote or disable the last active owner with 409', async () => {
      const owner = org.as.owner;
      const me = await unwrap(owner.GET('/api/v1/auth/me'));
      await rejects(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: me.id } }, body: { role: 'viewer' } }), 409, 'conflict');
      await rejects(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: me.id } }, body: { disabled: true } }), 409, 'conflict');

      // A disabled second owner does not count as keeping the organisation owned.
      const second = await unwrap(owner.POST('/api/v1/users', { body: { email: 'ulla@acc-a.test', name: 'Ulla Ulv', role: 'owner', password: 'ulla password 1' } }));
      await unwrap(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: second.id } }, body: { disabled: true } }));
      await rejects(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: me.id } }, body: { role: 'editor' } }), 409, 'conflict');

      expect(await unwrap(owner.GET('/api/v1/auth/me'))).toMatchObject({ role: 'owner' });
      await unwrap(owner.GET('/api/v1/users'));
    });
  });

  describe('API keys', () => {
    it('shows the key once and never again', async () => {
      const created = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Status reader', scopes: ['status:read'] } }));
      expect(created.key).toMatch(/^lk_/);
      expect(created.key.startsWith(created.prefix)).toBe(true);
      expect(created.scopes).toEqual(['status:read']);
      const list = await unwrap(org.as.owner.GET('/api/v1/api-keys'));
      const listed = list.items.find((k) => k.id === created.id);
      expect(listed).toMatchObject({ name: 'Status reader', prefix: created.prefix, revokedAt: null });
      expect(listed).not.toHaveProperty('key');
      const secret = created.key.slice(created.prefix.length);
      expect(JSON.stringify(list)).not.toContain(secret);
      const one = await org.as.owner.GET('/api/v1/api-keys');
      expect(JSON.stringify(one.data)).not.toContain(created.key);
    });

    it('limits a key to its scopes and revokes it at once', async () => {
      const created = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Plugin', scopes: ['status:read'] } }));
      const plugin = createLikenessClient({ baseUrl: server.url, apiKey: created.key });
      const batch = await unwrap(plugin.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
      expect(batch.items[0]!.assetId).toBe(assetId);
      const me = await unwrap(plugin.GET('/api/v1/auth/me'));
      expect(me).toMatchObject({ kind: 'api_key', permissions: ['status:read'], organisation: { slug: 'acc-a' } });
      const denied = await rejects(plugin.GET('/api/v1/persons'), 403, 'forbidden');
      expect(denied.details).toEqual({ permission: 'persons:read' });
      await rejects(plugin.GET('/api/v1/assets'), 403, 'forbidden');
      await rejects(plugin.POST('/api/v1/persons', { body: { name: 'Nope' } }), 403, 'forbidden');

      const revoked = await unwrap(org.as.owner.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: created.id } } }));
      expect(revoked.revokedAt).not.toBeNull();
      // The key was just used (and cached); revocation must still bite on the very next call.
      await rejects(plugin.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }), 401, 'unauthenticated');
      await rejects(plugin.GET('/api/v1/auth/me'), 401, 'unauthenticated');
    });

    it('refuses to grant scopes beyond your own', async () => {
      const admin = org.as['gdpr-admin'];
      await rejects(admin.POST('/api/v1/api-keys', { body: { name: 'Too much', scopes: ['users:manage'] } }), 403, 'forbidden');
      await rejects(admin.POST('/api/v1/api-keys', { body: { name: 'Too much', scopes: ['status:read', 'users:manage'] } }), 403, 'forbidden');
      const fine = await unwrap(admin.POST('/api/v1/api-keys', { body: { name: 'Register reader', scopes: ['persons:read', 'status:read'] } }));
      const keys = await unwrap(org.as.owner.GET('/api/v1/api-keys'));
      expect(keys.items.map((k) => k.name)).not.toContain('Too much');
      expect(keys.items.map((k) => k.id)).toContain(fine.id);
    });

    it('cannot manage users or keys through a key that lacks the scope', async () => {
      const created = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Writer', scopes: ['persons:read', 'persons:write'] } }));
      const key = createLikenessClient({ baseUrl: server.url, apiKey: created.key });
      await rejects(key.POST('/api/v1/api-keys', { body: { name: 'Child', scopes: ['persons:read'] } }), 403, 'forbidden');
      await rejects(key.GET('/api/v1/users'), 403, 'forbidden');
      // API keys have no session to end.
      await rejects(key.POST('/api/v1/auth/logout'), 400, 'validation_failed');
    });
  });

  describe('tenant isolation', () => {
    it('never shows one organisation the rows of another in any list', async () => {
      // Org A: a person in a box, a key, a usage.
      const keyA = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'A key', scopes: ['status:read'] } }));
      await unwrap(
        org.as.editor.PUT('/api/v1/usages', { body: { integration: 'wp', channel: 'web', location: 'https://shared.example/post', assetIds: [assetId] } }),
      );
      // Org B: its own of each, at the same location.
      const personB = await unwrap(orgB.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Rut Berg' } }));
      const upB = await upload(server.url, '/api/v1/assets', orgB.cookies.editor, await jpeg(1)); // the same bytes as A's asset
      expect(upB.status).toBe(201);
      expect(upB.body.id).not.toBe(assetId);
      const keyB = await unwrap(orgB.as.owner.POST('/api/v1/api-keys', { body: { name: 'B key', scopes: ['status:read'] } }));
      const reportB = await unwrap(
        orgB.as.editor.PUT('/api/v1/usages', { body: { integration: 'wp', channel: 'web', location: 'https://shared.example/post', assetIds: [upB.body.id, assetId] } }),
      );
      expect(reportB.unknownAssetIds).toEqual([assetId]);

      const b = orgB.as.owner;
      const persons = await unwrap(b.GET('/api/v1/persons', { params: { query: { limit: 200 } } }));
      expect(persons.items.map((p) => p.id)).toEqual([personB.id]);
      expect((await unwrap(b.GET('/api/v1/persons', { params: { query: { q: 'rut@example.se' } } }))).items).toEqual([]);
      const assets = await unwrap(b.GET('/api/v1/assets', { params: { query: { limit: 200 } } }));
      expect(assets.items.map((a) => a.id)).toEqual([upB.body.id]);
      expect((await unwrap(b.GET('/api/v1/assets', { params: { query: { personId } } }))).items).toEqual([]);
      const users = await unwrap(b.GET('/api/v1/users'));
      expect(users.items.length).toBeGreaterThan(0);
      expect(users.items.every((u) => u.email.endsWith('@acc-b.test'))).toBe(true);
      const keys = await unwrap(b.GET('/api/v1/api-keys'));
      expect(keys.items.map((k) => k.id)).toEqual([keyB.id]);
      expect(keys.items.map((k) => k.id)).not.toContain(keyA.id);

      const usagesB = await unwrap(b.GET('/api/v1/assets/{id}/usages', { params: { path: { id: upB.body.id } } }));
      expect(usagesB.items).toHaveLength(1);
      await rejects(b.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } }), 404, 'not_found');
      await rejects(b.GET('/api/v1/persons/{id}/usages', { params: { path: { id: personId } } }), 404, 'not_found');
      const usagesA = await unwrap(org.as.owner.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } }));
      expect(usagesA.items).toHaveLength(1);

      const auditA = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { limit: 200 } } }));
      const auditB = await unwrap(b.GET('/api/v1/audit', { params: { query: { limit: 200 } } }));
      const idsA = new Set(auditA.items.map((e) => e.id));
      expect(auditB.items.length).toBeGreaterThan(0);
      expect(auditB.items.filter((e) => idsA.has(e.id))).toEqual([]);
      expect(auditB.items.filter((e) => e.entityId === personId || e.entityId === assetId || e.entityId === keyA.id)).toEqual([]);
      expect((await unwrap(b.GET('/api/v1/audit', { params: { query: { entityId: personId } } }))).items).toEqual([]);
      // The status batch of B treats A's asset as unknown.
      const status = await unwrap(b.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
      expect(status.items[0]!.status).toBe('unknown');
    });
  });

  describe('CSRF', () => {
    const body = { name: 'Via another site' };
    const countPersons = async () => (await unwrap(org.as.owner.GET('/api/v1/persons', { params: { query: { limit: 200 } } }))).items.length;

    it('refuses a cookie-authenticated write from a foreign Origin with 403 csrf_rejected', async () => {
      const before = await countPersons();
      await rejects(org.as.owner.POST('/api/v1/persons', { body, headers: { origin: 'https://evil.example' } }), 403, 'csrf_rejected');
      await rejects(
        org.as.owner.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'historical' }, headers: { origin: 'https://evil.example' } }),
        403,
        'csrf_rejected',
      );
      expect(await countPersons()).toBe(before);
      // Reads are not state changes.
      await unwrap(org.as.owner.GET('/api/v1/persons', { headers: { origin: 'https://evil.example' } }));
      // The server's own origin is fine.
      await unwrap(org.as.owner.POST('/api/v1/persons', { body: { name: 'Same site' }, headers: { origin: server.url } }));
    });

    it('refuses a cookie-authenticated write with an opaque "null" Origin (sandboxed frame, data: URL)', async () => {
      const before = await countPersons();
      await rejects(org.as.owner.POST('/api/v1/persons', { body, headers: { origin: 'null' } }), 403, 'csrf_rejected');
      expect(await countPersons()).toBe(before);
    });

    it('accepts the same request with an API key, which no browser attaches by itself', async () => {
      const created = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Server side', scopes: ['persons:write', 'persons:read'] } }));
      const key: LikenessClient = createLikenessClient({ baseUrl: server.url, apiKey: created.key });
      const person = await unwrap(key.POST('/api/v1/persons', { body: { name: 'Made by key' }, headers: { origin: 'https://evil.example' } }));
      expect(person.name).toBe('Made by key');
    });
  });

  describe('login rate limiting', () => {
    const attempt = (ip: string, email: string, password: string) => loginFrom(server, ip, email, password);

    // Each attempt verifies a password hash (~1 s on a busy machine).
    it('answers the 11th failed attempt on an account with 429 rate_limited, even with the right password', { timeout: 60_000 }, async () => {
      const email = org.emails.editor;
      for (let i = 1; i <= 10; i++) {
        const res = await attempt(`10.1.0.${i}`, email, 'wrong password');
        expect({ i, status: res.status, code: res.code }).toEqual({ i, status: 401, code: 'invalid_credentials' });
      }
      const eleventh = await attempt('10.1.0.11', email, 'wrong password');
      expect({ status: eleventh.status, code: eleventh.code }).toEqual({ status: 429, code: 'rate_limited' });
      expect(eleventh.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
      const right = await attempt('10.1.0.12', email, PASSWORD);
      expect({ status: right.status, code: right.code }).toEqual({ status: 429, code: 'rate_limited' });
      // Other accounts are not affected.
      expect((await attempt('10.1.0.13', org.emails.viewer, PASSWORD)).status).toBe(200);
    });

    // Each attempt verifies a password hash (~1 s on a busy machine).
    it('answers the 11th failed attempt from one address with 429, whatever the account', { timeout: 60_000 }, async () => {
      for (let i = 1; i <= 10; i++) {
        const res = await attempt('10.2.0.1', `nobody${i}@acc-a.test`, 'wrong password');
        expect({ i, status: res.status }).toEqual({ i, status: 401 });
      }
      const eleventh = await attempt('10.2.0.1', 'nobody11@acc-a.test', 'wrong password');
      expect({ status: eleventh.status, code: eleventh.code }).toEqual({ status: 429, code: 'rate_limited' });
    });

    // Each attempt verifies a password hash (~1 s on a busy machine).
    it('does not count successful logins against the address (an office behind one NAT)', { timeout: 60_000 }, async () => {
      for (let i = 1; i <= 12; i++) {
        const res = await attempt('10.3.0.1', org.emails['gdpr-admin'], PASSWORD);
        expect({ i, status: res.status, code: res.code }).toEqual({ i, status: 200, code: undefined });
      }
    });
  });
});
