import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyOperation } from '@likeness/shared';
import { login, type TestServer } from './support/test-server';
import { arbitraryFor, jsonSchemaOf } from './support/schema-arbitrary';
import { buildWorld, startAttackServer, describeRequest, expectRefusal, expressPath, idKindOf, operations, refusalProblem, send, tenantDigest, type Sent, type World } from './support/attack';
import { generatedJpeg } from './support/media';

// Every route × every credential, judged by the permission its contract names (read at run time,
// so a new permission or route joins the matrix by itself); then every id route with another
// organisation's id.

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
let jpeg: Buffer | undefined;

/** A body the contract accepts, so a request gets past validation to the lookup. */
const bodies = new Map<string, unknown>();
function validBody(op: AnyOperation, ids: string[]): unknown {
  if (!op.body || op.bodyType === 'multipart') return undefined;
  const key = `${op.operationId} ${ids.join()}`;
  if (bodies.has(key)) return bodies.get(key);
  const arb = arbitraryFor(jsonSchemaOf(op.body), { ids, channels: ['web'] });
  let body: unknown = {};
  for (let seed = 1; seed <= 20; seed++) {
    const found = fc.sample(arb, { seed, numRuns: 10 }).find((s) => op.body!.safeParse(s).success);
    if (found !== undefined) {
      body = found;
      break;
    }
  }
  // Custom fields are the organisation's own: random names are refused (400) before any lookup.
  if (body && typeof body === 'object' && 'customFields' in body) (body as Record<string, unknown>).customFields = {};
  bodies.set(key, body);
  return body;
}

async function requestFor(op: AnyOperation, id: string, headers: Record<string, string>, ids: string[]): Promise<Sent> {
  const params: Record<string, string> = { id };
  if (op.params) {
    const sample = fc.sample(arbitraryFor(jsonSchemaOf(op.params), { ids: [id], channels: ['web'] }), { seed: 1, numRuns: 50 }).find((s) => op.params!.safeParse(s).success);
    Object.assign(params, sample, { id });
  }
  const req: Sent = { method: op.method.toUpperCase(), url: expressPath(op, params), headers: { ...headers } };
  if (op.bodyType === 'multipart') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array((jpeg ??= await generatedJpeg(7)))], { type: 'image/jpeg' }), 'x.jpg');
    req.body = form;
  } else if (op.body) {
    req.headers['content-type'] = 'application/json';
    req.body = JSON.stringify(validBody(op, ids));
  }
  return req;
}

describe('attack: role × route and cross-tenant matrices', () => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startAttackServer();
    world = await buildWorld(server);
  });
  afterAll(() => server.stop());

  // First, while organisation A still has the channels the bodies name (the role matrix edits its settings).
  it('answers every route that takes an id with 404 for an id of another organisation, and changes nothing there', async () => {
    const before = await tenantDigest(server, world.b.tenantId);
    const owner = world.credentials.find((c) => c.name === 'owner')!;
    const idOps = operations.filter((op) => op.params && /:id\b/.test(op.path));
    const unmapped = idOps.filter((op) => !idKindOf(op)).map((op) => `${op.method} ${op.path}`);
    expect(unmapped, 'list the kind of these routes in test/support/attack.ts').toEqual([]);
    const ids = Object.values(world.b.ids);
    const bodyRefusals: string[] = [];
    for (const op of idOps) {
      const id = world.b.ids[idKindOf(op)!];
      const req = await requestFor(op, id, owner.headers, ids);
      const answer = await send(server, req);
      // A rule on the request alone (a date in the past, a channel organisation A lacks) may refuse first: that reveals nothing of B.
      if ((answer.status === 400 && answer.json?.error?.details?.field) || answer.json?.error?.code === 'channel_unknown') {
        bodyRefusals.push(`${op.method} ${op.path}`);
        continue;
      }
      expectRefusal(answer, req, 404, ['not_found']);
      for (const secret of world.b.secrets.filter((s) => s !== id)) expect(answer.text, describeRequest(req)).not.toContain(secret);
    }
    expect(await tenantDigest(server, world.b.tenantId)).toEqual(before);
    expect(idOps.length).toBeGreaterThan(30);
    expect(bodyRefusals.length, bodyRefusals.join()).toBeLessThan(6);
  });

  it('answers every route for every role, API-key scope and no credentials as its contract permission says', { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of operations) {
      if (op.permission === null) continue;
      for (const cred of world.credentials) {
        const headers = { ...cred.headers };
        // Logging out would end the session the rest of the matrix uses: log out a fresh one.
        if (op.operationId === 'logout' && headers.cookie) {
          const role = cred.name as keyof World['a']['emails'];
          headers.cookie = await login(server.url, world.a.emails[role], 'correct horse battery');
        }
        const req = await requestFor(op, NO_SUCH_ID, headers, [NO_SUCH_ID]);
        const answer = await send(server, req);
        checked++;
        const problem = refusalProblem(answer);
        const allowed = cred.permissions !== null && (op.permission === 'session' || cred.permissions.includes(op.permission));
        const code = answer.json?.error?.code;
        const wrong =
          problem ??
          (cred.permissions === null
            ? answer.status === 401 && code === 'unauthenticated' ? null : 'expected 401 unauthenticated'
            : allowed
              ? // A 403 for another reason (granting scopes one lacks) is not the permission check refusing.
                answer.status === 401 || (answer.status === 403 && answer.json?.error?.details?.permission === op.permission) ? `allowed (${op.permission}) but refused` : null
              : answer.status === 403 && code === 'forbidden' ? null : `expected 403 forbidden for ${op.permission}`);
        if (wrong) failures.push(`${cred.name}: ${wrong}: ${describeRequest(req)} → ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(operations.length * 10);
  });

  // Found by the fuzzer: Express's URIError for an undecodable path parameter was answered 500.
  it('answers a path parameter that is not valid UTF-8 with 400 validation_failed', async () => {
    const req: Sent = { method: 'GET', url: '/api/v1/persons/%ED%A0%80', headers: { cookie: world.a.cookies.owner } };
    expectRefusal(await send(server, req), req, 400, ['validation_failed']);
  });
});
