import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap } from '@likeness/sdk';
import { LiveClient } from './support/live';
import { PASSWORD, createOrg, login, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const closedByServer = (c: LiveClient) => new Promise<string>((resolve) => c.socket.on('disconnect', (reason) => resolve(reason)));

describe('an admin sees who is signed in where, and can sign a session out', () => {
  let server: TestServer;
  let org: TestOrg;
  let other: TestOrg;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'sessions');
    other = await createOrg(server, 'sessions-other');
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  const officeSignIn = async () => {
    const anonymous = createLikenessClient({ baseUrl: server.url, headers: { 'user-agent': 'Office add-in test' } });
    return unwrap(anonymous.POST('/api/v1/office/sessions', { body: { email: org.emails.editor, password: PASSWORD } }));
  };

  it('lists the sessions of the organisation only, marks the caller\'s own and where each signed in; never a token', async () => {
    const office = await officeSignIn();
    const { items } = await unwrap(org.as.owner.GET('/api/v1/sessions'));
    const editor = items.filter((s) => s.userEmail === org.emails.editor);
    expect(editor.map((s) => s.client).sort()).toEqual(['dashboard', 'office']);
    expect(editor.find((s) => s.client === 'office')).toMatchObject({ userAgent: 'Office add-in test', current: false });
    expect(items.filter((s) => s.current)).toEqual([expect.objectContaining({ userEmail: org.emails.owner, client: 'dashboard' })]);
    expect(items.every((s) => s.userEmail.endsWith('@sessions.test'))).toBe(true);
    expect(JSON.stringify(items)).not.toContain(office.token.slice(4));
  });

  it('signing out an Office session refuses its next request, closes its live socket and is audited', async () => {
    const office = await officeSignIn();
    const pane = createLikenessClient({ baseUrl: server.url, apiKey: office.token });
    await unwrap(pane.GET('/api/v1/auth/me'));
    const socket = new LiveClient(server.url, { apiKey: office.token });
    clients.push(socket);
    await socket.connected();
    const closed = closedByServer(socket);

    const offices = (await unwrap(org.as.owner.GET('/api/v1/sessions'))).items.filter((s) => s.client === 'office' && s.userEmail === org.emails.editor);
    expect(offices.length).toBeGreaterThan(0);
    for (const s of offices) await unwrap(org.as.owner.DELETE('/api/v1/sessions/{id}', { params: { path: { id: s.id } } }));

    expect(await closed).toBe('io server disconnect');
    const refused = await pane.GET('/api/v1/auth/me');
    expect(refused.response.status).toBe(401);
    const remaining = (await unwrap(org.as.owner.GET('/api/v1/sessions'))).items;
    expect(remaining.some((s) => s.client === 'office')).toBe(false);
    // The editor's dashboard session is untouched.
    await unwrap(org.as.editor.GET('/api/v1/auth/me'));
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { limit: 50 } } }));
    const rows = audit.items.filter((r) => r.action === 'auth.session_revoked');
    expect(rows).toHaveLength(offices.length);
    expect(rows[0]).toMatchObject({ actorType: 'user', actorLabel: org.emails.owner, entityType: 'user', before: expect.objectContaining({ client: 'office' }) });
  });

  it('only users:manage may list or sign out; another organisation\'s session is 404 and stays', async () => {
    for (const role of ['gdpr-admin', 'editor', 'viewer'] as const) {
      expect((await org.as[role].GET('/api/v1/sessions')).response.status).toBe(403);
    }
    const theirs = (await unwrap(other.as.owner.GET('/api/v1/sessions'))).items.find((s) => s.userEmail === other.emails.viewer)!;
    const denied = await org.as.editor.DELETE('/api/v1/sessions/{id}', { params: { path: { id: theirs.id } } });
    expect(denied.response.status).toBe(403);
    const crossTenant = await org.as.owner.DELETE('/api/v1/sessions/{id}', { params: { path: { id: theirs.id } } });
    expect(crossTenant.response.status).toBe(404);
    await unwrap(other.as.viewer.GET('/api/v1/auth/me'));
  });

  it('a session signed out elsewhere first is a clear 404, not an error', async () => {
    const cookie = await login(server.url, org.emails.viewer, PASSWORD);
    const viewer = createLikenessClient({ baseUrl: server.url, headers: { cookie, origin: server.url } });
    const mine = (await unwrap(org.as.owner.GET('/api/v1/sessions'))).items.filter((s) => s.userEmail === org.emails.viewer);
    await unwrap(viewer.POST('/api/v1/auth/logout'));
    const after = new Set((await unwrap(org.as.owner.GET('/api/v1/sessions'))).items.map((s) => s.id));
    const gone = mine.find((s) => !after.has(s.id))!;
    const again = await org.as.owner.DELETE('/api/v1/sessions/{id}', { params: { path: { id: gone.id } } });
    expect(again.response.status).toBe(404);
    expect(again.error).toMatchObject({ error: { code: 'not_found' } });
  });
});
