#!/usr/bin/env node
// Runs the suites on real Strapi: builds the plugin (server + admin, offline) and starts vitest with the
// module paths Strapi needs in this monorepo. Strapi's React packages are nested in this workspace (the
// root has React 19), while @strapi/core is hoisted to the root and resolves `@strapi/strapi` and the
// internal plugins from there: NODE_PATH points it at this workspace's copies.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const modules = path.join(root, 'node_modules');
const env = {
  ...process.env,
  NODE_PATH: [modules, path.join(modules, '@strapi/strapi/node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
  STRAPI_TELEMETRY_DISABLED: 'true',
};
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!process.argv.includes('--no-build')) run('npx', ['strapi-plugin', 'build', '--silent']);
run('npx', ['vitest', 'run', '--config', 'test/vitest.strapi.config.mts', ...process.argv.slice(2).filter((a) => a !== '--no-build')]);
