/**
 * The WordPress releases the suite runs on (tests/wordpress-versions.json: one line each) and their core
 * trees, prepared once and kept in tests/.tmp/wordpress/<id>/ until the source changes. Test sites are then
 * made from a core by hard links (tests/support/site.php), so no site copies or unzips WordPress again.
 *
 * Sources:
 *   debian:<dir>            Debian's package (a tree of symlinks, copied with cp -rL);
 *   playground:<name>       @wp-playground/wordpress-builds: src/wordpress/<name>.zip holds the PHP files,
 *                           public/<name>/ the static files (scripts, styles, images) that Playground serves
 *                           separately; together they are the standard WordPress tree.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VERSIONS = JSON.parse(fs.readFileSync(path.join(root, 'tests/wordpress-versions.json'), 'utf8'));

function playgroundBuilds() {
  return path.dirname(createRequire(import.meta.url).resolve('@wp-playground/wordpress-builds/package.json'));
}

/** What the core is made from, and a fingerprint that changes when that source does. */
function describe(version) {
  const [kind, arg] = version.source.split(/:(.*)/s);
  if (kind === 'debian') {
    const stamp = fs.statSync(path.join(arg, 'wp-includes/version.php'));
    return { kind, dir: arg, fingerprint: `debian ${arg} ${stamp.size} ${stamp.mtimeMs}` };
  }
  if (kind === 'playground') {
    const pkg = playgroundBuilds();
    const zip = path.join(pkg, 'src/wordpress', `${arg}.zip`);
    const statics = path.join(pkg, 'public', arg);
    if (!fs.existsSync(zip) || !fs.existsSync(statics)) throw new Error(`${version.id}: ${arg} is not in @wp-playground/wordpress-builds (npm install at the repository root)`);
    const { version: pkgVersion } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    return { kind, zip, statics, fingerprint: `playground ${pkgVersion} ${arg} ${fs.statSync(zip).size}` };
  }
  throw new Error(`${version.id}: unknown source ${version.source}`);
}

/** The version as the tree itself states it (wp-includes/version.php). */
export function coreVersion(dir) {
  const php = fs.readFileSync(path.join(dir, 'wp-includes/version.php'), 'utf8');
  return php.match(/\$wp_version = '([^']+)'/)?.[1] ?? null;
}

/** Returns the ready core tree of a version, building it when it is missing or stale. */
export function prepareCore(version) {
  const source = describe(version);
  const dir = path.join(root, 'tests/.tmp/wordpress', version.id);
  const marker = path.join(dir, '.likeness-core');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === source.fingerprint) return dir;

  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  if (source.kind === 'debian') {
    execFileSync('cp', ['-rL', source.dir, dir]);
  } else {
    fs.mkdirSync(dir);
    execFileSync('unzip', ['-q', source.zip, '-d', dir]);
    const themes = path.join(dir, 'wp-content/themes');
    const shippedThemes = new Set(fs.readdirSync(themes));
    // Hard links where possible: the static files stay in node_modules once.
    try {
      execFileSync('cp', ['-rl', '--remove-destination', `${source.statics}/.`, dir], { stdio: 'ignore' });
    } catch {
      execFileSync('cp', ['-r', '--remove-destination', `${source.statics}/.`, dir]);
    }
    fs.rmSync(path.join(dir, 'wordpress-remote-asset-paths'), { force: true });
    // public/ also has the static half of themes the build left out: those are not installable themes.
    for (const theme of fs.readdirSync(themes)) if (!shippedThemes.has(theme)) fs.rmSync(path.join(themes, theme), { recursive: true });
    fs.rmSync(path.join(dir, 'wp-content/database'), { recursive: true, force: true }); // Playground's SQLite
  }
  // Every site writes its own configuration.
  for (const own of ['wp-config.php', '.htaccess']) fs.rmSync(path.join(dir, own), { force: true });
  const found = coreVersion(dir);
  if (found !== version.expect) throw new Error(`${version.id}: ${version.source} holds WordPress ${found}, expected ${version.expect}`);
  fs.writeFileSync(marker, source.fingerprint);
  console.log(`WordPress ${found}: core prepared in ${dir} (${Date.now() - started} ms)`);
  return dir;
}
