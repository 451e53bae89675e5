import { describe, expect, it } from 'vitest';
import { buildTracks, type FrameFaces } from '../src/modules/faces/face-tracks';
import type { DetectedFace } from '../src/modules/faces/face-engine';

/** A unit vector near `base` (a person) with `noise` of a second direction: cosine to base = cos(angle). */
function embedding(person: number, similarityToPerson = 1, dims = 64): Float32Array {
  const v = new Float32Array(dims);
  v[person] = similarityToPerson;
  v[dims - 1 - person] = Math.sqrt(1 - similarityToPerson ** 2);
  return v;
}

const face = (person: number, box = { x: 0.3, y: 0.2, w: 0.2, h: 0.3 }, similarity = 1, score = 0.9, sizePx = 120): DetectedFace => ({ box, score, sizePx, embedding: embedding(person, similarity) });
const frames = (...list: Array<[number, DetectedFace[]]>): FrameFaces[] => list.map(([atMs, faces]) => ({ atMs, faces }));

describe('face tracks in a video', () => {
  it('one track per person: a person who comes back after a cut is the same track, with the whole span', () => {
    const tracks = buildTracks(frames([0, [face(1)]], [1000, [face(1)]], [2000, [face(2)]], [3000, [face(2)]], [4000, [face(1, { x: 0.6, y: 0.2, w: 0.2, h: 0.3 })]]));
    expect(tracks.map((t) => [t.startMs, t.endMs, t.detections])).toEqual([
      [0, 4000, 3],
      [2000, 3000, 2],
    ]);
  });

  it('two people on screen together stay two tracks, even when they look alike', () => {
    const left = { x: 0.1, y: 0.2, w: 0.2, h: 0.3 };
    const right = { x: 0.6, y: 0.2, w: 0.2, h: 0.3 };
    // Twins: person 2 is person 1 at cosine 0.7 (above the "same" rule).
    const twin = (): DetectedFace => ({ box: right, score: 0.8, sizePx: 100, embedding: (() => { const v = embedding(1, 0.7); return v; })() });
    const tracks = buildTracks(frames([0, [face(1, left), twin()]], [1000, [face(1, left), twin()]]));
    expect(tracks).toHaveLength(2);
    expect(tracks.map((t) => t.detections)).toEqual([2, 2]);
  });

  it('a face that turns away continues its track where it was; the same likeness elsewhere later is someone new', () => {
    const turned = face(1, undefined, 0.57); // below "same" (0.6), above "continued" (0.55)
    expect(buildTracks(frames([0, [face(1)]], [1000, [turned]]))).toHaveLength(1);
    // After a cut, someone else in the same place is someone else.
    expect(buildTracks([{ atMs: 0, faces: [face(1)] }, { atMs: 1000, faces: [turned], cut: true }])).toHaveLength(2);
    const elsewhereLater = face(1, { x: 0.75, y: 0.6, w: 0.2, h: 0.3 }, 0.57);
    expect(buildTracks(frames([0, [face(1)]], [10_000, [elsewhereLater]]))).toHaveLength(2);
  });

  it('keeps the clearest frame (largest, most confident) as the box, and a unit mean embedding', () => {
    const small = face(3, { x: 0.1, y: 0.1, w: 0.1, h: 0.1 }, 1, 0.6, 40);
    const clear = face(3, { x: 0.12, y: 0.1, w: 0.3, h: 0.4 }, 1, 0.95, 200);
    const [track] = buildTracks(frames([500, [small]], [1500, [clear]], [2500, [small]]));
    expect(track).toMatchObject({ frameMs: 1500, box: clear.box, score: 0.95, sizePx: 200, startMs: 500, endMs: 2500 });
    const norm = Math.sqrt(track!.embedding.reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('no faces, no tracks; frames out of order are read in time order', () => {
    expect(buildTracks([])).toEqual([]);
    expect(buildTracks(frames([2000, [face(1)]], [0, [face(1)]])).map((t) => [t.startMs, t.endMs])).toEqual([[0, 2000]]);
  });
});
