import type { Person } from './api';

export const personRef = (p: Pick<Person, 'ref'>) => `P-${String(p.ref).padStart(4, '0')}`;

/** Age in whole years at `now` from a YYYY-MM-DD birth date. */
export function ageOf(birthDate: string | null, now = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age--;
  return age;
}
