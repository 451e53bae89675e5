/**
 * A real Strapi 5 app (test/app, SQLite) booted in this process with the plugin, listening on 127.0.0.1,
 * and helpers that use its real HTTP APIs: Content API (API token), upload, Content Manager (admin JWT).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Core } from '@strapi/strapi';
import { freePort } from './likeness';

// Strapi's ESM build has directory imports Node refuses; its CommonJS build is what `strapi start` uses.
const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');
const pluginDir = path.resolve(import.meta.dirname, '../..');
const template = path.join(pluginDir, 'test/app');
export const ADMIN = { email: 'editor@strapi.test', password: 'Editor-pass-1', firstname: 'Eva', lastname: 'Editor' };
export const ARTICLE = 'api::article.article';

/** Copies the test app to a fresh directory under test/.tmp (inside the workspace, so node resolution works). */
export function prepareApp(name: string, { plugin = true } = {}): string {
  const dir = path.join(pluginDir, 'test/.tmp', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(template, dir, { recursive: true });
  if (!plugin) {
    // Without the plugin its custom field does not exist: the baseline app has the same article without it.
    const schemaPath = path.join(dir, 'src/api/article/content-types/article/schema.json');
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    delete schema.attributes.picked;
    fs.writeFileSync(schemaPath, JSON.stringify(schema, null, 2));
  }
  return dir;
}

export class StrapiApp {
  adminToken = '';
  apiToken = '';

  private constructor(
    readonly strapi: Core.Strapi,
    readonly dir: string,
    readonly port: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  static async boot(name: string, options: { plugin?: boolean; env?: Record<string, string>; serveAdmin?: boolean; dir?: string } = {}): Promise<StrapiApp> {
    const dir = options.dir ?? prepareApp(name, { plugin: options.plugin ?? true });
    const port = await freePort();
    Object.assign(process.env, {
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      LIKENESS_PLUGIN_DIR: pluginDir,
      BROWSER: 'none',
      LIKENESS_PLUGIN: String(options.plugin ?? true),
      ...options.env,
    });
    const strapi = createStrapi({ appDir: dir, distDir: dir, autoReload: false, serveAdminPanel: options.serveAdmin ?? false } as never);
    await strapi.load();
    await strapi.listen();
    const app = new StrapiApp(strapi, dir, port);
    await app.createUsers();
    return app;
  }

  private async createUsers() {
    const registered = await this.request('POST', '/admin/register-admin', { body: ADMIN });
    this.adminToken = registered.data.token;
    const token = (await this.strapi.service('admin::api-token').create({ name: 'tests', type: 'full-access', lifespan: null, description: '' } as never)) as { accessKey: string };
    this.apiToken = token.accessKey;
  }

  async stop(): Promise<void> {
    // destroy() ends with process.removeAllListeners(), which would also cut the test runner's IPC.
    const removeAll = process.removeAllListeners;
    process.removeAllListeners = (() => process) as typeof process.removeAllListeners;
    try {
      await this.strapi.destroy();
    } finally {
      process.removeAllListeners = removeAll;
    }
  }

  /** JSON request; throws on a status other than `expect` (default 2xx) with the body in the message. */
  async request(method: string, route: string, { body, token, expect }: { body?: unknown; token?: string; expect?: number } = {}): Promise<any> {
    const res = await fetch(this.url + route, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (expect !== undefined ? res.status !== expect : !res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 1000)}`);
    return json;
  }

  admin(method: string, route: string, body?: unknown, expect?: number) {
    return this.request(method, route, { body, token: this.adminToken, expect });
  }

  content(method: string, route: string, body?: unknown, expect?: number) {
    return this.request(method, route, { body, token: this.apiToken, expect });
  }

  /** Uploads through the Content API's /api/upload, as a front-end or import script would. */
  async upload(bytes: Buffer, name: string): Promise<UploadedFile> {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
    const res = await fetch(`${this.url}/api/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${this.apiToken}` } });
    const json = (await res.json()) as UploadedFile[];
    if (res.status !== 201 && res.status !== 200) throw new Error(`upload → ${res.status}: ${JSON.stringify(json)}`);
    return json[0]!;
  }

  /** Creates a draft through the Content Manager (as the admin UI does). */
  async createDraft(data: Record<string, unknown>): Promise<string> {
    const created = await this.admin('POST', `/content-manager/collection-types/${ARTICLE}`, data);
    return created.data.documentId as string;
  }

  publish(documentId: string, expect?: number) {
    return this.admin('POST', `/content-manager/collection-types/${ARTICLE}/${documentId}/actions/publish`, {}, expect);
  }

  unpublish(documentId: string) {
    return this.admin('POST', `/content-manager/collection-types/${ARTICLE}/${documentId}/actions/unpublish`, {});
  }

  /** Content API read with everything populated. */
  async article(documentId: string): Promise<any> {
    const populate = 'populate[cover]=true&populate[gallery]=true&populate[hero][populate]=*&populate[sections][populate]=*';
    return (await this.content('GET', `/api/articles/${documentId}?${populate}`)).data;
  }

  plugin<T = any>(service: string): T {
    return this.strapi.plugin('likeness').service(service) as T;
  }
}

export type UploadedFile = { id: number; url: string; name: string } & Record<string, unknown>;

/** Blocks with a paragraph and an image node (the Blocks editor stores the whole Media Library file). */
export const blocksWith = (...files: UploadedFile[]) => [
  { type: 'paragraph', children: [{ type: 'text', text: 'Intro' }] },
  ...files.map((f) => ({ type: 'image', image: f, children: [{ type: 'text', text: '' }] })),
];
