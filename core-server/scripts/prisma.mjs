#!/usr/bin/env node
// Runs the Prisma CLI with the settings this repo needs offline (see ARCHITECTURE.md).
//   node scripts/prisma.mjs generate            → generates the client for both providers
//   node scripts/prisma.mjs <any prisma args>   → runs against DATABASE_URL's provider
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const args = process.argv.slice(2);
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

function prisma(cliArgs, extraEnv = {}) {
  const result = spawnSync(process.execPath, [prismaCli, ...cliArgs], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (args[0] === 'generate' && args.length === 1) {
  prisma(['generate', '--schema', 'prisma/sqlite'], { DATABASE_URL: 'file:./data/unused.db' });
  prisma(['generate', '--schema', 'prisma/postgresql'], { DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused' });
} else {
  prisma(args);
}
