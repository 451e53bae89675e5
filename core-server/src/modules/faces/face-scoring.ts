/**
 * Pure matching rules: how hits against confirmed faces become suggestions.
 * The choices here (aggregation, defaults) are measured by `npm run bench -- faceaccuracy`.
 */
import type { FaceHit } from './face-vector-index';

/** Mean of a person's best K similarities (fewer when the person has fewer confirmed faces). */
export const TOP_K = 3;
/** At most this many persons are suggested for one face. */
export const MAX_SUGGESTIONS = 3;
/** Hits are fetched this far below the threshold, so that a person's top-K mean sees their weaker faces too. */
export const SEARCH_SLACK = 0.25;
export const SEARCH_LIMIT = 256;

export type Aggregation = 'max' | 'topk-mean';

export interface PersonScore {
  personId: string;
  score: number;
  /** How many of the person's confirmed faces were among the hits. */
  faces: number;
}

/**
 * Scores each person from the hits on their confirmed faces. With `topk-mean`, a person's score is
 * the mean of their K best similarities, K = min(TOP_K, their number of confirmed faces); faces not
 * among the hits count as `floor` (they scored below it). One confirmed face gives its own score.
 */
export function scorePersons(hits: FaceHit[], counts: Map<string, number>, floor: number, aggregation: Aggregation = 'topk-mean', topK = TOP_K): PersonScore[] {
  const byPerson = new Map<string, number[]>();
  for (const h of hits) {
    if (!h.personId) continue;
    let list = byPerson.get(h.personId);
    if (!list) byPerson.set(h.personId, (list = []));
    list.push(h.score);
  }
  const out: PersonScore[] = [];
  for (const [personId, scores] of byPerson) {
    scores.sort((a, b) => b - a);
    let score: number;
    if (aggregation === 'max') score = scores[0]!;
    else {
      const k = Math.max(1, Math.min(topK, counts.get(personId) ?? scores.length));
      let sum = 0;
      for (let i = 0; i < k; i++) sum += scores[i] ?? floor;
      score = sum / k;
    }
    out.push({ personId, score, faces: scores.length });
  }
  return out.sort((a, b) => b.score - a.score);
}

export interface SuggestionRules {
  threshold: number;
  /** Persons never suggested for this face: rejected for it, minors (by default), already tagged in the photo. */
  excluded: Set<string>;
  max?: number;
}

export function chooseSuggestions(scores: PersonScore[], rules: SuggestionRules): PersonScore[] {
  return scores.filter((s) => s.score >= rules.threshold && !rules.excluded.has(s.personId)).slice(0, rules.max ?? MAX_SUGGESTIONS);
}

/** Intersection over union of two normalised boxes. */
export function iou(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

export function isMatchable(face: { detScore: number; sizePx: number }, settings: { faceMinScore: number; faceMinSizePx: number }): boolean {
  return face.detScore >= settings.faceMinScore && face.sizePx >= settings.faceMinSizePx;
}
