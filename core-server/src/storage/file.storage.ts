import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '@likeness/shared';
import type { TempFile } from '../kernel/upload';

/**
 * Files live on disk under the data directory, by storage key. Writes go to a temp file
 * first and are renamed into place, so a crash never leaves a half-written file under a key.
 */
export class FileStorage {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new AppError('not_found', 'No such file.');
    return resolved;
  }

  /** Streams into a temp file while hashing; aborts with 413 past maxBytes. */
  async writeTemp(source: Readable, maxBytes: number): Promise<TempFile> {
    const tempPath = path.join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new AppError('payload_too_large', `The file is larger than ${Math.floor(maxBytes / 1048576)} MB.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tempPath));
    } catch (err) {
      await fsp.rm(tempPath, { force: true });
      throw err;
    }
    return { path: tempPath, sha256: hash.digest('hex'), size };
  }

  tempPath(): string {
    return path.join(this.tmpDir, randomUUID());
  }

  async moveInto(tempPath: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(tempPath, target);
  }

  async remove(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => fsp.rm(this.pathOf(k), { force: true, recursive: true })));
  }

  async discard(...tempPaths: string[]): Promise<void> {
    await Promise.all(tempPaths.map((p) => fsp.rm(p, { force: true })));
  }

  /** Every file under `prefix` (a top-level folder such as `assets`), as its key and last modification time. */
  async files(prefix: string): Promise<Array<{ key: string; mtimeMs: number }>> {
    const out: Array<{ key: string; mtimeMs: number }> = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) {
          const stat = await fsp.stat(full).catch(() => null);
          if (stat) out.push({ key: path.relative(this.root, full).split(path.sep).join('/'), mtimeMs: stat.mtimeMs });
        }
      }
    };
    await walk(this.pathOf(prefix));
    return out;
  }

  exists(key: string): boolean {
    return fs.existsSync(this.pathOf(key));
  }
}
