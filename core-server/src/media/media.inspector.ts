import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '@likeness/shared';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif'];
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska', 'video/x-msvideo'];
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'video/x-m4v': 'video/mp4', 'audio/x-wav': 'audio/wav' };
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const normalise = (type: string) => {
  const t = type.split(';')[0]!.trim().toLowerCase();
  return ALIASES[t] ?? t;
};

/** Sniffs the real type from the bytes and refuses a declared type that contradicts it. */
export async function sniffType(filePath: string, declared: string, allowed: (mime: string) => boolean, what: string): Promise<string> {
  const detected = await fileTypeFromFile(filePath);
  const mime = detected ? normalise(detected.mime) : null;
  if (!mime || !allowed(mime)) {
    throw new AppError('unsupported_media_type', `This file is not ${what}.`, { detected: mime, declared: declared || null });
  }
  const claim = normalise(declared);
  if (!GENERIC.has(claim) && claim !== mime) {
    throw new AppError('unsupported_media_type', `The file claims to be ${claim} but its content is ${mime}.`, { detected: mime, declared: claim });
  }
  return mime;
}

export interface ImageFacts {
  width: number;
  height: number;
  orientation: number | null;
}

/** Reads dimensions (as displayed, after EXIF rotation) and refuses pixel bombs before decoding. */
export async function inspectImage(filePath: string, maxPixels: number): Promise<ImageFacts> {
  let meta: Metadata;
  try {
    meta = await sharp(filePath, { limitInputPixels: false }).metadata(); // header only; the explicit check below answers image_too_large
  } catch {
    throw new AppError('invalid_file', 'The image could not be read; it may be damaged.');
  }
  if (!meta.width || !meta.height) throw new AppError('invalid_file', 'The image has no dimensions.');
  if (meta.width * meta.height > maxPixels) {
    throw new AppError('image_too_large', `The image has ${meta.width}×${meta.height} pixels; the limit is ${Math.round(maxPixels / 1e6)} megapixels.`);
  }
  const rotated = (meta.orientation ?? 1) >= 5;
  return { width: rotated ? meta.height : meta.width, height: rotated ? meta.width : meta.height, orientation: meta.orientation ?? null };
}

export const VARIANTS = { thumbnail: 320, preview: 1600 } as const;

/** Writes an EXIF-rotated WebP no larger than `size` px on its long side. */
export async function renderVariant(source: string, target: string, size: number, maxPixels: number): Promise<void> {
  try {
    await sharp(source, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toFile(target);
  } catch {
    throw new AppError('invalid_file', 'The image could not be decoded; it may be damaged.');
  }
}
