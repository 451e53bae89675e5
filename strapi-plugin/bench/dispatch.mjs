#!/usr/bin/env node
// Root `npm run bench -- <name>`: `strapi` runs this workspace's bench; any other name goes on to the
// core-server's bench dispatcher as before.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [name, ...args] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '../..');
const r =
  name === 'strapi'
    ? spawnSync('npm', ['run', 'bench', '-w', '@likeness/strapi-plugin', '--', ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'bench', '-w', '@likeness/core-server', '--', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
