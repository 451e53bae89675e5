/**
 * Bench dispatcher: `tsx bench/run.ts <name> [args]` runs the default export of `bench/<name>.bench.ts`
 * with [args]. From the repo root: `npm run bench -- <name> [args]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchMain } from './support';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

function available(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

function usage(problem: string): number {
  const names = available();
  console.error(`${problem}\nUsage: npm run bench -- <name> [args]\nAvailable benches: ${names.length ? names.join(', ') : '(none)'}`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') return usage(name ? 'Bench dispatcher.' : 'No bench named.');
  if (!available().includes(name)) return usage(`Unknown bench "${name}".`);
  const mod = (await import(pathToFileURL(path.join(benchDir, `${name}${SUFFIX}`)).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    console.error(`bench/${name}${SUFFIX} has no default export function.`);
    return 1;
  }
  const code = await (mod.default as BenchMain)(args);
  return typeof code === 'number' ? code : 0;
}

main(process.argv.slice(2)).then(
  (code) => finish(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    finish(1);
  },
);

/** Exits on its own once every handle is closed; a bench that leaves one behind is still ended, with a note. */
function finish(code: number): void {
  process.exitCode = code;
  setTimeout(() => {
    console.error('bench: handles still open 5 s after the bench finished; exiting anyway.');
    process.exit(code);
  }, 5_000).unref();
}
