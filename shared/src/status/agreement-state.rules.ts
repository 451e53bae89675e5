import type { PersonConsentState } from '../schemas/person.schema';

const DAY = 86_400_000;

export type AgreementState = 'valid' | 'expiring' | 'not_yet_valid' | 'expired' | 'withdrawn';

export interface AgreementTimes {
  validFrom: Date;
  validUntil: Date | null;
  withdrawnAt: Date | null;
}

/** One agreement at `now`, by the same clock as the status rules: a withdrawal dated later ends it then. */
export function agreementState(a: AgreementTimes, now: Date, leadDays: number): AgreementState {
  if (a.withdrawnAt && a.withdrawnAt <= now) return 'withdrawn';
  if (a.validFrom > now) return 'not_yet_valid';
  if (a.validUntil && a.validUntil <= now) return 'expired';
  const ends = [a.validUntil, a.withdrawnAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
  const end = ends.length ? Math.min(...ends) : null;
  if (end !== null && leadDays > 0 && end - now.getTime() <= leadDays * DAY) return 'expiring';
  return 'valid';
}

/** One word for a person's consent over all their agreements now, for lists and colour codes. */
export function personConsentState(agreements: AgreementTimes[], now: Date, leadDays: number): PersonConsentState {
  const states = new Set(agreements.map((a) => agreementState(a, now, leadDays)));
  for (const state of ['valid', 'expiring', 'withdrawn', 'expired'] as const) if (states.has(state)) return state;
  return 'missing';
}
