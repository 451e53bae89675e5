#!/usr/bin/env node
/**
 * npm run test:wordpress — the plugin's suites on real services:
 *   1. PHPUnit on a real WordPress 6.1 (Debian's package) on MariaDB, loaded in-process (tests/phpunit);
 *   2. HTTP and headless Chromium tests against WordPress served by `php -S` and the real core-server
 *      (tests/http, Vitest).
 * Needs: php-cli (+ mysql, curl, xml, mbstring, gd), phpunit, wordpress, MariaDB on 127.0.0.1:3306 (root, no
 * password), chromium; gettext for the translation check. Builds the editor script first when build/ is missing.
 *
 *   node tools/test-wordpress.mjs [phpunit|http] [extra args for that runner]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = ['phpunit', 'http'].includes(process.argv[2]) ? process.argv[2] : null;
const extra = process.argv.slice(only ? 3 : 2);

const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const run = (cmd, args, env = {}) => {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
};

function preflight() {
  const missing = [];
  if (!has('php', ['-r', 'exit(extension_loaded("mysqli") && extension_loaded("gd") ? 0 : 1);'])) missing.push('php-cli with php-mysql and php-gd');
  if (!has('phpunit')) missing.push('phpunit');
  if (!fs.existsSync('/usr/share/wordpress/wp-includes/version.php')) missing.push('wordpress (Debian package)');
  const db = spawnSync('php', ['-r', '$m = @new mysqli("127.0.0.1", "root", "", "", 3306); exit($m->connect_errno ? 1 : 0);'], { stdio: 'ignore' });
  if (db.status !== 0) missing.push('MariaDB on 127.0.0.1:3306 (root, empty password)');
  if (only !== 'phpunit' && !fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
  if (missing.length) {
    console.error(`test:wordpress needs: ${missing.join(', ')}.\nOn Debian: apt-get install -y --no-install-recommends php-cli php-mysql php-sqlite3 php-curl php-xml php-mbstring php-gd phpunit wordpress wordpress-theme-twentytwentythree chromium gettext mariadb-server`);
    process.exit(1);
  }
}

function ensureBuilt() {
  const built = fs.existsSync(path.join(root, 'build/index.js')) && fs.existsSync(path.join(root, 'build/index.asset.php'));
  const translated = fs.readdirSync(path.join(root, 'languages')).some((f) => f.endsWith('.mo'));
  if (!built) {
    if (run('npm', ['run', 'build']) !== 0) process.exit(1);
  } else if (!translated) {
    if (run(process.execPath, ['tools/i18n.mjs', 'compile']) !== 0) process.exit(1);
  }
}

const started = Date.now();
preflight();
ensureBuilt();
const results = [];
if (!only) {
  if (has('xgettext')) results.push(['translations (pot current, sv_SE complete)', run(process.execPath, ['tools/i18n.mjs', 'check'])]);
  else console.log('\n(xgettext not installed: translation template check skipped)');
}
if (!only || only === 'phpunit') {
  fs.mkdirSync(path.join(root, 'tests/.tmp'), { recursive: true });
  results.push(['PHPUnit', run('phpunit', ['-c', 'tests/phpunit/phpunit.xml', ...extra], { LIKENESS_TEST_TMP: path.join(root, 'tests/.tmp') })]);
}
if (!only || only === 'http') {
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  results.push(['HTTP + Chromium (Vitest)', run(process.execPath, [vitest, 'run', '--config', 'tests/http/vitest.config.ts', ...extra])]);
}
console.log(`\n=== test:wordpress (${Math.round((Date.now() - started) / 1000)} s) ===`);
for (const [name, code] of results) console.log(`${code === 0 ? 'ok  ' : 'FAIL'}  ${name}`);
process.exit(results.every(([, code]) => code === 0) ? 0 : 1);
