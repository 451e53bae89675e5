import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, type LikenessClient } from '@likeness/sdk';
import { PERMISSIONS, PERMISSION_GROUPS, ROLE_BASELINE, allOperations, type AnyOperation, type Permission } from '@likeness/shared';
import { PASSWORD, createOrg, login, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { rejects } from './support/assertions';
import { TEMPLATE } from './support/consent';

const SAMPLE_PARAM: Record<string, string> = { ms: '1000', variant: 'thumbnail', channel: 'web', token: 'x'.repeat(43) };
const uuid = () => crypto.randomUUID();

/** Calls one operation with made-up ids and an empty body: enough for the permission check, which comes first. */
async function call(server: TestServer, op: AnyOperation, auth: { cookie?: string; key?: string }) {
  const path = op.path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAM[name] ?? uuid());
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  const res = await fetch(`${server.url}/api/v1${path}`, { method: op.method.toUpperCase(), headers, body: op.method === 'get' ? undefined : '{}' });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; details?: { permission?: string } } } | null;
  return { status: res.status, code: body?.error?.code, permission: body?.error?.details?.permission };
}

const guarded = allOperations.filter((op): op is AnyOperation & { permission: Permission } => op.permission !== null && op.permission !== 'session');

describe('the organisation’s own roles', () => {
  let server: TestServer;
  let org: TestOrg;
  let owner: LikenessClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'roles-a');
    owner = org.as.owner;
  });
  afterAll(() => server.stop());

  it('lists the four presets with their permissions, and every permission sits in exactly one group of the editor', async () => {
    const roles = await unwrap(org.as.viewer.GET('/api/v1/roles'));
    expect(roles.items.map((r) => [r.id, r.builtIn, r.users])).toEqual([
      ['owner', true, 1],
      ['gdpr-admin', true, 1],
      ['editor', true, 1],
      ['viewer', true, 1],
    ]);
    expect(roles.items[0]!.permissions).toEqual([...PERMISSIONS]);
    expect(Object.values(PERMISSION_GROUPS).flat().sort()).toEqual([...PERMISSIONS].sort());
    await rejects(owner.PATCH('/api/v1/roles/{id}', { params: { path: { id: 'editor' } }, body: { permissions: ['assets:read'] } }), 409, 'conflict');
    await rejects(owner.DELETE('/api/v1/roles/{id}', { params: { path: { id: 'owner' } } }), 409, 'conflict');
    await rejects(owner.POST('/api/v1/roles', { body: { name: 'Editor', permissions: ['assets:read'] } }), 400, 'validation_failed');
    await rejects(org.as['gdpr-admin'].POST('/api/v1/roles', { body: { name: 'Photographers', permissions: ['assets:read'] } }), 403, 'forbidden');
  });

  it('refuses every route to a role that lacks its permission, by session and by API key, and the change bites at once (generated from the contracts)', async () => {
    const role = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Matrix', permissions: [...PERMISSIONS] } }));
    const user = await unwrap(owner.POST('/api/v1/users', { body: { email: 'matrix@roles-a.test', name: 'Matrix', role: role.id, password: PASSWORD } }));
    expect(user.role).toBe(role.id);
    const cookie = await login(server.url, 'matrix@roles-a.test', PASSWORD);
    const me = await unwrap(createLikenessClient({ baseUrl: server.url, headers: { cookie } }).GET('/api/v1/auth/me'));
    expect({ role: me.role, roleName: me.roleName, permissions: me.permissions }).toEqual({ role: role.id, roleName: 'Matrix', permissions: [...PERMISSIONS] });

    const checked: string[] = [];
    for (const permission of PERMISSIONS) {
      const ops = guarded.filter((op) => op.permission === permission);
      const others = PERMISSIONS.filter((p) => p !== permission);
      const updated = await unwrap(owner.PATCH('/api/v1/roles/{id}', { params: { path: { id: role.id } }, body: { permissions: others } }));
      // The baseline (settings:read) stays in every role: only an API key can be without it.
      const baseline = ROLE_BASELINE.includes(permission);
      expect(updated.permissions.includes(permission)).toBe(baseline);
      const key = (await unwrap(owner.POST('/api/v1/api-keys', { body: { name: `all but ${permission}`, scopes: others } }))).key;
      const callers = baseline ? ([['API key', { key }]] as const) : ([['session', { cookie }], ['API key', { key }]] as const);
      for (const op of ops) {
        for (const [how, auth] of callers) {
          const refused = await call(server, op, auth);
          expect({ op: op.operationId, how, ...refused }).toEqual({ op: op.operationId, how, status: 403, code: 'forbidden', permission });
        }
        checked.push(op.operationId);
      }
    }
    expect(checked.length).toBe(guarded.length);

    // With every permission back, no route answers 403: the refusals above were the permission's doing.
    await unwrap(owner.PATCH('/api/v1/roles/{id}', { params: { path: { id: role.id } }, body: { permissions: [...PERMISSIONS] } }));
    for (const op of guarded.filter((o) => o.method === 'get')) {
      const allowed = await call(server, op, { cookie });
      expect({ op: op.operationId, status: allowed.status }).not.toEqual({ op: op.operationId, status: 403 });
    }
  }, 120_000);

  it('never lets anyone grant beyond what they hold: roles, users and their passwords', async () => {
    const managers = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'User managers', description: 'HR', permissions: ['users:manage', 'roles:manage', 'persons:read'] } }));
    await unwrap(owner.POST('/api/v1/users', { body: { email: 'hr@roles-a.test', name: 'HR', role: managers.id, password: PASSWORD } }));
    const hr = createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, 'hr@roles-a.test', PASSWORD) } });
    const users = await unwrap(hr.GET('/api/v1/users'));
    const ownerUser = users.items.find((u) => u.role === 'owner')!;
    const self = users.items.find((u) => u.email === 'hr@roles-a.test')!;

    // Taking over the owner account, making a new owner, or promoting oneself: all refused, nothing written.
    await rejects(hr.PATCH('/api/v1/users/{id}', { params: { path: { id: ownerUser.id } }, body: { password: 'a new password 123' } }), 403, 'forbidden');
    await rejects(hr.PATCH('/api/v1/users/{id}', { params: { path: { id: ownerUser.id } }, body: { disabled: true } }), 403, 'forbidden');
    await rejects(hr.POST('/api/v1/users', { body: { email: 'second-owner@roles-a.test', name: 'X', role: 'owner', password: PASSWORD } }), 403, 'forbidden');
    await rejects(hr.PATCH('/api/v1/users/{id}', { params: { path: { id: self.id } }, body: { role: 'gdpr-admin' } }), 403, 'forbidden');
    await rejects(hr.POST('/api/v1/roles', { body: { name: 'Everything', permissions: ['users:manage', 'audit:read'] } }), 403, 'forbidden');
    await rejects(hr.PATCH('/api/v1/roles/{id}', { params: { path: { id: managers.id } }, body: { permissions: ['users:manage', 'roles:manage', 'persons:read', 'persons:export'] } }), 403, 'forbidden');
    await rejects(hr.POST('/api/v1/users', { body: { email: 'ghost@roles-a.test', name: 'X', role: uuid(), password: PASSWORD } }), 400, 'validation_failed');
    expect((await unwrap(owner.GET('/api/v1/users'))).items.some((u) => u.email === 'second-owner@roles-a.test')).toBe(false);

    // Within their own permissions they can: a smaller role, and a user who holds it.
    const readers = await unwrap(hr.POST('/api/v1/roles', { body: { name: 'Readers', permissions: ['persons:read'] } }));
    const reader = await unwrap(hr.POST('/api/v1/users', { body: { email: 'reader@roles-a.test', name: 'Reader', role: readers.id, password: PASSWORD } }));
    await unwrap(hr.PATCH('/api/v1/users/{id}', { params: { path: { id: reader.id } }, body: { password: 'another password 12' } }));
    const audit = await unwrap(owner.GET('/api/v1/audit', { params: { query: { entityType: 'role', limit: 50 } } }));
    expect(audit.items.find((e) => e.entityId === readers.id && e.action === 'role.created')).toMatchObject({ actorLabel: 'hr@roles-a.test', after: { name: 'Readers', permissions: ['persons:read', 'settings:read'] } });
  });

  it('deletes a role only when nobody holds it, and custom fields stop naming it', async () => {
    const teachers = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Teachers', permissions: ['persons:read', 'persons:fields'] } }));
    const office = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Front office', permissions: ['persons:read'] } }));
    await unwrap(
      owner.PATCH('/api/v1/settings', {
        body: {
          customFields: [
            { key: 'schoolClass', label: 'Class', type: 'text', visibleTo: ['owner', teachers.id, office.id] },
            { key: 'allergy', label: 'Allergy', type: 'text', visibleTo: ['owner', 'gdpr-admin'] },
          ],
        },
      }),
    );
    await rejects(owner.PATCH('/api/v1/settings', { body: { customFields: [{ key: 'x', label: 'X', type: 'text', visibleTo: [uuid()] }] } }), 400, 'validation_failed');
    const person = await unwrap(owner.POST('/api/v1/persons', { body: { name: 'Elev Ett', customFields: { schoolClass: '7B', allergy: 'nuts' } } }));
    const asRole = async (email: string, role: string) => {
      await unwrap(owner.POST('/api/v1/users', { body: { email, name: email, role, password: PASSWORD } }));
      return createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, email, PASSWORD) } });
    };
    const teacher = await asRole('teacher@roles-a.test', teachers.id);
    const clerk = await asRole('clerk@roles-a.test', office.id);
    const get = (c: LikenessClient) => unwrap(c.GET('/api/v1/persons/{id}', { params: { path: { id: person.id } } }));
    // The teacher holds persons:fields and is named by the class field; the clerk is named but lacks the permission.
    expect((await get(teacher)).customFields).toEqual({ schoolClass: '7B' });
    expect((await get(clerk)).customFields).toEqual({});
    await rejects(clerk.PATCH('/api/v1/persons/{id}', { params: { path: { id: person.id } }, body: { customFields: { schoolClass: '8A' } } }), 403, 'forbidden');

    await rejects(owner.DELETE('/api/v1/roles/{id}', { params: { path: { id: teachers.id } } }), 409, 'conflict');
    const users = await unwrap(owner.GET('/api/v1/users'));
    const teacherUser = users.items.find((u) => u.email === 'teacher@roles-a.test')!;
    await unwrap(owner.PATCH('/api/v1/users/{id}', { params: { path: { id: teacherUser.id } }, body: { role: 'viewer' } }));
    await unwrap(owner.DELETE('/api/v1/roles/{id}', { params: { path: { id: teachers.id } } }));
    const fields = (await unwrap(owner.GET('/api/v1/settings'))).customFields;
    expect(fields.map((f) => [f.key, f.visibleTo])).toEqual([
      ['schoolClass', ['owner', office.id]],
      ['allergy', ['owner', 'gdpr-admin']],
    ]);
    expect((await unwrap(owner.GET('/api/v1/roles'))).items.some((r) => r.id === teachers.id)).toBe(false);
    const audit = await unwrap(owner.GET('/api/v1/audit', { params: { query: { entityType: 'role', limit: 50 } } }));
    expect(audit.items.find((e) => e.entityId === teachers.id && e.action === 'role.deleted')).toMatchObject({ after: { customFieldsNoLongerVisible: ['schoolClass'] } });
  });

  it('splits the consent work: a role may send requests without managing templates, or review faces without uploading', async () => {
    const senders = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Senders', permissions: ['persons:read', 'requests:send'] } }));
    await unwrap(owner.POST('/api/v1/users', { body: { email: 'sender@roles-a.test', name: 'Sender', role: senders.id, password: PASSWORD } }));
    const sender = createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, 'sender@roles-a.test', PASSWORD) } });
    const template = await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/templates', { body: TEMPLATE as never }));
    expect((await unwrap(sender.GET('/api/v1/consent/templates'))).items.map((t) => t.id)).toContain(template.id);
    await rejects(sender.PUT('/api/v1/consent/templates/{id}', { params: { path: { id: template.id } }, body: { ...TEMPLATE, name: 'Changed' } as never }), 403, 'forbidden');
    await rejects(sender.POST('/api/v1/consent/templates', { body: TEMPLATE as never }), 403, 'forbidden');
    const person = await unwrap(owner.POST('/api/v1/persons', { body: { name: 'Signe Sändare', email: 'signe@example.se' } }));
    const request = await unwrap(sender.POST('/api/v1/consent/requests', { body: { personId: person.id, templateId: template.id, via: ['email'] } }));
    expect(request).toMatchObject({ personId: person.id, templateId: template.id });
    await rejects(sender.PATCH('/api/v1/persons/{id}', { params: { path: { id: person.id } }, body: { name: 'Other' } }), 403, 'forbidden');
    await rejects(org.as.viewer.POST('/api/v1/consent/requests', { body: { personId: person.id, templateId: template.id, via: ['email'] } }), 403, 'forbidden');

    const reviewers = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Face reviewers', permissions: ['assets:read', 'faces:review'] } }));
    await unwrap(owner.POST('/api/v1/users', { body: { email: 'reviewer@roles-a.test', name: 'Reviewer', role: reviewers.id, password: PASSWORD } }));
    const reviewer = createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, 'reviewer@roles-a.test', PASSWORD) } });
    const suggestion = { params: { path: { id: uuid() } } };
    await rejects(reviewer.POST('/api/v1/face-suggestions/{id}/approve', suggestion), 404, 'not_found');
    await rejects(reviewer.PATCH('/api/v1/assets/{id}', { params: { path: { id: uuid() } }, body: { title: 'x' } as never }), 403, 'forbidden');
    const uploaders = await unwrap(owner.POST('/api/v1/roles', { body: { name: 'Uploaders', permissions: ['assets:read', 'assets:write'] } }));
    await unwrap(owner.POST('/api/v1/users', { body: { email: 'uploader@roles-a.test', name: 'Uploader', role: uploaders.id, password: PASSWORD } }));
    const uploader = createLikenessClient({ baseUrl: server.url, headers: { cookie: await login(server.url, 'uploader@roles-a.test', PASSWORD) } });
    await rejects(uploader.POST('/api/v1/face-suggestions/{id}/reject', suggestion), 403, 'forbidden');
  });
});
