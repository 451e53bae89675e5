/**
 * Builds the admin dashboard into dashboard/dist when its sources changed since the last build.
 *
 *   tsx dashboard/build.ts            build if stale (what `npm start` runs first)
 *   tsx dashboard/build.ts --force    always build (`npm run build:dashboard`)
 *
 * Staleness is a SHA-256 over the dashboard's sources, the SDK client it bundles and the lockfile
 * (dependency versions), stored next to the output. An unchanged checkout costs a few milliseconds.
 * The build writes to a temporary folder and swaps it in, so a running server never serves half a build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_DIST = path.join(here, 'dist');
const STAMP = '.source-hash';

const INPUTS = [
  path.join(here, 'index.html'),
  path.join(here, 'vite.config.ts'),
  path.join(here, 'src'),
  path.join(here, 'public'),
  path.resolve(here, '../../plugins/src/client.ts'),
  path.resolve(here, '../../package-lock.json'),
];

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => filesUnder(path.join(p, e.name)));
}

/** The hash of everything the build output depends on. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(path.relative(here, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isDashboardFresh(hash = sourceHash()): boolean {
  try {
    return fs.existsSync(path.join(DASHBOARD_DIST, 'index.html')) && fs.readFileSync(path.join(DASHBOARD_DIST, STAMP), 'utf8') === hash;
  } catch {
    return false;
  }
}

export interface BuildResult {
  built: boolean;
  ms: number;
}

/** Builds when stale (or always with force). Throws if the build fails. */
export async function ensureDashboardBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildResult> {
  const started = Date.now();
  const hash = sourceHash();
  if (!options.force && isDashboardFresh(hash)) return { built: false, ms: Date.now() - started };
  options.log?.('Building the admin dashboard (its sources changed)…');
  const { build } = await import('vite');
  const temp = `${DASHBOARD_DIST}.tmp-${process.pid}`;
  // Vite takes the bundle's mode from NODE_ENV when it is set; under a test runner (NODE_ENV=test) that would
  // produce React's development build. The served dashboard is always the production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(here, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: temp, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(path.join(temp, STAMP), hash);
  const old = `${DASHBOARD_DIST}.old-${process.pid}`;
  if (fs.existsSync(DASHBOARD_DIST)) fs.renameSync(DASHBOARD_DIST, old);
  fs.renameSync(temp, DASHBOARD_DIST);
  fs.rmSync(old, { recursive: true, force: true });
  const ms = Date.now() - started;
  options.log?.(`Admin dashboard built in ${(ms / 1000).toFixed(1)} s.`);
  return { built: true, ms };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  try {
    await ensureDashboardBuilt({ force, log: (line) => console.log(`  ${line}`) });
  } catch (err) {
    const missingVite = (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    if (!force && missingVite && fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) {
      // A production install without dev dependencies: keep serving the build that is there.
      console.warn('  The dashboard build tools are not installed; serving the existing build.');
    } else if (!force && missingVite) {
      console.warn('  The dashboard build tools are not installed; /admin will be unavailable. Run `npm run build:dashboard` where they are.');
    } else {
      console.error(err);
      process.exit(1);
    }
  }
}
