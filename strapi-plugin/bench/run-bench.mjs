#!/usr/bin/env node
// `npm run bench` in this workspace: builds the plugin and runs bench/run.mts with the module paths
// Strapi needs in this monorepo (see test/tools/run-strapi-tests.mjs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const modules = path.join(root, 'node_modules');
const env = { ...process.env, NODE_PATH: [modules, path.join(modules, '@strapi/strapi/node_modules')].join(path.delimiter), STRAPI_TELEMETRY_DISABLED: 'true' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;
if (run('npx', ['strapi-plugin', 'build', '--silent']) !== 0) process.exit(1);
process.exit(run(process.execPath, ['--import', 'tsx', 'bench/run.mts', ...process.argv.slice(2)]));
