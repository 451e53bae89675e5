import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@likeness/shared';
import { hammingDistance, PHASH_MATCH_DISTANCE } from '@likeness/office-addin/image-hash';
import { FingerprintIndex, type BankImage, type StoredFingerprint } from '../src/modules/documents/fingerprint.index';
import { fingerprintOf, perceptualHashOf } from '../src/modules/documents/image-fingerprint';
import { detectFormat, findImages } from '../src/modules/documents/ooxml-images';
import { DEFAULT_PACKAGE_LIMITS, OoxmlPackage } from '../src/media/ooxml-package';
import { PHOTOS, makeDocx, makePptx, makeZip, pptxSkeleton, resizedCopy } from './support/documents-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-docs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const A = '0b6f3c1e-5a4d-4f2e-9c1b-7d8e9f0a1b2c';
const MAX_PIXELS = 50_000_000;

function save(bytes: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.bin`);
  fs.writeFileSync(file, bytes);
  return file;
}

async function inspect(bytes: Buffer, limits = DEFAULT_PACKAGE_LIMITS) {
  const pkg = await OoxmlPackage.open(save(bytes), limits);
  try {
    const format = detectFormat(pkg, limits);
    return { format, images: await findImages(pkg, format, limits), pkg };
  } finally {
    await pkg.close();
  }
}

async function refusal(bytes: Buffer, limits = DEFAULT_PACKAGE_LIMITS): Promise<{ reason: string; message: string }> {
  try {
    const pkg = await OoxmlPackage.open(save(bytes), limits);
    try {
      const format = detectFormat(pkg, limits);
      for (const image of await findImages(pkg, format, limits)) await pkg.read(image.part);
    } finally {
      await pkg.close();
    }
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.httpStatus).toBe(422);
    expect((e.details as { limits: unknown }).limits).toEqual(limits);
    return { reason: (e.details as { reason: string }).reason, message: e.message };
  }
  throw new Error('The package was accepted');
}

describe('reading real .pptx and .docx packages', () => {
  it('finds every image of a pptxgenjs presentation with its slide numbers', async () => {
    const audrey = fs.readFileSync(PHOTOS.audrey);
    const cage = fs.readFileSync(PHOTOS.cage);
    const { format, images } = await inspect(await makePptx([[audrey], [], [cage, audrey]]));
    expect(format).toBe('pptx');
    const slides = images.flatMap((i) => i.locations.filter((l) => l.kind === 'slide').map((l) => l.number)).sort();
    expect(slides).toEqual([1, 3, 3]);
    expect(images.every((i) => i.taggedAssetIds.length === 0)).toBe(true);
  });

  it('reads the add-in\'s alt-text tag from a docx picture and types each image', async () => {
    const { format, images } = await inspect(
      await makeDocx([{ data: fs.readFileSync(PHOTOS.connery), title: `likeness:${A}` }, { data: await resizedCopy(PHOTOS.murray) }]),
    );
    expect(format).toBe('docx');
    expect(images).toHaveLength(2);
    expect(images.map((i) => i.taggedAssetIds)).toContainEqual([A]);
    expect(images.map((i) => i.taggedAssetIds)).toContainEqual([]);
    expect(images.every((i) => i.contentType === 'image/jpeg' && i.locations[0]!.kind === 'page')).toBe(true);
  });
});

describe('hostile uploads are refused with the limits stated', () => {
  it('not a zip', async () => {
    expect((await refusal(Buffer.from('%PDF-1.7 this is a pdf'))).reason).toBe('not_a_zip');
    expect((await refusal(Buffer.from('PK\u0003\u0004 truncated'))).reason).toBe('not_a_zip');
  });

  it('an encrypted (password-protected) Office document, and a zip with encrypted entries', async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    const r = await refusal(cfb);
    expect(r.reason).toBe('encrypted');
    expect(r.message).toMatch(/password/);
    expect((await refusal(makeZip([...pptxSkeleton(), { name: 'ppt/media/a.png', data: Buffer.alloc(10), encryptedFlag: true }]))).reason).toBe('encrypted');
  });

  it('a zip bomb: a huge compression ratio, a header that lies about the size, or too much in total', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    expect((await refusal(makeZip([...pptxSkeleton(), { name: 'ppt/media/bomb.png', data: zeros }]))).reason).toBe('zip_bomb');
    const liar = makeZip([...pptxSkeleton(), { name: 'ppt/media/liar.png', data: Buffer.alloc(900_000, 7), declaredSize: 1000 }]);
    expect((await refusal(liar)).reason).toBe('zip_bomb');
    const small = { ...DEFAULT_PACKAGE_LIMITS, maxUncompressedBytes: 1000 };
    const r = await refusal(makeZip([...pptxSkeleton(), { name: 'ppt/media/a.png', data: Buffer.alloc(2000, 1) }]), small);
    expect(r.reason).toBe('zip_bomb');
    expect(r.message).toContain('1000');
  });

  it('10,000 images', async () => {
    const entries = [...pptxSkeleton(), ...Array.from({ length: 10_000 }, (_, i) => ({ name: `ppt/media/image${i}.png`, data: Buffer.from([i % 256]) }))];
    const r = await refusal(makeZip(entries));
    expect(r.reason).toBe('too_many_images');
    expect(r.message).toContain('10000');
    expect(r.message).toContain(String(DEFAULT_PACKAGE_LIMITS.maxImages));
  });

  it('a zip that is not an Office document', async () => {
    expect((await refusal(makeZip([{ name: 'hello.txt', data: Buffer.from('hi') }]))).reason).toBe('not_office');
  });
});

describe('recognising images by content', () => {
  it('a resized, re-encoded copy keeps its perceptual hash within the match distance; another photo does not', async () => {
    const original = await perceptualHashOf(PHOTOS.audrey, MAX_PIXELS);
    const copy = await perceptualHashOf(await resizedCopy(PHOTOS.audrey, 0.4, 50), MAX_PIXELS);
    expect(hammingDistance(original!, copy!)).toBeLessThanOrEqual(PHASH_MATCH_DISTANCE);
    for (const other of [PHOTOS.cage, PHOTOS.connery, PHOTOS.murray, PHOTOS.clooney]) {
      expect(hammingDistance(original!, (await perceptualHashOf(other, MAX_PIXELS))!)).toBeGreaterThan(PHASH_MATCH_DISTANCE);
    }
    expect(await perceptualHashOf(Buffer.from('not an image'), MAX_PIXELS)).toBeNull();
  });

  it('the index matches exact bytes, then a perceptual copy, hashes the bank once and follows deletions', async () => {
    const bank: BankImage[] = [
      { id: 'a', sha256: (await fingerprintOf(fs.readFileSync(PHOTOS.audrey), MAX_PIXELS)).sha256, title: 'Audrey', path: PHOTOS.audrey },
      { id: 'c', sha256: (await fingerprintOf(fs.readFileSync(PHOTOS.cage), MAX_PIXELS)).sha256, title: 'Cage', path: PHOTOS.cage },
    ];
    const saved: StoredFingerprint[] = [];
    const store = { bankImages: async () => bank, load: async () => [...saved], save: async (_t: string, rows: StoredFingerprint[]) => void saved.push(...rows) };
    const index = new FingerprintIndex(store, MAX_PIXELS);
    const exact = await fingerprintOf(fs.readFileSync(PHOTOS.cage), MAX_PIXELS);
    const copy = await fingerprintOf(await resizedCopy(PHOTOS.audrey, 0.3, 40), MAX_PIXELS);
    const foreign = await fingerprintOf(fs.readFileSync(PHOTOS.franck), MAX_PIXELS);
    const [m1, m2, m3] = await index.lookup('t', [exact, copy, foreign]);
    expect(m1).toMatchObject({ assetId: 'c', match: 'sha256' });
    expect(m2).toMatchObject({ assetId: 'a', match: 'perceptual', title: 'Audrey' });
    expect(m3).toBeNull();
    expect(saved.map((s) => s.assetId).sort()).toEqual(['a', 'c']);
    // A second index (a restart) uses the stored hashes instead of decoding again.
    const restarted = new FingerprintIndex({ ...store, save: async () => expect.unreachable('nothing new to hash') }, MAX_PIXELS);
    expect((await restarted.lookup('t', [copy]))[0]).toMatchObject({ assetId: 'a' });
    bank.splice(0, 1);
    expect((await index.lookup('t', [copy]))[0]).toBeNull();
  });
});
