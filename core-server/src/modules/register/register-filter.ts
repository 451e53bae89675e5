import { personConsentEnd, type PersonListQuery } from '@likeness/shared';
import { toConsentSubject, type PersonConsentRow } from '../../kernel/consent-subject';
import type { TenantSettings } from '../../kernel/tenant-settings';
import type { PersonFilter } from './person.repository';

const DAY = 86_400_000;

/** Consent that holds now and ends by `until` (undefined: not held now; null: never ends). */
const endsBy = (end: Date | null | undefined, until: Date) => end !== undefined && end !== null && end.getTime() <= until.getTime();

/** The instant before which persons born after it are minors at `now`. */
export function adultsBornBefore(now: Date, adultAge: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - adultAge);
  return d;
}

/**
 * One register filter as the database narrows it and the rules decide it (for `expiring`, a renewal
 * carries consent on, so candidates are checked by the person rule). The list and the counts use it.
 */
export function registerFilter(q: Pick<PersonListQuery, 'q' | 'filter' | 'days'>, now: Date, settings: TenantSettings) {
  // Phone numbers are stored as digits; "070-123 45 67" should still find them.
  const phoneLike = q.q && /^[+0-9 ()-]{5,}$/.test(q.q);
  const filter: PersonFilter = { q: phoneLike ? q.q!.replace(/[^0-9+]/g, '') : q.q };
  const bornBefore = adultsBornBefore(now, settings.adultAge);
  const until = new Date(now.getTime() + (q.days ?? settings.warningLeadDays) * DAY);
  if (q.filter === 'missing_consent') filter.missingConsent = { now, adultsBornBefore: bornBefore };
  if (q.filter === 'expiring') filter.expiring = { now, until };
  if (q.filter === 'withdrawn') filter.withdrawnBefore = now;
  if (q.filter === 'minors') filter.bornAfter = bornBefore;
  const keep = q.filter === 'expiring' ? (p: PersonConsentRow) => endsBy(personConsentEnd(toConsentSubject(p), now, settings), until) : null;
  return { filter, keep };
}
