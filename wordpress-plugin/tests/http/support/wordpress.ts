/**
 * A real WordPress (the release in LIKENESS_TEST_WP_CORE, else Debian's package) on MariaDB with the plugin
 * activated, served by PHP's built-in server. Site creation and installation are done by
 * tests/support/site.php, shared with the PHPUnit bootstrap.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './likeness';

const plugin = path.resolve(import.meta.dirname, '../../..');
const siteTool = path.join(plugin, 'tests/support/site.php');
export const ADMIN_PASSWORD = 'wordpress-admin-password';

/** The release under test, as tools/test-wordpress.mjs names it (tests/wordpress-versions.json). */
export function wordpressRelease() {
  const version = process.env.LIKENESS_TEST_WP_EXPECT ?? '6.1.9';
  const number = (v: string) => v.split(/[.-]/).slice(0, 2).map(Number);
  return {
    version,
    atLeast(min: string): boolean {
      const [a, b] = number(version);
      const [x, y] = number(min);
      return a! > x! || (a === x && b! >= y!);
    },
  };
}

export interface PluginSettings {
  server_url: string;
  api_key: string;
  channel?: string;
  policy?: 'hide' | 'placeholder';
  unlinked?: 'tenant' | 'show' | 'hide';
  serve_from?: 'uploads' | 'likeness';
  public_key?: string;
  webhook_secret?: string;
}

export class WordPress {
  private server: ChildProcess | null = null;
  appPassword = '';
  log = '';

  private constructor(
    readonly dir: string,
    readonly db: string,
    readonly port: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get webhookUrl() {
    return `${this.url}/index.php?rest_route=/likeness/v1/webhook`;
  }

  /** Reserves a port first: the Likeness keys and webhook need the site's address before it is installed. */
  static async prepare(name: string): Promise<WordPress> {
    const port = await freePort();
    const dir = path.join(plugin, 'tests/.tmp', `${name}-${process.pid}`);
    return new WordPress(dir, `likeness_${name.replace(/[^a-z0-9]/g, '_')}_${process.pid}`, port);
  }

  async start(settings: PluginSettings): Promise<void> {
    this.php('create', { dir: this.dir, db: this.db, url: this.url });
    const installed = JSON.parse(this.php('install', { dir: this.dir, url: this.url, password: ADMIN_PASSWORD, settings: JSON.stringify(settings) }));
    this.appPassword = installed.appPassword;
    // Its own process group: PHP_CLI_SERVER_WORKERS forks workers, and stop() ends them all with the group.
    const server = spawn('php', ['-S', `127.0.0.1:${this.port}`, '-t', this.dir], {
      cwd: this.dir,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout!.on('data', (d) => (this.log += d));
    server.stderr!.on('data', (d) => (this.log = (this.log + d).slice(-20_000)));
    this.server = server;
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/wp-login.php`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`php -S did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-server.pid, 'SIGKILL'); // any worker still there
      } catch {
        /* the group is gone */
      }
    }
    this.server = null;
    try {
      this.php('drop', { db: this.db });
    } catch {
      /* best effort */
    }
    if (!process.env.LIKENESS_KEEP_SITE) {
      try {
        fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (err) {
        console.warn(`could not remove ${this.dir}: ${String(err)}`);
      }
    }
  }

  option(name: string, value: string | number | null): void {
    this.php('option', { dir: this.dir, url: this.url, name, value: value === null ? '' : String(value) });
  }

  /** Changes some of the plugin's settings (merged into the saved ones). */
  settings(settings: Partial<PluginSettings>): void {
    this.php('settings', { dir: this.dir, url: this.url, settings: JSON.stringify(settings) });
  }

  private php(command: string, args: Record<string, string>): string {
    return execFileSync('php', [siteTool, command, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private auth() {
    return `Basic ${Buffer.from(`admin:${this.appPassword}`).toString('base64')}`;
  }

  /** The REST API as the administrator (application password). */
  async rest<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const [routePath, query] = route.split('?');
    const res = await fetch(`${this.url}/index.php?rest_route=${encodeURIComponent(routePath!)}${query ? `&${query}` : ''}`, {
      method,
      headers: { authorization: this.auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  /** Uploads a file to the Media Library through the REST API, as an editor would. */
  async uploadMedia(bytes: Buffer, name: string): Promise<number> {
    const res = await fetch(`${this.url}/index.php?rest_route=${encodeURIComponent('/wp/v2/media')}`, {
      method: 'POST',
      headers: { authorization: this.auth(), 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename=${name}` },
      body: bytes,
    });
    const body = (await res.json()) as { id: number };
    if (res.status !== 201) throw new Error(`media upload failed ${res.status}: ${JSON.stringify(body)}`);
    return body.id;
  }

  async publish(title: string, content: string, featured = 0): Promise<{ id: number; link: string }> {
    const res = await this.rest('POST', '/wp/v2/posts', { title, content, status: 'publish', featured_media: featured });
    if (res.status !== 201) throw new Error(`post failed ${res.status}: ${JSON.stringify(res.body)}`);
    return { id: res.body.id, link: res.body.link };
  }

  /** The front end, as an anonymous visitor sees it. */
  async render(postId: number): Promise<string> {
    const res = await fetch(`${this.url}/?p=${postId}`);
    if (res.status !== 200) throw new Error(`render ${postId}: HTTP ${res.status}`);
    return res.text();
  }

  debugLog(): string {
    const file = path.join(this.dir, 'debug.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  /** PHP errors, warnings and notices raised in the plugin's own code (WordPress 6.1's PHP 8.2 deprecations are not ours). */
  pluginProblems(): string[] {
    return this.debugLog()
      .split('\n')
      .filter((line) => line.includes('/plugins/likeness/') && /PHP (Fatal|Warning|Notice|Deprecated|Parse)/.test(line));
  }

  /** Logs into wp-admin and returns the cookie header. */
  async adminCookie(): Promise<string> {
    const res = await fetch(`${this.url}/wp-login.php`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
      body: new URLSearchParams({ log: 'admin', pwd: ADMIN_PASSWORD, 'wp-submit': 'Log In', redirect_to: `${this.url}/wp-admin/`, testcookie: '1' }),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (res.status !== 302 || !cookies.some((c) => c.startsWith('wordpress_logged_in_'))) throw new Error(`wp-admin login failed: ${res.status}`);
    return cookies.join('; ');
  }
}

/** An image block as the block editor saves it. */
export function imageBlock(attachment: { id: number; source_url: string; alt_text?: string }, caption = ''): string {
  const cap = caption ? `<figcaption class="wp-element-caption">${caption}</figcaption>` : '';
  return `<!-- wp:image {"id":${attachment.id},"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="${attachment.source_url}" alt="${attachment.alt_text ?? ''}" class="wp-image-${attachment.id}"/>${cap}</figure>\n<!-- /wp:image -->`;
}

/** Imports an asset through the plugin's REST route, as the Likeness image block does. */
export async function importAsset(wp: WordPress, assetId: string): Promise<{ id: number; source_url: string; alt_text: string }> {
  const res = await wp.rest('POST', '/likeness/v1/import', { assetId });
  if (res.status !== 200) throw new Error(`import failed ${res.status}: ${JSON.stringify(res.body)}`);
  const media = await wp.rest('GET', `/wp/v2/media/${res.body.id}?context=edit`);
  return { id: res.body.id as number, source_url: media.body.source_url as string, alt_text: 'Alt text that names the person' };
}
