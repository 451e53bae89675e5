import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient } from '@likeness/sdk';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

/** Everything the server's own logger writes, as it would reach stdout. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
  lines(): Record<string, unknown>[] {
    return this.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

describe('logs hold no secrets and no personal data', () => {
  const log = new Capture();
  let server: TestServer;
  let org: TestOrg;
  let apiKey: string;
  const NAME = 'Zlatana Loggsdottir';

  beforeAll(async () => {
    server = await startTestServer({}, { logDestination: log });
    org = await createOrg(server, 'logs');
    apiKey = (await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Reader', scopes: ['persons:read', 'persons:write'] } }))).key;
    const keyed = createLikenessClient({ baseUrl: server.url, apiKey });
    await unwrap(keyed.POST('/api/v1/persons', { body: { name: NAME, email: 'zlatana@example.org' } }));
    const found = await unwrap(keyed.GET('/api/v1/persons', { params: { query: { q: 'Zlatana Loggsdottir' } } }));
    expect(found.items.map((p) => p.name)).toContain(NAME);
    await unwrap(org.as.editor.GET('/api/v1/persons', { params: { query: { q: 'Loggsdottir' } } }));
    // Other logger paths: an object that happens to carry request headers is redacted as well.
    server.logger.error({ req: { headers: { authorization: `Bearer ${apiKey}`, cookie: org.cookies.owner } }, headers: { 'set-cookie': org.cookies.editor } }, 'stray');
  });
  afterAll(() => server?.stop());

  it('writes none of the password, session cookies, API key or the searched name', () => {
    const sessionTokens = Object.values(org.cookies).map((c) => c.split('=')[1]!);
    expect(sessionTokens.every((t) => t.length >= 16)).toBe(true);
    const forbidden = [PASSWORD, apiKey, ...sessionTokens, 'Zlatana', 'Loggsdottir', 'zlatana@example.org', 'q='];
    for (const secret of forbidden) expect(log.text, `log contains ${secret}`).not.toContain(secret);
    expect(log.text).not.toMatch(/lk_[A-Za-z0-9]/);
    expect(log.text).not.toMatch(/"(authorization|cookie|set-cookie)":"(?!\[redacted\])/i);
  });

  it('logs method, route pattern, status and timing per request', () => {
    const requests = log.lines().filter((l) => l.msg === 'request');
    const login = requests.find((l) => l.route === '/api/v1/auth/login');
    expect(login).toMatchObject({ method: 'POST', status: 200 });
    expect(typeof login!.ms).toBe('number');
    const searches = requests.filter((l) => l.route === '/api/v1/persons' && l.method === 'GET');
    expect(searches).toHaveLength(2);
    expect(searches[0]).toMatchObject({ status: 200 });
    expect(requests.find((l) => l.route === '/api/v1/persons' && l.method === 'POST')).toMatchObject({ status: 201 });
    for (const l of requests) expect(Object.keys(l).filter((k) => ['req', 'res', 'url', 'headers', 'query'].includes(k))).toEqual([]);
    expect(log.lines().find((l) => l.msg === 'stray')).toMatchObject({ req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } }, headers: { 'set-cookie': '[redacted]' } });
  });
});
