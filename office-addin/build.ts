/**
 * Builds the task pane into office-addin/dist when its sources changed since the last build.
 *
 *   tsx build.ts            build if stale (runs at `npm install`; the core-server also calls ensureTaskPaneBuilt)
 *   tsx build.ts --force    always build
 *
 * Staleness is a SHA-256 over the sources, the SDK and the lockfile, stored next to the output. The build writes
 * to a temporary folder and swaps it in, so a running server never serves half a build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TASKPANE_DIST = path.join(here, 'dist');
const STAMP = '.source-hash';
const INPUTS = [path.join(here, 'src'), path.join(here, 'static'), path.join(here, 'build.ts'), path.resolve(here, '../plugins/src'), path.resolve(here, '../package-lock.json')];
/** Icon sizes the manifest names (16/32/80 for ribbon buttons, 64/128 for the store and high DPI). */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => filesUnder(path.join(p, e.name)));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) hash.update(path.relative(here, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function isFresh(hash: string): boolean {
  try {
    return fs.readFileSync(path.join(TASKPANE_DIST, STAMP), 'utf8') === hash && fs.existsSync(path.join(TASKPANE_DIST, 'taskpane.html'));
  } catch {
    return false;
  }
}

export interface BuildResult {
  built: boolean;
  ms: number;
}

let inFlight: Promise<BuildResult> | null = null;

/** Builds when stale (or always with force). Concurrent callers share one build. Throws if the build fails. */
export function ensureTaskPaneBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildResult> {
  inFlight ??= build(options).finally(() => (inFlight = null));
  return inFlight;
}

async function build(options: { force?: boolean; log?: (line: string) => void }): Promise<BuildResult> {
  const started = Date.now();
  const hash = sourceHash();
  if (!options.force && isFresh(hash)) return { built: false, ms: Date.now() - started };
  options.log?.('Building the Office task pane (its sources changed)…');
  const esbuild = await import('esbuild');
  const temp = `${TASKPANE_DIST}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(temp, { recursive: true });
  try {
    await esbuild.build({
      entryPoints: { taskpane: path.join(here, 'src/taskpane/main.ts'), dialog: path.join(here, 'src/dialog/dialog.ts') },
      outdir: temp,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome100', 'edge100', 'safari15'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      // The SDK's index also exports its Node-only browser-script builder; the pane never calls it.
      external: ['esbuild', 'node:*'],
      logLevel: 'warning',
    });
    for (const file of fs.readdirSync(path.join(here, 'static'))) fs.copyFileSync(path.join(here, 'static', file), path.join(temp, file));
    await renderIcons(temp);
    fs.writeFileSync(path.join(temp, STAMP), hash);
    const old = `${TASKPANE_DIST}.old-${process.pid}-${Date.now()}`;
    if (fs.existsSync(TASKPANE_DIST)) fs.renameSync(TASKPANE_DIST, old);
    fs.renameSync(temp, TASKPANE_DIST);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  return { built: true, ms: Date.now() - started };
}

/** The icon is one SVG source; Office wants PNGs at fixed sizes. */
async function renderIcons(outDir: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  const svg = fs.readFileSync(path.join(here, 'static/icon.svg'));
  for (const size of ICON_SIZES) await sharp(svg, { density: 300 }).resize(size, size).png().toFile(path.join(outDir, `icon-${size}.png`));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTaskPaneBuilt({ force: process.argv.includes('--force'), log: (l) => console.log(l) }).then(
    (r) => console.log(r.built ? `Office task pane built in ${r.ms} ms.` : 'Office task pane is up to date.'),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
