/**
 * One real core-server for the whole run (both test files, one WordPress release), instead of one per file.
 * The test files get its address and an owner session through inject('likeness'); the "core-server
 * unreachable" test stops and restarts it through a control endpoint on 127.0.0.1 that only this run knows.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { LikenessServer, type SharedLikeness } from './likeness';

declare module 'vitest' {
  export interface ProvidedContext {
    likeness: SharedLikeness;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-wordpress-run-'));
  const likeness = await LikenessServer.launch(dir);
  const control = http.createServer((req, res) => {
    const action = req.method === 'POST' ? req.url : null;
    const done = (err?: unknown) => {
      res.writeHead(err ? 500 : 204).end(err ? String(err) : undefined);
    };
    if (action === '/stop') likeness.stop().then(() => done(), done);
    else if (action === '/boot') likeness.boot().then(() => done(), done);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const { port } = control.address() as import('node:net').AddressInfo;
  project.provide('likeness', { dir, port: likeness.port, cookie: likeness.cookie, control: `http://127.0.0.1:${port}` });

  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await likeness.stop();
    // A 500 from the core-server fails a test with "Something went wrong on our side": show what it logged.
    const errors = likeness.output.split('\n').filter((line) => /"level":(50|60)/.test(line));
    if (errors.length) console.error(`core-server logged ${errors.length} error(s):\n${errors.slice(-5).join('\n').slice(0, 8000)}`);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
}
