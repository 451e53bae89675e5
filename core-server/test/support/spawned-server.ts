/**
 * The real core-server as a child process, started from its entry point (src/main.ts) on 127.0.0.1 with
 * its own SQLite database, and helpers that drive it over its REST API (as the dashboard would), through
 * the SDK. The hosts' integration suites (WordPress, Strapi) run against it, so it lives here once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';

// LIKENESS_CORE_SERVER_DIR may name another checkout of the server (e.g. an older release).
const coreServerDir = process.env.LIKENESS_CORE_SERVER_DIR ?? path.resolve(import.meta.dirname, '../..');
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

export interface Owner {
  email: string;
  password: string;
}

export interface SpawnOptions {
  /** Another database than the default `<dir>/likeness.db` (e.g. a clone of the test template). */
  databaseUrl?: string;
  /** More settings for the child (e.g. TWILIO_BASE_URL). */
  env?: Record<string, string>;
}

/** Settings every spawned test server gets: no demo data, and local receivers (webhooks on 127.0.0.1) allowed. */
function serverEnv(dir: string, port: number, owner: Owner, options: SpawnOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl ?? `file:${path.join(dir, 'likeness.db')}`,
    LIKENESS_DATA_DIR: dir,
    DEMO_DATA: 'false',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    LIKENESS_ORG_NAME: 'Testkommunen',
    LIKENESS_ADMIN_EMAIL: owner.email,
    LIKENESS_ADMIN_PASSWORD: owner.password,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...options.env,
  };
}

export class SpawnedLikeness {
  child: ChildProcess | null = null;
  /** Settles when the current process ends, however it ends. */
  exited: Promise<void> = Promise.resolve();
  output = '';
  cookie = '';
  api!: LikenessClient;

  constructor(
    readonly dir: string,
    readonly port: number,
    readonly owner: Owner,
    readonly options: SpawnOptions = {},
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts a server on a free port and signs in as its owner. */
  static async start<T extends SpawnedLikeness>(
    this: new (dir: string, port: number, owner: Owner, options?: SpawnOptions) => T,
    dir: string,
    owner: Owner,
    options: SpawnOptions = {},
  ): Promise<T> {
    fs.mkdirSync(dir, { recursive: true });
    const server = new this(dir, await freePort(), owner, options);
    await server.boot();
    try {
      await server.signIn();
    } catch (err) {
      await server.stop();
      throw new Error(`${(err as Error).message}\ncore-server said:\n${server.output.slice(-4000)}`);
    }
    return server;
  }

  /** Signs in as the owner (again after a restart: sessions survive, but a new one is cheap and certain). */
  async signIn(): Promise<void> {
    this.signedIn(await login(this.url, this.owner.email, this.owner.password));
  }

  protected signedIn(cookie: string): void {
    this.cookie = cookie;
    this.api = createLikenessClient({ baseUrl: this.url, headers: { cookie } });
  }

  /** Starts the process (again, on the same port and database after stop()). */
  async boot(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: coreServerDir,
      env: serverEnv(this.dir, this.port, this.owner, this.options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`core-server did not start:\n${this.output.slice(-3000)}`));
      }, 120_000);
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

  /** Kills the process with SIGKILL, as a crash would: no shutdown, no flush. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    this.child = null;
  }

  async apiKey(scopes: string[], extra: { name?: string; public?: boolean; origins?: string[] } = {}): Promise<string> {
    const body = { name: extra.name ?? `host ${scopes.join(' ')}`, scopes: scopes as never, public: extra.public ?? false, origins: extra.origins };
    return (await unwrap(this.api.POST('/api/v1/api-keys', { body }))).key;
  }

  async webhook(url: string, name = 'Host'): Promise<{ id: string; secret: string }> {
    const created = await unwrap(this.api.POST('/api/v1/webhooks', { body: { name, url } }));
    return { id: created.id, secret: created.secret };
  }

  async pauseWebhook(id: string, active: boolean): Promise<void> {
    await unwrap(this.api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body: { active } as never }));
  }

  /** Uploads a generated photo (distinct per seed). */
  async upload(seed: number, title: string, size?: PhotoSize): Promise<{ id: string; bytes: Buffer; name: string }> {
    const bytes = await photo(seed, size);
    const name = `likeness-${seed}.jpg`;
    const form = new FormData();
    form.append('title', title);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
    const res = await fetch(`${this.url}/api/v1/assets`, { method: 'POST', body: form, headers: { cookie: this.cookie } });
    const body = (await res.json()) as { id: string };
    if (res.status !== 201) throw new Error(`upload failed ${res.status}: ${JSON.stringify(body)}`);
    return { id: body.id, bytes, name };
  }

  /** A photo with one named person, consent basis, and a written agreement for web, print and social until `validUntil` (null: no end). */
  async approvedAsset(seed: number, title: string, validUntil: string | null = inDays(100), size?: PhotoSize) {
    const asset = await this.upload(seed, title, size);
    const person = await this.personInBox(asset.id, `Person ${seed}`);
    const agreementId = await this.consent(person, validUntil);
    return { ...asset, assetId: asset.id, personId: person, agreementId };
  }

  /** A written agreement of the person for web, print and social until `validUntil` (null: no end); its id. */
  async consent(personId: string, validUntil: string | null = inDays(100)): Promise<string> {
    const agreement = await unwrap(
      this.api.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: personId } },
        body: { kind: 'written', channels: ['web', 'print', 'social'], validFrom: inDays(-1), validUntil },
      }),
    );
    return agreement.id as string;
  }

  /** A photo with a named person who gave no consent: consent_missing, not visible under `hide`. */
  async unapprovedAsset(seed: number, title: string, personName = `Unconsented ${seed}`, size?: PhotoSize) {
    const asset = await this.upload(seed, title, size);
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

  async status(assetId: string, channel = 'web') {
    const asset = await unwrap(this.api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    return asset.statuses.find((s) => s.channel === channel)!;
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

export interface PhotoSize {
  width: number;
  height: number;
}

/** A JPEG, different for each seed (so the image bank does not deduplicate); 1200×800 by default, large enough for srcset. */
export function photo(seed: number, { width, height }: PhotoSize = { width: 1200, height: 800 }): Promise<Buffer> {
  const channel = (n: number) => (seed * n) % 256;
  const noise = Buffer.alloc(60 * 40 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (seed * 31 + i * 17) % 256;
  return sharp({ create: { width, height, channels: 3, background: { r: channel(53), g: channel(97), b: channel(151) } } })
    .composite([{ input: noise, raw: { width: 60, height: 40, channels: 3 }, top: seed % (height - 100), left: (seed * 7) % (width - 100) }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Polls until probe() gives a truthy value (a deadline, not a speed assertion). */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 10_000, every = 100): Promise<T> {
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
