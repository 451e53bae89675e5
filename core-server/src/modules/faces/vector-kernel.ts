/**
 * Vector helpers for face embeddings: L2 normalisation, (de)serialisation for the database,
 * int8 quantisation, and a tiny WebAssembly SIMD kernel for the coarse scan of large indexes.
 *
 * Why a kernel: an exact scan of 100,000 × 1024 float32 vectors reads 400 MB per query, which alone
 * takes ~35 ms at this machine's memory bandwidth (and ~170 ms as a plain JS loop). The int8 copy
 * is a quarter of that and the SIMD loop keeps up with memory; the best candidates are then
 * re-scored exactly from the float32 vectors, so the scores that decide anything are exact.
 */

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

export function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[k]! * b[bOffset + k]!;
    s1 += a[k + 1]! * b[bOffset + k + 1]!;
    s2 += a[k + 2]! * b[bOffset + k + 2]!;
    s3 += a[k + 3]! * b[bOffset + k + 3]!;
  }
  for (; k < n; k++) s0 += a[k]! * b[bOffset + k]!;
  return s0 + s1 + s2 + s3;
}

/** float32 little-endian bytes, as stored in FaceEmbedding.vector. */
export function toBytes(v: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(v.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i]!, true);
  return out;
}

export function fromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Symmetric per-vector int8 quantisation: v ≈ q × scale. */
export function quantise(v: Float32Array, into: Int8Array, offset = 0): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max > 0 ? max / 127 : 1;
  for (let i = 0; i < v.length; i++) into[offset + i] = Math.round(v[i]! / scale);
  return scale;
}

// ---------------------------------------------------------------------------------------------
// WebAssembly SIMD kernel, assembled here from its opcodes (no toolchain needed):
//
//   (func $scan (param $q i32) (param $rows i32) (param $n i32) (param $dim i32) (param $out i32)
//     for r in 0..n: out[r] = Σ_k rows[r*dim + k] (i8) × q[k] (i16)       ;; dim a multiple of 16
//
// using v128.load, i16x8.extend_{low,high}_i8x16_s, i32x4.dot_i16x8_s and i32x4.add.
// The query is passed pre-widened to int16 so each 16-byte row chunk needs two dot instructions.

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const str = (s: string) => [...leb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32store: 0x36,
  i32const: 0x41,
  i32eqz: 0x45,
  i32ltu: 0x49,
  i32add: 0x6a,
  i32shl: 0x74,
  simd: 0xfd,
};
const simd = (code: number, ...imm: number[]) => [op.simd, ...leb(code), ...imm];
const v128load = (offset: number) => simd(0x00, 0x00, ...leb(offset)); // align hint 1 byte, offset
const v128const0 = simd(0x0c, ...new Array(16).fill(0));
const extendLowS = simd(0x87);
const extendHighS = simd(0x88);
const dotI16 = simd(0xba);
const addI32x4 = simd(0xae);
const laneI32 = (lane: number) => simd(0x1b, lane);

// params: 0 q, 1 rows, 2 n, 3 dim, 4 out; locals: 5 r, 6 k, 7 rowp, 8 acc (v128), 9 v (v128)
const [Q, ROWS, N, DIM, OUT, R, K, ROWP, ACC, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const qAddr = [op.get, Q, op.get, K, op.i32const, 1, op.i32shl, op.i32add];
const body = [
  2, 3, I32, 2, V128, // locals
  op.block, 0x40,
  op.get, N, op.i32eqz, op.brIf, 0,
  op.get, ROWS, op.set, ROWP,
  op.i32const, 0, op.set, R,
  op.loop, 0x40,
  ...v128const0, op.set, ACC,
  op.i32const, 0, op.set, K,
  op.loop, 0x40,
  op.get, ROWP, op.get, K, op.i32add, ...v128load(0), op.set, V,
  op.get, ACC,
  op.get, V, ...extendLowS, ...qAddr, ...v128load(0), ...dotI16, ...addI32x4,
  op.get, V, ...extendHighS, ...qAddr, ...v128load(16), ...dotI16, ...addI32x4,
  op.set, ACC,
  op.get, K, op.i32const, 16, op.i32add, op.tee, K,
  op.get, DIM, op.i32ltu, op.brIf, 0,
  op.end,
  op.get, OUT, op.get, R, op.i32const, 2, op.i32shl, op.i32add,
  op.get, ACC, ...laneI32(0),
  op.get, ACC, ...laneI32(1), op.i32add,
  op.get, ACC, ...laneI32(2), op.i32add,
  op.get, ACC, ...laneI32(3), op.i32add,
  op.i32store, 2, 0,
  op.get, ROWP, op.get, DIM, op.i32add, op.set, ROWP,
  op.get, R, op.i32const, 1, op.i32add, op.tee, R,
  op.get, N, op.i32ltu, op.brIf, 0,
  op.end,
  op.end,
  op.end,
];

const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
  ...section(2, [1, ...str('env'), ...str('mem'), 0x02, 0x00, 0x01]),
  ...section(3, [1, 0]),
  ...section(7, [1, ...str('scan'), 0x00, 0]),
  ...section(10, [1, ...leb(body.length), ...body]),
]);

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (the JS path is used then). */
export function simdKernel(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = WebAssembly.validate(MODULE_BYTES) ? new WebAssembly.Module(MODULE_BYTES) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

export type ScanFn = (q: number, rows: number, n: number, dim: number, out: number) => void;

export function instantiateKernel(memory: WebAssembly.Memory): ScanFn | null {
  const mod = simdKernel();
  if (!mod) return null;
  const instance = new WebAssembly.Instance(mod, { env: { mem: memory } });
  return instance.exports.scan as ScanFn;
}
