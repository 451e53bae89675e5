import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Serves the SDK's drop-in browser script at a stable URL. It is bundled from the SDK's
 * source at start-up (esbuild, milliseconds), so no build output is committed or stale.
 */
export async function browserScriptRoute(logger: Logger): Promise<RequestHandler> {
  let script: string;
  try {
    const { buildBrowserScript } = (await import('@likeness/sdk/browser')) as { buildBrowserScript: () => Promise<string> };
    script = await buildBrowserScript();
  } catch (err) {
    logger.error({ err }, 'could not build the browser script');
    // Fail closed: without the live layer, marked media stay hidden.
    script =
      'document.head.appendChild(Object.assign(document.createElement("style"),{textContent:"[data-likeness-asset]{visibility:hidden!important}"}));' +
      'console.error("Likeness: the live script could not be built on the server.");';
  }
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 16)}"`;
  return (req, res) => {
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('ETag', etag);
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    res.send(script);
  };
}
