import { fileURLToPath } from 'node:url';

/**
 * Bundles the drop-in browser script (likeness-live.ts with socket.io-client) into one minified IIFE and
 * returns its text. The core-server calls this once at start-up and serves the result at /live/likeness.js.
 * esbuild is loaded lazily so that importing the SDK does not load it.
 */
export async function buildBrowserScript(): Promise<string> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('./likeness-live.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    platform: 'browser',
    target: 'es2019',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the browser script');
  return output.text;
}
