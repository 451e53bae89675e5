#!/usr/bin/env node
/**
 * npm run test:wordpress — the plugin's suites on real services, on every WordPress release in
 * tests/wordpress-versions.json (Debian's 6.1 and newer releases from @wp-playground/wordpress-builds):
 *   1. PHPUnit, WordPress loaded in-process on a fresh MariaDB database (tests/phpunit);
 *   2. HTTP and headless Chromium tests against WordPress served by `php -S` and one real core-server per
 *      release (tests/http, Vitest).
 * The editor script is built once (both eras: build/modern and build/classic); each release's core tree is
 * prepared once and kept (tools/wordpress-cores.mjs). Needs: php-cli (+ mysql, curl, xml, mbstring, gd),
 * phpunit, unzip, MariaDB on 127.0.0.1:3306 (root, no password), chromium; gettext for the translation check.
 *
 *   node tools/test-wordpress.mjs [phpunit|http] [extra args for that runner]
 *   LIKENESS_WP_VERSIONS=6.5,6.7 node tools/test-wordpress.mjs     only these releases
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSIONS, prepareCore } from './wordpress-cores.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = ['phpunit', 'http'].includes(process.argv[2]) ? process.argv[2] : null;
const extra = process.argv.slice(only ? 3 : 2);
const wanted = process.env.LIKENESS_WP_VERSIONS?.split(',').map((v) => v.trim()).filter(Boolean);
const versions = wanted ? VERSIONS.filter((v) => wanted.includes(v.id)) : VERSIONS;
if (!versions.length) {
  console.error(`LIKENESS_WP_VERSIONS=${process.env.LIKENESS_WP_VERSIONS} matches none of ${VERSIONS.map((v) => v.id).join(', ')}`);
  process.exit(1);
}

const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/** Runs a command with its output shown as it comes, and returns the exit code and the output. */
function run(cmd, args, env = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (process.stdout.write(d), (output += d)));
    child.stderr.on('data', (d) => (process.stderr.write(d), (output += d)));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function preflight() {
  const missing = [];
  if (!has('php', ['-r', 'exit(extension_loaded("mysqli") && extension_loaded("gd") ? 0 : 1);'])) missing.push('php-cli with php-mysql and php-gd');
  if (!has('phpunit')) missing.push('phpunit');
  if (!has('unzip', ['-v'])) missing.push('unzip');
  if (VERSIONS.some((v) => v.source.startsWith('debian:')) && !fs.existsSync('/usr/share/wordpress/wp-includes/version.php')) missing.push('wordpress (Debian package)');
  const db = spawnSync('php', ['-r', '$m = @new mysqli("127.0.0.1", "root", "", "", 3306); exit($m->connect_errno ? 1 : 0);'], { stdio: 'ignore' });
  if (db.status !== 0) missing.push('MariaDB on 127.0.0.1:3306 (root, empty password)');
  if (only !== 'phpunit' && !fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
  if (missing.length) {
    console.error(`test:wordpress needs: ${missing.join(', ')}.\nOn Debian: apt-get install -y --no-install-recommends php-cli php-mysql php-sqlite3 php-curl php-xml php-mbstring php-gd phpunit unzip wordpress wordpress-theme-twentytwentythree chromium gettext mariadb-server`);
    process.exit(1);
  }
}

async function ensureBuilt() {
  const built = ['modern', 'classic'].every((era) => fs.existsSync(path.join(root, `build/${era}/index.js`)) && fs.existsSync(path.join(root, `build/${era}/index.asset.php`)));
  const translated = fs.readdirSync(path.join(root, 'languages')).some((f) => f.endsWith('.mo'));
  if (!built) {
    if ((await run('npm', ['run', 'build'])).code !== 0) process.exit(1);
  } else if (!translated) {
    if ((await run(process.execPath, ['tools/i18n.mjs', 'compile'])).code !== 0) process.exit(1);
  }
}

/** Test counts from the runners' closing lines. */
function counts(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const ok = plain.match(/OK \((\d+) tests?, (\d+) assertions?\)/);
  if (ok) return { passed: Number(ok[1]), failed: 0 };
  const bad = plain.match(/Tests: (\d+), Assertions: \d+(?:, Errors: (\d+))?(?:, Failures: (\d+))?/);
  if (bad) {
    const failed = Number(bad[2] ?? 0) + Number(bad[3] ?? 0);
    return { passed: Number(bad[1]) - failed, failed };
  }
  const vitest = plain.match(/^\s*Tests\s+(.*)$/m);
  if (vitest) return { passed: Number(vitest[1].match(/(\d+) passed/)?.[1] ?? 0), failed: Number(vitest[1].match(/(\d+) failed/)?.[1] ?? 0) };
  return { passed: 0, failed: 0 };
}

const started = Date.now();
preflight();
await ensureBuilt();
const results = [];
const step = async (name, cmd, args, env) => {
  const t = Date.now();
  const { code, output } = await run(cmd, args, env);
  results.push({ name, code, seconds: Math.round((Date.now() - t) / 1000), ...counts(output) });
};

if (!only) {
  if (has('xgettext')) await step('translations (pot current, sv_SE complete)', process.execPath, ['tools/i18n.mjs', 'check']);
  else console.log('\n(xgettext not installed: translation template check skipped)');
}
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
fs.mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
for (const version of versions) {
  const env = { LIKENESS_TEST_WP_CORE: prepareCore(version), LIKENESS_TEST_WP_ID: version.id, LIKENESS_TEST_WP_EXPECT: version.expect, LIKENESS_TEST_TMP: path.join(root, 'tests/.tmp') };
  console.log(`\n=== WordPress ${version.expect} ===`);
  if (!only || only === 'phpunit') await step(`WordPress ${version.expect}: PHPUnit`, 'phpunit', ['-c', 'tests/phpunit/phpunit.xml', ...extra], env);
  if (!only || only === 'http') await step(`WordPress ${version.expect}: HTTP + Chromium`, process.execPath, [vitest, 'run', '--config', 'tests/http/vitest.config.ts', ...extra], env);
}

const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed }), { passed: 0, failed: 0 });
console.log(`\n=== test:wordpress (${Math.round((Date.now() - started) / 1000)} s) ===`);
for (const r of results) {
  const tally = r.passed + r.failed ? `: ${r.passed} passed${r.failed ? `, ${r.failed} failed` : ''}` : '';
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'}  ${r.name}${tally} (${r.seconds} s)`);
}
console.log(`wordpress: ${total.passed} passed, ${total.failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
