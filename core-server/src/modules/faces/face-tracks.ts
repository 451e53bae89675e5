/**
 * Pure: the faces detected in a video's sampled frames merged into one track per person, so that a video
 * with two people gives two unknown faces, not one per frame. A face joins the track it resembles (or the
 * one it continues in place from the previous sample); tracks of one person split by a cut or an absence
 * are joined afterwards, unless they were ever on screen together.
 */
import type { DetectedFace } from './face-engine';
import { iou } from './face-scoring';

export interface FrameFaces {
  atMs: number;
  faces: DetectedFace[];
  /** A cut just before this frame: nobody continues in place across it (a new shot can put someone else there). */
  cut?: boolean;
}

export interface FaceTrack extends DetectedFace {
  startMs: number;
  endMs: number;
  /** The frame where the face is clearest (largest and most confident): its box, score and size are that frame's. */
  frameMs: number;
  detections: number;
}

export interface TrackRules {
  /** Similarity to a track's mean face that makes a face that track's (and joins split tracks). */
  same: number;
  /** Lower similarity that still continues a track when the face is where it was one sample before. */
  continued: number;
  /** How far apart two samples may be for a face to continue in place. */
  maxGapMs: number;
}

// Measured on the fixture photos (faceres): the same person 0.78–0.94 across frames, different men up to 0.50.
export const DEFAULT_TRACK_RULES: TrackRules = { same: 0.6, continued: 0.55, maxGapMs: 3_000 };

interface Work {
  sum: Float32Array;
  count: number;
  startMs: number;
  endMs: number;
  last: { atMs: number; box: DetectedFace['box'] };
  best: { face: DetectedFace; atMs: number; quality: number };
  seenAt: Set<number>;
}

function normalised(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * scale;
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

const quality = (f: DetectedFace) => f.score * f.sizePx;

function start(face: DetectedFace, atMs: number): Work {
  return { sum: Float32Array.from(face.embedding), count: 1, startMs: atMs, endMs: atMs, last: { atMs, box: face.box }, best: { face, atMs, quality: quality(face) }, seenAt: new Set([atMs]) };
}

function add(t: Work, face: DetectedFace, atMs: number): void {
  for (let i = 0; i < t.sum.length; i++) t.sum[i]! += face.embedding[i]!;
  t.count++;
  t.startMs = Math.min(t.startMs, atMs);
  t.endMs = Math.max(t.endMs, atMs);
  t.last = { atMs, box: face.box };
  t.seenAt.add(atMs);
  if (quality(face) > t.best.quality) t.best = { face, atMs, quality: quality(face) };
}

function join(into: Work, from: Work): void {
  for (let i = 0; i < into.sum.length; i++) into.sum[i]! += from.sum[i]!;
  into.count += from.count;
  into.startMs = Math.min(into.startMs, from.startMs);
  into.endMs = Math.max(into.endMs, from.endMs);
  for (const at of from.seenAt) into.seenAt.add(at);
  if (from.best.quality > into.best.quality) into.best = from.best;
}

const together = (a: Work, b: Work) => [...a.seenAt].some((at) => b.seenAt.has(at));

export function buildTracks(frames: FrameFaces[], rules: TrackRules = DEFAULT_TRACK_RULES): FaceTrack[] {
  const tracks: Work[] = [];
  for (const frame of [...frames].sort((a, b) => a.atMs - b.atMs)) {
    const taken = new Set<Work>();
    for (const face of [...frame.faces].sort((a, b) => b.score - a.score)) {
      let chosen: Work | null = null;
      let chosenSimilarity = -Infinity;
      for (const t of tracks) {
        if (taken.has(t)) continue; // one face per person in a frame
        const similarity = cosine(face.embedding, normalised(t.sum));
        const inPlace = !frame.cut && frame.atMs - t.last.atMs <= rules.maxGapMs && iou(face.box, t.last.box) >= 0.3;
        if ((similarity >= rules.same || (inPlace && similarity >= rules.continued)) && similarity > chosenSimilarity) {
          chosen = t;
          chosenSimilarity = similarity;
        }
      }
      if (chosen) add(chosen, face, frame.atMs);
      else tracks.push((chosen = start(face, frame.atMs)));
      taken.add(chosen);
    }
  }
  // A person seen again after a cut started a second track: join the pair most alike first, again and again.
  for (;;) {
    let pair: [number, number] | null = null;
    let best = rules.same;
    for (let i = 0; i < tracks.length; i++) {
      for (let j = i + 1; j < tracks.length; j++) {
        if (together(tracks[i]!, tracks[j]!)) continue;
        const similarity = cosine(normalised(tracks[i]!.sum), normalised(tracks[j]!.sum));
        if (similarity >= best) [pair, best] = [[i, j], similarity];
      }
    }
    if (!pair) break;
    join(tracks[pair[0]]!, tracks[pair[1]]!);
    tracks.splice(pair[1], 1);
  }
  return tracks
    .sort((a, b) => a.startMs - b.startMs)
    .map((t) => ({ ...t.best.face, embedding: normalised(t.sum), startMs: t.startMs, endMs: t.endMs, frameMs: t.best.atMs, detections: t.count }));
}
