/**
 * The real Likeness core-server, started from the monorepo's sources (its entry point, src/main.ts) on
 * 127.0.0.1 with its own SQLite database, and helpers that drive it over its REST API (as the dashboard would).
 * One server serves a whole run (one WordPress release): global-setup.ts starts it, and the test files reach
 * it with LikenessServer.shared(); stop() and boot() then go through the setup's small control endpoint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';

// Started through its stable entry point; LIKENESS_CORE_SERVER_DIR may name another checkout of it.
const coreServer = process.env.LIKENESS_CORE_SERVER_DIR ?? path.resolve(import.meta.dirname, '../../../../core-server');
const DAY = 86_400_000;
export const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export const OWNER = { email: 'owner@wordpress.test', password: 'correct horse battery staple' };

export interface SharedLikeness {
  dir: string;
  port: number;
  cookie: string;
  control: string;
}

export class LikenessServer {
  child: ChildProcess | null = null;
  output = '';
  cookie = '';
  api!: LikenessClient;
  /** Set on a server owned by the global setup: stop()/boot() ask it. */
  private control: string | null = null;
  private remoteRunning = true;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** The run's server, started by global-setup.ts. */
  static shared(shared: SharedLikeness): LikenessServer {
    const server = new LikenessServer(shared.dir, shared.port);
    server.control = shared.control;
    server.cookie = shared.cookie;
    server.api = createLikenessClient({ baseUrl: server.url, headers: { cookie: server.cookie } });
    return server;
  }

  get running(): boolean {
    return this.control ? this.remoteRunning : this.child !== null && this.child.exitCode === null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(dir: string): Promise<LikenessServer> {
    fs.mkdirSync(dir, { recursive: true });
    const server = new LikenessServer(dir, await freePort());
    await server.boot();
    server.cookie = await login(server.url, OWNER.email, OWNER.password);
    server.api = createLikenessClient({ baseUrl: server.url, headers: { cookie: server.cookie } });
    return server;
  }

  /** Starts the process (again, on the same port and database after stop()). */
  async boot(): Promise<void> {
    if (this.control) {
      await this.remote('boot');
      this.remoteRunning = true;
      return;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: coreServer,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${path.join(this.dir, 'likeness.db')}`,
        LIKENESS_DATA_DIR: this.dir,
        DEMO_DATA: 'false',
        LIKENESS_ORG_NAME: 'Testkommunen',
        LIKENESS_ADMIN_EMAIL: OWNER.email,
        LIKENESS_ADMIN_PASSWORD: OWNER.password,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`core-server did not start:\n${this.output.slice(-3000)}`));
      }, 90_000);
      const onData = (d: Buffer) => {
        this.output += d;
        if (this.output.includes('Likeness is running')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`core-server exited ${code}:\n${this.output.slice(-3000)}`));
      });
    });
  }

  async stop(): Promise<void> {
    if (this.control) {
      await this.remote('stop');
      this.remoteRunning = false;
      return;
    }
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    this.child = null;
  }

  private async remote(action: 'boot' | 'stop'): Promise<void> {
    const res = await fetch(`${this.control}/${action}`, { method: 'POST' });
    if (!res.ok) throw new Error(`core-server ${action} failed: ${await res.text()}`);
  }

  async apiKey(scopes: string[], extra: { public?: boolean; origins?: string[] } = {}): Promise<string> {
    const created = await unwrap(this.api.POST('/api/v1/api-keys', { body: { name: `wordpress ${scopes.join(' ')}`, scopes: scopes as never, public: extra.public ?? false, origins: extra.origins } }));
    return created.key;
  }

  async webhook(url: string): Promise<{ id: string; secret: string }> {
    const created = await unwrap(this.api.POST('/api/v1/webhooks', { body: { name: 'WordPress', url } }));
    return { id: created.id, secret: created.secret };
  }

  /** Uploads a generated photo (distinct per seed). */
  async upload(seed: number, title: string): Promise<{ id: string; bytes: Buffer; name: string }> {
    const bytes = await photo(seed);
    const name = `likeness-${seed}.jpg`;
    const form = new FormData();
    form.append('title', title);
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), name);
    const res = await fetch(`${this.url}/api/v1/assets`, { method: 'POST', body: form, headers: { cookie: this.cookie } });
    const body = (await res.json()) as { id: string };
    if (res.status !== 201) throw new Error(`upload failed ${res.status}: ${JSON.stringify(body)}`);
    return { id: body.id, bytes, name };
  }

  /** A photo with one named person, consent basis, and an agreement for web until `validUntil` (null: no end). */
  async approvedAsset(seed: number, title: string, validUntil: string | null = inDays(100)) {
    const asset = await this.upload(seed, title);
    const person = await this.personInBox(asset.id, `Person ${seed}`);
    const agreement = await unwrap(
      this.api.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: person } },
        body: { kind: 'written', channels: ['web', 'print', 'social'], validFrom: inDays(-1), validUntil },
      }),
    );
    return { ...asset, assetId: asset.id, personId: person, agreementId: agreement.id as string };
  }

  /** A photo with a named person who gave no consent: status consent_missing, not visible. */
  async unapprovedAsset(seed: number, title: string, personName: string) {
    const asset = await this.upload(seed, title);
    const person = await this.personInBox(asset.id, personName);
    return { ...asset, assetId: asset.id, personId: person };
  }

  private async personInBox(assetId: string, name: string): Promise<string> {
    await unwrap(this.api.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
    const person = await unwrap(this.api.POST('/api/v1/persons', { body: { name } }));
    await unwrap(this.api.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: person.id } }));
    return person.id;
  }

  async withdraw(agreementId: string): Promise<void> {
    await unwrap(this.api.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
  }

  async status(assetId: string) {
    const asset = await unwrap(this.api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    return asset.statuses.find((s) => s.channel === 'web')!;
  }

  async usages(assetId: string) {
    return (await unwrap(this.api.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } }))).items;
  }

  async deliveries(webhookId: string) {
    return (await unwrap(this.api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId } } }))).items;
  }
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A 1200×800 JPEG, different for each seed (so the image bank does not deduplicate), large enough for srcset. */
export function photo(seed: number): Promise<Buffer> {
  const channel = (n: number) => (seed * n) % 256;
  const noise = Buffer.alloc(60 * 40 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (seed * 31 + i * 17) % 256;
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: channel(53), g: channel(97), b: channel(151) } } })
    .composite([{ input: noise, raw: { width: 60, height: 40, channels: 3 }, top: seed % 700, left: (seed * 7) % 1100 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 10_000, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
