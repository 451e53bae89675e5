import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { PHASH_SIZE, greyFromRgba, perceptualHash } from '@likeness/office-addin/image-hash';

export interface Fingerprint {
  sha256: string;
  /** null when the bytes are not a raster image sharp can decode (EMF, WMF, damaged files). */
  phash: string | null;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The perceptual hash exactly as the task pane computes it: the image as displayed (EXIF-rotated, on white),
 * scaled to 32×32, then Rec. 601 grey from RGB. Images over `maxPixels` are not decoded.
 */
export async function perceptualHashOf(input: Buffer | string, maxPixels: number): Promise<string | null> {
  try {
    const raw = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill', kernel: 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer();
    return perceptualHash(greyFromRgba(raw, 3));
  } catch {
    return null;
  }
}

export async function fingerprintOf(bytes: Buffer, maxPixels: number): Promise<Fingerprint> {
  return { sha256: sha256Of(bytes), phash: await perceptualHashOf(bytes, maxPixels) };
}
