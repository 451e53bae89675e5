import { PHASH_SIZE, greyFromRgba, perceptualHash } from '../shared/perceptual-hash';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The same perceptual hash the server computes: decoded as displayed, on white, scaled to 32×32 — halving
 * step by step first, so the canvas's scaler averages instead of skipping pixels — then Rec. 601 grey.
 */
export async function perceptualHashOfBytes(bytes: Uint8Array<ArrayBuffer>): Promise<{ hash: string | null; width: number; height: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
  } catch {
    return { hash: null, width: 0, height: 0 };
  }
  const { width, height } = bitmap;
  let source: CanvasImageSource = bitmap;
  let w = width;
  let h = height;
  while (w / 2 >= PHASH_SIZE * 2 && h / 2 >= PHASH_SIZE * 2) {
    w = Math.round(w / 2);
    h = Math.round(h / 2);
    const step = new OffscreenCanvas(w, h);
    const ctx = step.getContext('2d')!;
    ctx.imageSmoothingQuality = 'high';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(source, 0, 0, w, h);
    source = step;
  }
  const canvas = new OffscreenCanvas(PHASH_SIZE, PHASH_SIZE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, PHASH_SIZE, PHASH_SIZE);
  ctx.drawImage(source, 0, 0, PHASH_SIZE, PHASH_SIZE);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, PHASH_SIZE, PHASH_SIZE);
  return { hash: perceptualHash(greyFromRgba(data, 4)), width, height };
}
