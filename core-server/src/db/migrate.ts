import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Applies committed migrations with `prisma migrate deploy` (the WASM schema engine; see prisma.config.ts). */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
    cwd: serverRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let applied = false;
  await new Promise<void>((resolve, reject) => {
    const collect = (d: Buffer) => {
      output += d;
      // The WASM engine keeps a timer alive ~10 s after finishing on Postgres; once it reports success we are done.
      if (!applied && /All migrations have been successfully applied|No pending migrations to apply/.test(output)) {
        applied = true;
        child.kill();
        resolve();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (applied) return;
      if (code === 0) resolve();
      else reject(new Error(`migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}
