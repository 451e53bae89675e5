/**
 * Builds the test app's admin panel (Strapi's own `strapi build`, which compiles this plugin's admin from
 * its package export) into a copy of the app, so the browser test loads the plugin's real admin code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function buildAdmin(dir: string): void {
  const started = Date.now();
  const r = spawnSync('npx', ['strapi', 'build'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true', LIKENESS_PLUGIN_DIR: path.resolve(import.meta.dirname, '../..') },
    encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(path.join(dir, 'build/index.html'))) throw new Error(`strapi build failed (${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  console.log(`admin panel built in ${Math.round((Date.now() - started) / 1000)} s`);
}
