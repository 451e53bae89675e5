import express, { type RequestHandler } from 'express';
import { TASKPANE_DIST, ensureTaskPaneBuilt } from '@likeness/office-addin/build';
import { renderManifest } from '@likeness/office-addin/manifest';

/** Office on the web frames the task pane from Microsoft's domains; desktop Office uses a web view. */
const FRAME_ANCESTORS = [
  "'self'",
  'https://*.office.com',
  'https://*.officeapps.live.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft.com',
  'https://*.cloud.microsoft',
].join(' ');

/** office.js must come from Microsoft's CDN (a store requirement); everything else from this server. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS}`,
].join('; ');

const CHANNEL = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * /office/: the task pane and sign-in dialog (built from office-addin/ on first use when stale), and
 * /office/manifest.xml, the add-in manifest with this server's URL filled in for central deployment.
 */
export async function officeRouter(options: { publicUrl: () => string | null; log?: (line: string) => void }): Promise<RequestHandler> {
  await ensureTaskPaneBuilt({ log: options.log });
  const router = express.Router();
  router.get('/office/manifest.xml', (req, res) => {
    const channel = typeof req.query.channel === 'string' && req.query.channel !== '' ? req.query.channel : undefined;
    if (channel !== undefined && !CHANNEL.test(channel)) {
      res.status(400).json({ error: { code: 'validation_failed', message: 'channel must be a channel key (lower-case letters, digits, - and _).' } });
      return;
    }
    // The configured address only: a manifest built from the Host header would point Office at whoever sent it.
    const serverUrl = options.publicUrl();
    if (!serverUrl) {
      res.status(503).json({ error: { code: 'unavailable', message: 'Set PUBLIC_URL to download the Office manifest.' } });
      return;
    }
    res.setHeader('Content-Type', 'application/xml; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Disposition', 'attachment; filename="likeness-office-manifest.xml"');
    res.send(renderManifest({ serverUrl, ...(channel ? { channel } : {}) }));
  });
  router.use('/office', (_req, res, next) => {
    res.removeHeader('X-Frame-Options');
    res.setHeader('Content-Security-Policy', CSP);
    next();
  });
  // Files keep their names between builds: revalidate (ETag) instead of caching blindly.
  router.use('/office', express.static(TASKPANE_DIST, { index: false, dotfiles: 'ignore', etag: true, maxAge: 0 }));
  return router;
}
