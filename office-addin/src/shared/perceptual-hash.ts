/**
 * A 64-bit perceptual hash (DCT "pHash") of an image, so a resized or re-encoded copy of a bank image is still
 * recognised. Pure code: the task pane feeds it pixels from a canvas, the server from sharp, and both scale the
 * image to 32×32 grey first; scalers differ slightly, which the Hamming-distance threshold absorbs.
 */
export const PHASH_SIZE = 32;
const LOW = 8;
/** At most this many of the 64 bits may differ for two images to count as the same picture. */
export const PHASH_MATCH_DISTANCE = 10;

const cosines: number[][] = Array.from({ length: LOW }, (_, u) =>
  Array.from({ length: PHASH_SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_SIZE))),
);

/** Rec. 601 luma of RGBA pixels (a canvas's ImageData, or sharp's raw output with 4 channels). */
export function greyFromRgba(rgba: ArrayLike<number>, channels = 4): Float64Array {
  const grey = new Float64Array(rgba.length / channels);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = 0.299 * rgba[i * channels]! + 0.587 * rgba[i * channels + 1]! + 0.114 * rgba[i * channels + 2]!;
  }
  return grey;
}

/** The hash of a 32×32 grey image (row-major), as 16 hex digits. */
export function perceptualHash(grey: ArrayLike<number>): string {
  if (grey.length !== PHASH_SIZE * PHASH_SIZE) throw new Error(`perceptualHash needs ${PHASH_SIZE}×${PHASH_SIZE} grey pixels.`);
  // Only the 8×8 lowest frequencies are needed: a separable DCT-II restricted to them.
  const rows = new Float64Array(PHASH_SIZE * LOW);
  for (let y = 0; y < PHASH_SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < PHASH_SIZE; x++) sum += grey[y * PHASH_SIZE + x]! * cosines[u]![x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const coefficients: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < PHASH_SIZE; y++) sum += rows[y * LOW + u]! * cosines[v]![y]!;
      coefficients.push(sum);
    }
  }
  // The DC term is the mean brightness: leave it out of the median so exposure does not decide the bits.
  const median = [...coefficients.slice(1)].sort((a, b) => a - b)[31]!;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (coefficients[nibble * 4 + bit]! > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

/** How many of the 64 bits differ between two hashes. */
export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i++) {
    let x = parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}

export const PHASH_PATTERN = /^[0-9a-f]{16}$/;
