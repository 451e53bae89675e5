import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ERROR_HTTP_STATUS, PERMISSIONS, ROLES, ROLE_PERMISSIONS, allOperations, type AnyOperation, type Permission, type Role } from '@likeness/shared';
import { PASSWORD, createOrg, login, startTestServer, unwrap, type TestOrg, type TestServer } from './test-server';
import { createTemplate, smtpCapture } from './consent';
import { generatedJpeg, upload } from './media';

// A world for the attack suites: two organisations with one object of every kind a path can name,
// a session per role and an API key per scope, plus raw HTTP and the error-envelope oracle.

export type Kind =
  | 'user' | 'apiKey' | 'person' | 'agreement' | 'document' | 'asset' | 'box' | 'suggestion'
  | 'faceJob' | 'webhook' | 'notification' | 'template' | 'batch' | 'request' | 'session' | 'subjectExport' | 'role' | 'personImport';

/** Which kind of object a path's `:id` names. A new `:id` route fails the matrix until it is listed here. */
const ID_KINDS: Array<[RegExp, Kind]> = [
  [/^\/users\/:id/, 'user'],
  [/^\/api-keys\/:id/, 'apiKey'],
  [/^\/persons\/:id/, 'person'],
  [/^\/agreements\/:id/, 'agreement'],
  [/^\/documents\/:id/, 'document'],
  [/^\/assets\/:id/, 'asset'],
  [/^\/office\/assets\/:id/, 'asset'],
  [/^\/boxes\/:id/, 'box'],
  [/^\/face-suggestions\/:id/, 'suggestion'],
  [/^\/faces\/reindex\/:id/, 'faceJob'],
  [/^\/webhooks\/:id/, 'webhook'],
  [/^\/notifications\/:id/, 'notification'],
  [/^\/consent\/templates\/:id/, 'template'],
  [/^\/consent\/batches\/:id/, 'batch'],
  [/^\/consent\/requests\/:id/, 'request'],
  [/^\/sessions\/:id/, 'session'],
  [/^\/exports\/:id/, 'subjectExport'],
  [/^\/roles\/:id/, 'role'],
  [/^\/imports\/persons\/:id/, 'personImport'],
];
export const idKindOf = (op: AnyOperation): Kind | undefined => ID_KINDS.find(([re]) => re.test(op.path))?.[1];

export interface WorldOrg extends TestOrg {
  ids: Record<Kind, string>;
  /** Strings that must never appear in another organisation's answers. */
  secrets: string[];
}

export type Credential = { name: string; headers: Record<string, string>; permissions: readonly Permission[] | null };

export interface World {
  server: TestServer;
  a: WorldOrg;
  b: WorldOrg;
  /** Org A's sessions per role, an API key per scope, and no credentials (permissions null). */
  credentials: Credential[];
}

