/**
 * Face detection and embedding with @vladmandic/human (MIT) on the tfjs WASM backend.
 * Runs inside a worker thread (face.worker.ts); nothing here leaves the machine:
 * the models are read from the package folder on disk, never fetched.
 *
 * Loading recipe (see the "Faces" notes of the environment): the package's `exports` hide the
 * WASM bundle, so it is required by path; wasmPath points at the local tfjs-backend-wasm files;
 * a tf.io load router reads model.json and its shards from disk; cacheSensitivity 0 so that no
 * result is reused between images; maxDetected raised from its default of 1.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { normalise } from './vector-kernel';

const require = createRequire(import.meta.url);

/** Vectors of different models are never compared: stored with each embedding. */
export const FACE_MODEL = 'human-3.3.6:blazeface+faceres:1024';
export const EMBEDDING_DIM = 1024;
/** Long side the image is scaled down to before detection (the detector itself works at 256 px). */
export const DETECT_MAX_SIDE = 1920;
/** A manual box is cropped with this much margin on each side before it is detected again. */
export const CROP_PADDING = 0.25;
/** Detections below this are dropped by the model; those above are stored, and suggested only above the tenant's faceMinScore. */
export const DETECT_FLOOR = 0.3;

export interface NormBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DetectedFace {
  /** Normalised to the image as displayed (EXIF-rotated), origin top-left. */
  box: NormBox;
  /** Detector confidence, 0..1. */
  score: number;
  /** Shorter side of the face box in pixels of the original image. */
  sizePx: number;
  /** L2-normalised embedding. */
  embedding: Float32Array;
}

export interface DetectRequest {
  path: string;
  /** Only this part of the image (a manual box), padded by CROP_PADDING; the best face inside it is returned. */
  region?: NormBox;
  maxPixels: number;
}

type HumanModule = typeof import('@vladmandic/human');
type HumanInstance = InstanceType<HumanModule['Human']>;

function packageDir(name: string): string {
  // Walk up from the resolved entry to the package's own folder (its `exports` may hide package.json).
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Cannot locate the ${name} package folder`);
    dir = up;
  }
}

let loading: Promise<HumanInstance> | null = null;

/** Loads the models once per thread. */
export function loadHuman(): Promise<HumanInstance> {
  loading ??= (async () => {
    const humanDir = packageDir('@vladmandic/human');
    const wasmDir = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep;
    const modelsDir = path.join(humanDir, 'models');
    const H = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as HumanModule;
    const tf = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
    tf.io.registerLoadRouter(((url: string | string[]) => {
      const u = String(url);
      if (!u.startsWith('disk://')) return null;
      return { load: () => readModelFromDisk(u.slice('disk://'.length)) };
    }) as unknown as Parameters<typeof tf.io.registerLoadRouter>[0]);
    // One WASM thread per worker: the pool already uses every core.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const human = new H.Human({
      backend: 'wasm',
      wasmPath: wasmDir,
      debug: false,
      async: false,
      warmup: 'none',
      cacheSensitivity: 0,
      modelBasePath: `disk://${modelsDir}${path.sep}`,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { enabled: true, rotation: true, maxDetected: 100, minConfidence: DETECT_FLOOR, return: false },
        mesh: { enabled: true },
        iris: { enabled: false },
        description: { enabled: true },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
        attention: { enabled: false },
        gear: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await human.load();
    await human.tf.ready();
    return human;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

async function readModelFromDisk(file: string) {
  const json = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  const dir = path.dirname(file);
  const weightSpecs = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(await fs.promises.readFile(path.join(dir, p)));
  }
  const all = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    // The embedding model's outputs are looked up by name through the signature.
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

interface Decoded {
  data: Buffer;
  width: number;
  height: number;
  /** Original (rotated) size of the decoded area, and where it sits in the full image. */
  area: { left: number; top: number; width: number; height: number };
  full: { width: number; height: number };
}

async function decode(req: DetectRequest): Promise<Decoded> {
  const input = () => sharp(req.path, { limitInputPixels: req.maxPixels, failOn: 'error' });
  const meta = await input().metadata();
  if (!meta.width || !meta.height) throw new Error('The image has no dimensions.');
  const rotated = (meta.orientation ?? 1) >= 5;
  const full = { width: rotated ? meta.height : meta.width, height: rotated ? meta.width : meta.height };
  let area = { left: 0, top: 0, width: full.width, height: full.height };
  let pipeline = input().rotate();
  if (req.region) {
    const r = req.region;
    const padX = r.w * CROP_PADDING;
    const padY = r.h * CROP_PADDING;
    const left = Math.max(0, Math.floor((r.x - padX) * full.width));
    const top = Math.max(0, Math.floor((r.y - padY) * full.height));
    const right = Math.min(full.width, Math.ceil((r.x + r.w + padX) * full.width));
    const bottom = Math.min(full.height, Math.ceil((r.y + r.h + padY) * full.height));
    if (right - left < 8 || bottom - top < 8) throw new Error('The box is too small to hold a face.');
    area = { left, top, width: right - left, height: bottom - top };
    // After rotate(): the extract applies to the image as displayed.
    pipeline = sharp(await pipeline.toBuffer()).extract(area);
  }
  const scale = Math.min(1, DETECT_MAX_SIDE / Math.max(area.width, area.height));
  if (scale < 1) pipeline = pipeline.resize(Math.round(area.width * scale), Math.round(area.height * scale), { fit: 'fill' });
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`Unexpected channel count ${info.channels}.`);
  return { data, width: info.width, height: info.height, area, full };
}

/** Detects every face (or the best one inside `region`) and embeds it. */
export async function detectFaces(req: DetectRequest): Promise<DetectedFace[]> {
  const human = await loadHuman();
  const img = await decode(req);
  const tensor = human.tf.tensor3d(new Int32Array(img.data), [img.height, img.width, 3], 'int32');
  let result;
  try {
    result = await human.detect(tensor);
  } finally {
    tensor.dispose();
  }
  const toOriginal = img.area.width / img.width;
  let faces: DetectedFace[] = [];
  for (const f of result.face) {
    if (!f.embedding || f.embedding.length !== EMBEDDING_DIM) continue;
    const [bx, by, bw, bh] = f.box;
    // Into full-image normalised coordinates, clamped inside the image.
    const x0 = clamp01((img.area.left + Math.max(0, bx) * toOriginal) / img.full.width);
    const y0 = clamp01((img.area.top + Math.max(0, by) * toOriginal) / img.full.height);
    const x1 = clamp01((img.area.left + Math.min(img.width, bx + bw) * toOriginal) / img.full.width);
    const y1 = clamp01((img.area.top + Math.min(img.height, by + bh) * toOriginal) / img.full.height);
    if (x1 - x0 <= 0 || y1 - y0 <= 0) continue;
    faces.push({
      box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
      score: round(f.boxScore ?? f.score, 4),
      sizePx: Math.round(Math.min(bw, bh) * toOriginal),
      embedding: normalise(Float32Array.from(f.embedding)),
    });
  }
  if (req.region && faces.length > 1) {
    // The face the editor drew: the one whose centre is nearest the box centre, larger ones first on ties.
    const r = req.region;
    const cx = r.x + r.w / 2;
    const cy = r.y + r.h / 2;
    const dist = (f: DetectedFace) => Math.hypot(f.box.x + f.box.w / 2 - cx, f.box.y + f.box.h / 2 - cy) - 1e-3 * f.sizePx;
    faces = [faces.reduce((a, b) => (dist(b) < dist(a) ? b : a))];
  }
  return faces;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
