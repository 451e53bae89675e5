import fs from 'node:fs';
import { once } from 'node:events';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { SubjectFile } from '../../kernel/ports';

export interface ArchiveEntry {
  path: string;
  /** Text or bytes written as they are, or a stored file (read in chunks, never whole). */
  content: string | Uint8Array | SubjectFile['source'];
}

/** Already compressed formats are stored, not deflated again: faster, and no bigger. */
const COMPRESSED = /\.(jpe?g|png|webp|gif|heic|avif|mp4|mov|webm|pdf|zip|docx|pptx|mp3|m4a)$/i;

/**
 * Streams a zip to `target` with back-pressure: memory stays at a chunk or two however many files go in.
 * `onEntry` is told after each entry (progress). A stored file that has gone missing becomes an error.
 */
export async function writeZip(target: string, entries: ArchiveEntry[], onEntry: (done: number) => Promise<void> | void): Promise<number> {
  const out = fs.createWriteStream(target, { flags: 'wx' });
  let failure: Error | null = null;
  out.on('error', (err) => (failure = err));
  let drained: Promise<unknown> | null = null;
  let finished!: () => void;
  const ended = new Promise<void>((resolve) => (finished = resolve));
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else if (!out.write(chunk)) drained ??= once(out, 'drain').finally(() => (drained = null));
    if (final) finished();
  });
  const pressure = async () => {
    if (failure) throw failure;
    if (drained) await drained;
  };
  try {
    let done = 0;
    for (const entry of entries) {
      const file = COMPRESSED.test(entry.path) ? new ZipPassThrough(entry.path) : new ZipDeflate(entry.path, { level: 6 });
      zip.add(file);
      const c = entry.content;
      if (typeof c === 'string') file.push(new TextEncoder().encode(c), true);
      else if (c instanceof Uint8Array) file.push(c, true);
      else if ('bytes' in c) file.push(c.bytes, true);
      else {
        for await (const chunk of fs.createReadStream(c.storagePath, { highWaterMark: 256 * 1024 })) {
          file.push(chunk as Buffer);
          await pressure();
        }
        file.push(new Uint8Array(0), true);
      }
      await pressure();
      await onEntry(++done);
    }
    zip.end();
    await ended;
    await pressure();
    out.end();
    await once(out, 'finish');
    return out.bytesWritten;
  } catch (err) {
    zip.terminate();
    out.destroy();
    throw err;
  }
}
