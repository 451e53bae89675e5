/**
 * Continuous coverage: consent given by several agreements that touch or overlap is one consent.
 * Intervals are half-open, [from, until), and a null `until` never ends.
 */
export interface ConsentInterval {
  from: Date;
  until: Date | null;
}

/**
 * The span of coverage that contains `now`, following agreements that start no later than the
 * previous one ends. null when nothing covers `now`; `end` null when the coverage never ends.
 */
export function continuousCoverage(intervals: readonly ConsentInterval[], now: Date): { end: Date | null } | null {
  const t = now.getTime();
  const covering = intervals.filter((i) => i.from.getTime() <= t && (i.until === null || i.until.getTime() > t));
  if (covering.length === 0) return null;
  if (covering.some((i) => i.until === null)) return { end: null };
  let end = Math.max(...covering.map((i) => (i.until as Date).getTime()));
  // Ascending starts: one pass extends the span through every interval that begins inside it.
  const later = intervals.filter((i) => i.until === null || i.until.getTime() > end).sort((a, b) => a.from.getTime() - b.from.getTime());
  for (const i of later) {
    if (i.from.getTime() > end) break;
    if (i.until === null) return { end: null };
    end = Math.max(end, i.until.getTime());
  }
  return { end: new Date(end) };
}
