/** How the built dashboard is served at /admin: SPA fallback, caching, CSP, and the "not built" page. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../dashboard/build';
import { dashboardRoute } from '../src/http/dashboard.route';
import { startTestServer, type TestServer } from './support/test-server';

let server: TestServer;

beforeAll(async () => {
  await ensureDashboardBuilt();
  server = await startTestServer();
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

describe('the dashboard route', () => {
  it('redirects / to /admin', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('serves index.html uncached, with a CSP, at /admin and at every client-side route', async () => {
    for (const route of ['/admin', '/admin/', '/admin/files/3f1c9a4e-0000-4000-8000-000000000000', '/admin/settings/integrations']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).toMatch(/src="\/admin\/assets\/index-[\w-]+\.js"/);
    }
  });

  it('serves hashed assets as immutable for a year, and a missing one as 404 rather than the app', async () => {
    const html = await (await fetch(`${server.url}/admin`)).text();
    const script = html.match(/src="(\/admin\/assets\/index-[\w-]+\.js)"/)![1]!;
    const res = await fetch(`${server.url}${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${server.url}/admin/assets/index-gone1234.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it('leaves the API alone: unknown API paths still answer JSON errors', async () => {
    const res = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('explains how to build the dashboard when it is not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-no-dashboard-'));
    const app = express().use('/admin', dashboardRoute(empty));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/admin/persons`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:dashboard');
    } finally {
      http.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
