/**
 * Bundles the drop-in browser script (likeness-live.ts with socket.io-client) into one minified IIFE and
 * returns its text. The core-server calls this once at start-up and serves the result at /live/likeness.js.
 * esbuild and node:url are loaded lazily, so importing the SDK (also in a browser) does not load them.
 */
export async function buildBrowserScript(): Promise<string> {
  const [{ build }, { fileURLToPath }] = await Promise.all([import('esbuild'), import('node:url')]);
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