let seq = 0;
async function buildOrg(server: TestServer, slug: string): Promise<WorldOrg> {
  const org = await createOrg(server, slug);
  const { owner } = org.as;
  const admin = org.as['gdpr-admin'];
  const db = server.services.db;
  const secret = `Secret ${slug} ${createHash('sha256').update(slug).digest('hex').slice(0, 8)}`;
  const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: `${secret} Person`, email: `p@${slug}.test` } }));
  const agreement = await unwrap(
    admin.POST('/api/v1/persons/{id}/agreements', {
      params: { path: { id: person.id } },
      body: { kind: 'written', channels: ['web'], validFrom: new Date(Date.now() - 86_400_000).toISOString(), validUntil: null },
    }),
  );
  const jpeg = await generatedJpeg(++seq * 17);
  const doc = await upload(server.url, `/api/v1/agreements/${agreement.id}/documents`, org.cookies['gdpr-admin'], { bytes: jpeg, name: `${slug}-doc.jpg`, type: 'image/jpeg' });
  if (doc.status !== 201) throw new Error(`document upload: ${doc.status} ${JSON.stringify(doc.body)}`);
  const asset = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(++seq * 17), name: `${slug}-asset.jpg`, type: 'image/jpeg' });
  if (asset.status !== 201) throw new Error(`asset upload: ${asset.status}`);
  const box = await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: asset.body.id } }, body: { x: 0.1, y: 0.1, w: 0.3, h: 0.3, personId: person.id } }));
  const template = await createTemplate(org);
  const request = await unwrap(admin.POST('/api/v1/consent/requests', { body: { personId: person.id, templateId: template.id, via: ['email'] } as never }));
  const batch = await unwrap(admin.POST('/api/v1/consent/requests/bulk', { body: { templateId: template.id, personIds: [person.id], via: ['email'] } as never }));
  const user = await unwrap(owner.POST('/api/v1/users', { body: { email: `extra@${slug}.test`, name: `${secret} User`, role: 'viewer', password: 'another long password' } }));
  const key = await unwrap(owner.POST('/api/v1/api-keys', { body: { name: 'extra', scopes: ['status:read'] } }));
  const webhook = await createWebhook(server, org);
  // Objects the API cannot make without outside services (face matching, the warning scheduler).
  const tenantId = org.tenantId;
  // A spare session (the newest), so ending it never logs out a caller the suites use.
  await login(server.url, org.emails.viewer, PASSWORD);
  const suggestion = await db.faceSuggestion.create({ data: { tenantId, boxId: box.id, personId: person.id, score: 0.9 } });
  const faceJob = await db.faceJob.create({ data: { tenantId, status: 'done' } });
  const subjectExport = await unwrap(admin.POST('/api/v1/persons/{id}/exports', { params: { path: { id: person.id } }, body: {} }));
  const role = await unwrap(owner.POST('/api/v1/roles', { body: { name: `${slug} readers`, permissions: ['persons:read'] } }));
  const csv = new TextEncoder().encode(`Namn\r\n${secret} Import\r\n`);
  const personImport = await upload(server.url, '/api/v1/imports/persons', org.cookies['gdpr-admin'], { bytes: csv, name: 'register.csv', type: 'text/csv' }, { mapping: JSON.stringify({ columns: { name: 0 } }), dryRun: 'true' });
  if (personImport.status !== 201) throw new Error(`import: ${personImport.status} ${JSON.stringify(personImport.body)}`);
  const notification = await db.notification.create({ data: { tenantId, kind: 'agreement.expiring', agreementId: agreement.id, personId: person.id, windowKey: 'k', data: { personName: secret, validUntil: new Date().toISOString(), channels: ['web'] } } });
  return {
    ...org,
    secrets: [secret, person.id, asset.body.id, agreement.id],
    ids: {
      user: user.id, apiKey: key.id, person: person.id, agreement: agreement.id, document: doc.body.id, asset: asset.body.id, box: box.id,
      suggestion: suggestion.id, faceJob: faceJob.id, webhook, notification: notification.id, template: template.id, batch: (batch as any).id ?? (batch as any).batch?.id, request: request.id,
      session: (await db.session.findFirst({ where: { tenantId }, orderBy: { createdAt: 'desc' } }))!.id,
      subjectExport: subjectExport.id,
      role: role.id,
      personImport: personImport.body.id,
    },
  };
}

/** Through the API when it accepts a local receiver; else as a row, so the id exists either way. */
async function createWebhook(server: TestServer, org: TestOrg): Promise<string> {
  const res = await org.as.owner.POST('/api/v1/webhooks', { body: { name: 'hook', url: 'http://127.0.0.1:9/hook' } });
  if (res.data) return res.data.id;
  const row = await server.services.db.webhook.create({ data: { tenantId: org.tenantId, name: 'hook', url: 'https://hooks.invalid/x', secret: 'x'.repeat(32) } as never });
  return row.id;
}

/** A test server with a local SMTP server, so consent requests can be sent by email. */
export async function startAttackServer(): Promise<TestServer> {
  const smtp = await smtpCapture();
  const server = await startTestServer({ smtpUrl: smtp.url });
  const stop = server.stop;
  return Object.assign(server, { stop: () => stop().then(() => smtp.close()) });
}

export async function buildWorld(server: TestServer): Promise<World> {
  const a = await buildOrg(server, 'atk-a');
  const b = await buildOrg(server, 'atk-b');
  const credentials: Credential[] = ROLES.map((role: Role) => ({ name: role, headers: { cookie: a.cookies[role] }, permissions: ROLE_PERMISSIONS[role] }));
  for (const scope of PERMISSIONS) {
    const res = await a.as.owner.POST('/api/v1/api-keys', { body: { name: `scope ${scope}`, scopes: [scope] } });
    if (!res.data) throw new Error(`API key with scope ${scope} refused: ${res.response.status}`);
    credentials.push({ name: `key:${scope}`, headers: { authorization: `Bearer ${res.data.key}` }, permissions: [scope] });
  }
  credentials.push({ name: 'none', headers: {}, permissions: null });
  return { server, a, b, credentials };
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP and the oracle

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
}
export interface Answer {
  status: number;
  text: string;
  json: any;
}

