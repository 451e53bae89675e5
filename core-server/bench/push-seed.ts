/** push bench: the organisation every setup starts from, seeded over the REST API, and the withdrawal it times. */
import sharp from 'sharp';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';
import { now } from './push-clients';

const DAY = 86_400_000;
const ADMIN_EMAIL = 'owner@push-bench.test';
const ADMIN_PASSWORD = 'correct horse battery staple';
const AGREEMENT_CHANNELS = ['web', 'print', 'social'];
/** Environment of every bench node: no demo data, the owner `seed` logs in as, no Redis or SMTP unless a setup adds them. */
export const NODE_ENV_BASE = { DEMO_DATA: 'false', LIKENESS_ADMIN_EMAIL: ADMIN_EMAIL, LIKENESS_ADMIN_PASSWORD: ADMIN_PASSWORD, REDIS_URL: undefined, SMTP_URL: undefined };

export interface Seeded {
  personId: string;
  agreementId: string;
  assetIds: string[];
  apiKey: string;
  owner: LikenessClient;
  cookie: string;
}

async function login(baseUrl: string): Promise<string> {
  const { response } = await createLikenessClient({ baseUrl }).POST('/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  if (!response.ok) throw new Error(`login as ${ADMIN_EMAIL} failed: HTTP ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie) throw new Error('login answered without a session cookie');
  return cookie;
}

function generatedJpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 101) % 256, b: (seed * 173) % 256 } } })
    .jpeg()
    .toBuffer();
}

export const agreementBody = () => ({ kind: 'written' as const, channels: AGREEMENT_CHANNELS, validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: new Date(Date.now() + 365 * DAY).toISOString() });

/** A person with a valid agreement in `assets` files (basis consent, one box each), all reported as used on web; and a status:read key. */
export async function seed(baseUrl: string, assets: number, runTag: number): Promise<Seeded> {
  const cookie = await login(baseUrl);
  const owner = createLikenessClient({ baseUrl, headers: { cookie } });
  const person = await unwrap(owner.POST('/api/v1/persons', { body: { name: 'Bench Person' } }));
  const assetIds: string[] = [];
  for (let i = 0; i < assets; i++) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await generatedJpeg(runTag * 1000 + i + 1))], { type: 'image/jpeg' }), `bench-${i + 1}.jpg`);
    const res = await fetch(`${baseUrl}/api/v1/assets`, { method: 'POST', body: form, headers: { cookie } });
    const body = (await res.json()) as { id?: string };
    if (!res.ok || !body.id) throw new Error(`upload ${i + 1} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    const id = body.id;
    await unwrap(owner.PUT('/api/v1/assets/{id}/basis', { params: { path: { id } }, body: { basis: 'consent' } }));
    await unwrap(owner.POST('/api/v1/assets/{id}/boxes', { params: { path: { id } }, body: { x: 0.2, y: 0.2, w: 0.4, h: 0.5, personId: person.id } }));
    assetIds.push(id);
  }
  const agreement = await unwrap(owner.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } }, body: agreementBody() }));
  const usage = await unwrap(
    owner.PUT('/api/v1/usages', { body: { integration: 'push-bench', channel: 'web', location: 'https://bench.example/news/1', title: 'Bench page', assetIds } }),
  );
  if (usage.active !== assets) throw new Error(`usage report: expected ${assets} active usages, got ${JSON.stringify(usage)}`);
  const status = await unwrap(owner.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds } }));
  const notApproved = status.items.filter((s) => !s.approved);
  if (notApproved.length) throw new Error(`seeded files are not approved: ${JSON.stringify(notApproved.map((s) => s.status))}`);
  const key = await unwrap(owner.POST('/api/v1/api-keys', { body: { name: 'push bench', scopes: ['status:read'], public: false } }));
  return { personId: person.id, agreementId: agreement.id, assetIds, apiKey: key.key, owner, cookie };
}

/** POST /agreements/{id}/withdraw; t0 = when the response (head) arrived, tSend = just before sending. */
export async function withdraw(baseUrl: string, cookie: string, agreementId: string): Promise<{ tSend: number; t0: number }> {
  const tSend = now();
  const res = await fetch(`${baseUrl}/api/v1/agreements/${agreementId}/withdraw`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
  });
  const t0 = now();
  const text = await res.text();
  if (res.status !== 200) throw new Error(`withdraw answered ${res.status}: ${text.slice(0, 500)}`);
  return { tSend, t0 };
}

