import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** dashboard/dist, written by `npm run build:dashboard` (and by `npm start` when the sources changed). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * Content-Security-Policy of the dashboard: only its own scripts; inline styles for Mantine's CSS variables;
 * blob: for previews of agreement documents fetched through the API.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Likeness</title>
<body style="font:16px system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build:dashboard -w @likeness/core-server</code> (or <code>npm start</code>, which builds it when needed), then reload.</p>
<p>The API works without it: <a href="/api/v1/docs">/api/v1/docs</a>.</p></body>`;

/**
 * Serves the admin dashboard at /admin: hashed files under /admin/assets are immutable and cached for a year;
 * every other path is the single-page app's index.html (never cached, so a new build is picked up at once).
 */
export function dashboardRoute(dir: string = DEFAULT_DASHBOARD_DIR): Router {
  const router = express.Router();
  let index: { mtimeMs: number; html: string } | null = null;
  const indexHtml = (): string | null => {
    const file = path.join(dir, 'index.html');
    try {
      const { mtimeMs } = fs.statSync(file);
      if (index?.mtimeMs !== mtimeMs) index = { mtimeMs, html: fs.readFileSync(file, 'utf8') };
      return index.html;
    } catch {
      return null;
    }
  };

  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d', etag: false, lastModified: false }),
    // A hashed file that is not there (an old tab after a new build) must not become index.html.
    (_req, res) => void res.status(404).type('text').send('Not found'),
  );
  router.use(express.static(dir, { index: false, dotfiles: 'ignore', maxAge: '1h' }));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const html = indexHtml();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CSP);
    res.type('html');
    if (html === null) return void res.status(503).send(NOT_BUILT);
    res.send(html);
  });
  return router;
}
