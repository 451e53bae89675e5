/**
 * `npm run bench -- doccheck [--slides 200] [--runs 3]`: the server-side document check of a PowerPoint with
 * two images per slide (default 200 slides, 400 images): half bank originals, a quarter resized re-encoded
 * copies (found by perceptual hash), a quarter foreign. Prints the time to report, images/s and peak RSS, with
 * the same run's baseline: only unzipping and SHA-256 of every image. Last line: one JSON object.
 */
import { createHash } from 'node:crypto';
import PptxGenJS from 'pptxgenjs';
import sharp from 'sharp';
import { PERMISSIONS } from '@likeness/shared';
import type { RequestContext } from '../src/kernel/request-context';
import { detectFormat, findImages } from '../src/modules/documents/ooxml-images';
import { DEFAULT_PACKAGE_LIMITS, OoxmlPackage } from '../src/media/ooxml-package';
import { prng, round, startBenchServer, type BenchMain, type BenchServer } from './support';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const log = (line: string) => process.stdout.write(`${line}\n`);

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** A distinct photo-like image: a seeded colour field with blobs, so perceptual hashes differ. */
async function syntheticPhoto(seed: number): Promise<Buffer> {
  const rnd = prng(seed);
  const width = 640;
  const height = 480;
  const blobs = Array.from({ length: 8 }, () => {
    const [x, y, r] = [rnd.int(0, width), rnd.int(0, height), rnd.int(30, 160)];
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="rgb(${rnd.int(0, 255)},${rnd.int(0, 255)},${rnd.int(0, 255)})"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(${rnd.int(0, 255)},${rnd.int(0, 255)},${rnd.int(0, 255)})"/>${blobs.join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const main: BenchMain = async (args) => {
  const slides = option(args, 'slides', 200);
  const runs = option(args, 'runs', 3);
  const images = slides * 2;
  let bench: BenchServer | null = null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doccheck-'));
  try {
    bench = await startBenchServer();
    const { server } = bench;
    const tenant = await server.services.repos.tenants.create({ slug: 'doccheck', name: 'Doccheck bench', channels: ['web', 'office'] });
    const ctx: RequestContext = { tenantId: tenant.id, actor: { type: 'system', id: null, label: 'bench' }, role: 'owner', permissions: PERMISSIONS, sessionTokenHash: null, ip: null, userAgent: null };
    const { key } = await server.services.apiKeys.create(ctx, { name: 'doccheck bench', scopes: ['assets:read', 'assets:write'], public: false });
    const auth = { authorization: `Bearer ${key}` };

    const t0 = Date.now();
    const photos = await Promise.all(Array.from({ length: images / 2 + images / 4 }, (_, i) => syntheticPhoto(1000 + i)));
    const bank = photos.slice(0, images / 2);
    for (const [i, bytes] of bank.entries()) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `bank-${i}.jpg`);
      const res = await fetch(`${server.url}/api/v1/assets`, { method: 'POST', body: form, headers: auth });
      if (!res.ok) throw new Error(`upload ${i}: ${res.status} ${await res.text()}`);
    }
    const copies = await Promise.all(bank.slice(0, images / 4).map((b) => sharp(b).resize(400).jpeg({ quality: 55 }).toBuffer()));
    const foreign = photos.slice(images / 2);
    const inDeck = [...bank, ...copies, ...foreign];
    const pptx = new PptxGenJS();
    for (let s = 0; s < slides; s++) {
      const slide = pptx.addSlide();
      for (let k = 0; k < 2; k++) slide.addImage({ data: `image/jpeg;base64,${inDeck[s * 2 + k]!.toString('base64')}`, x: 0.5 + k * 4.5, y: 1, w: 4, h: 3 });
    }
    const deck = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
    log(`doccheck bench: ${bench.db}, ${bank.length} bank images, a ${slides}-slide deck with ${images} images (${(deck.length / 1048576).toFixed(1)} MB), prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Baseline: what any check must do at least — open the zip, inflate and SHA-256 every image.
    const file = path.join(tmp, 'deck.pptx');
    fs.writeFileSync(file, deck);
    const baselineMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const pkg = await OoxmlPackage.open(file, DEFAULT_PACKAGE_LIMITS);
      for (const image of await findImages(pkg, detectFormat(pkg, DEFAULT_PACKAGE_LIMITS), DEFAULT_PACKAGE_LIMITS)) createHash('sha256').update(await pkg.read(image.part)).digest('hex');
      await pkg.close();
      baselineMs.push(performance.now() - start);
    }

    const checkMs: number[] = [];
    let summary: Record<string, number> = {};
    for (let r = 0; r < runs; r++) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(deck)]), 'deck.pptx');
      const start = performance.now();
      const res = await fetch(`${server.url}/api/v1/office/documents/check?channel=office`, { method: 'POST', body: form, headers: auth });
      const report = (await res.json()) as { images: unknown[]; summary: Record<string, number> };
      checkMs.push(performance.now() - start);
      if (!res.ok || report.images.length !== images) throw new Error(`check answered ${res.status}: ${JSON.stringify(report).slice(0, 300)}`);
      summary = report.summary;
      log(`run ${r + 1}: ${checkMs[r]!.toFixed(0)} ms${r === 0 ? ' (first run also hashes the bank)' : ''}`);
    }
    const found = images - (summary.foreign ?? 0);
    if (found !== images / 2 + images / 4) throw new Error(`expected ${images / 2 + images / 4} bank images recognised, got ${found}`);
    const steady = Math.min(...checkMs.slice(1).concat(runs === 1 ? checkMs : []));
    const baseline = Math.min(...baselineMs);
    const figures = {
      bench: 'doccheck',
      db: bench.db,
      slides,
      images,
      recognised: found,
      firstRunMs: round(checkMs[0]!, 0),
      reportMs: round(steady, 0),
      imagesPerSecond: round((images * 1000) / steady, 0),
      baselineUnzipSha256Ms: round(baseline, 0),
      ratioToBaseline: round(steady / baseline, 1),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
    };
    log(`report in ${figures.reportMs} ms (${figures.imagesPerSecond} images/s), ${figures.ratioToBaseline}× the unzip+SHA-256 baseline (${figures.baselineUnzipSha256Ms} ms); peak RSS ${figures.peakRssMb} MB (server and bench in one process)`);
    log(JSON.stringify(figures));
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await bench?.stop();
  }
};

export default main;