export async function send(server: TestServer, req: Sent): Promise<Answer> {
  // fetch cannot send a body with GET; such a request is just a GET.
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (req.body as BodyInit);
  let res: Response;
  try {
    res = await fetch(server.url + req.url, { method: req.method, headers: req.headers, body, redirect: 'manual' });
  } catch (err) {
    // Node answers a head over its 16 KB limit with 431 and closes at once; a client still sending a body
    // then breaks its pipe before it reads the answer (on Node 24 most times). Without the body it reads it.
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    if (body === undefined || req.url.length <= 16_000 || (cause !== 'EPIPE' && cause !== 'ECONNRESET')) throw err;
    res = await fetch(server.url + req.url, { method: req.method, headers: req.headers, redirect: 'manual' });
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* binary or HTML: checked by the caller */
  }
  return { status: res.status, text, json };
}

/** A request as a line someone can paste into a bug report. */
export function describeRequest(req: Sent): string {
  const body = typeof req.body === 'string' ? req.body.slice(0, 600) : req.body instanceof FormData ? '<multipart>' : req.body ? `<${req.body.byteLength} bytes>` : '';
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, k === 'authorization' || k === 'cookie' ? v.slice(0, 18) + '…' : v]));
  return `${req.method} ${req.url.slice(0, 400)} ${JSON.stringify(headers)} ${body}`;
}

/** Statuses the committed OpenAPI document lists for an operation. */
export function documentedStatuses(): (op: AnyOperation) => Set<number> {
  const doc = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../openapi.json'), 'utf8'));
  return (op) => {
    const p = '/api/v1' + op.path.replace(/:([A-Za-z]+)/g, '{$1}');
    return new Set(Object.keys(doc.paths?.[p]?.[op.method]?.responses ?? {}).map(Number));
  };
}

/** A refusal: a documented 4xx whose body is the error envelope with a known code of that status. */
export function refusalProblem(answer: Answer): string | null {
  if (answer.status >= 500) return `server error ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return null;
  const code = answer.json?.error?.code as keyof typeof ERROR_HTTP_STATUS | undefined;
  if (!code || typeof answer.json.error.message !== 'string') return `no error envelope: ${answer.text.slice(0, 300)}`;
  if (ERROR_HTTP_STATUS[code] !== answer.status) return `code ${code} answered with ${answer.status}`;
  return null;
}

export function expectRefusal(answer: Answer, req: Sent, status: number, codes: string[]) {
  const what = `${describeRequest(req)} → ${answer.status} ${answer.text.slice(0, 200)}`;
  expect(refusalProblem(answer), what).toBeNull();
  expect(answer.status, what).toBe(status);
  expect(codes, what).toContain(answer.json?.error?.code);
}

/** Every row an organisation owns, hashed per table: equal digests mean nothing of it changed. */
export async function tenantDigest(server: TestServer, tenantId: string): Promise<Record<string, string>> {
  const models = fs.readFileSync(path.resolve(import.meta.dirname, '../../prisma/models.prisma'), 'utf8');
  const names = [...models.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].filter((m) => /^\s+tenantId\s/m.test(m[2]!)).map((m) => m[1]!);
  const db = server.services.db as any;
  const out: Record<string, string> = {};
  for (const name of names) {
    const delegate = db[name[0]!.toLowerCase() + name.slice(1)];
    const rows = await delegate.findMany({ where: { tenantId } });
    rows.sort((x: any, y: any) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    out[name] = createHash('sha256').update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).digest('hex').slice(0, 16) + `:${rows.length}`;
  }
  out.Tenant = JSON.stringify(await db.tenant.findUnique({ where: { id: tenantId } }));
  return out;
}

export const operations = allOperations;
export const expressPath = (op: AnyOperation, values: Record<string, string>) =>
  '/api/v1' + op.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodePart(String(values[name] ?? 'missing')));

/** Lone surrogates cannot be encoded: send them as the invalid UTF-8 a hostile client would. */
function encodePart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
export { encodePart };

/** The audit chain verified by the operator's own CLI (`npm run audit:verify`) against that database: exit code and output. */
export function verifyAuditCli(databaseUrl: string, dataDir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/verify-audit.cli.ts'],
      { cwd: path.resolve(import.meta.dirname, '../..'), timeout: 90_000, env: { ...process.env, DATABASE_URL: databaseUrl, LIKENESS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: stdout + stderr }),
    );
  });
}
