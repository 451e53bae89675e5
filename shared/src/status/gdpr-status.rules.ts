/**
 * Pure GDPR status rules: given what is known about a file (legal basis, face boxes, persons and
 * their agreements), decide whether it may be used on a channel at `now`, until when, and when the
 * answer could next change by the mere passing of time. No I/O and no clock: `now` is a parameter.
 */
import { APPROVED_STATUSES, BASES_OUTSIDE_GDPR, BASES_WITHOUT_CONSENT } from '../domain/enums';
import type { GdprStatus, LegalBasis } from '../domain/enums';
import { continuousCoverage, type ConsentInterval } from './coverage.rules';
import type {
  AgreementFacts,
  PersonFacts,
  StatusInput,
  StatusReason,
  StatusResult,
  StatusRules,
} from './gdpr-status.types';

export type * from './gdpr-status.types';

const MS_PER_DAY = 86_400_000;

/** Why a person's consent fails, worst first: the overall status is the worst among the persons. */
const UNSATISFIED_PRIORITY = ['withdrawn', 'expired', 'consent_missing'] as const satisfies readonly GdprStatus[];
type PersonVerdict = (typeof UNSATISFIED_PRIORITY)[number];

/** How one person's consent stands on one channel: the same verdict the file's status is built from. */
export type PersonOutcome =
  | { satisfied: true; end: Date | null; reason: StatusReason }
  | { satisfied: false; verdict: PersonVerdict; reason: StatusReason };

// ---------------------------------------------------------------------------------------------
// Age

/**
 * The instant a person born on `birthDate` becomes an adult: 00:00 UTC on their `adultAge`-th
 * birthday, taken from the UTC calendar date of `birthDate` (its time of day is ignored).
 * A Feb 29 birthday falls on Mar 1 in non-leap years.
 */
export function adulthoodDate(birthDate: Date, adultAge: number): Date {
  const adulthood = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999. Day 29 of February
  // overflows to March 1 in a non-leap year, which is exactly the legal reading we want.
  adulthood.setUTCFullYear(birthDate.getUTCFullYear() + adultAge, birthDate.getUTCMonth(), birthDate.getUTCDate());
  return adulthood;
}

/** Whether the person is a minor at `now`. An unknown birth date counts as adult. */
export function isMinor(birthDate: Date | null, now: Date, adultAge: number): boolean {
  if (birthDate === null) return false;
  return now.getTime() < adulthoodDate(birthDate, adultAge).getTime();
}

// ---------------------------------------------------------------------------------------------
// Date helpers (null end = never ends)

function isAfter(date: Date, now: Date): boolean {
  return date.getTime() > now.getTime();
}

function isAtOrBefore(date: Date, now: Date): boolean {
  return date.getTime() <= now.getTime();
}

/** The earliest of the given ends; null ends are ignored, and all-null (or none) means "no end". */
function earliestEnd(ends: readonly (Date | null)[]): Date | null {
  let earliest: Date | null = null;
  for (const end of ends) {
    if (end !== null && (earliest === null || end.getTime() < earliest.getTime())) earliest = end;
  }
  return earliest;
}

/** The earliest candidate strictly after `now`, or null if there is none. */
function earliestAfter(now: Date, candidates: readonly (Date | null)[]): Date | null {
  return earliestEnd(candidates.filter((c): c is Date => c !== null && isAfter(c, now)));
}

// ---------------------------------------------------------------------------------------------
// Agreements

function isValidAt(agreement: AgreementFacts, now: Date): boolean {
  return (
    // A withdrawal dated in the future only takes effect then.
    (agreement.withdrawnAt === null || isAfter(agreement.withdrawnAt, now)) &&
    isAtOrBefore(agreement.validFrom, now) &&
    (agreement.validUntil === null || isAfter(agreement.validUntil, now))
  );
}

/** When a currently valid agreement stops counting: its end, or earlier if a withdrawal is scheduled. */
function effectiveEnd(agreement: AgreementFacts): Date | null {
  return earliestEnd([agreement.validUntil, agreement.withdrawnAt]);
}

/** The agreement that keeps the consent alive longest (null end beats any date; ties keep the first). */
function longestLasting(agreements: readonly AgreementFacts[]): AgreementFacts | undefined {
  let best: AgreementFacts | undefined;
  for (const candidate of agreements) {
    if (best === undefined) {
      best = candidate;
      continue;
    }
    const bestEnd = effectiveEnd(best);
    const candidateEnd = effectiveEnd(candidate);
    if (bestEnd !== null && (candidateEnd === null || candidateEnd.getTime() > bestEnd.getTime())) best = candidate;
  }
  return best;
}

/**
 * When the agreement counts for this person: from its start (for a minor's own signature, from the day
 * they come of age) to its effective end. null when it never counts.
 */
function countingInterval(agreement: AgreementFacts, adulthood: Date | null): ConsentInterval | null {
  const from = agreement.signedBy === 'subject' && adulthood !== null && adulthood > agreement.validFrom ? adulthood : agreement.validFrom;
  const until = effectiveEnd(agreement);
  return until !== null && until.getTime() <= from.getTime() ? null : { from, until };
}

// ---------------------------------------------------------------------------------------------
// Persons

/** One person's consent on one channel at `now` (for the register and the dashboard; files use it too). */
export function evaluatePersonConsent(person: PersonFacts, channel: string, now: Date, rules: StatusRules): PersonOutcome {
  return evaluatePerson(person.id, person, channel, now, rules);
}

function evaluatePerson(
  personId: string,
  person: PersonFacts | undefined,
  channel: string,
  now: Date,
  rules: StatusRules,
): PersonOutcome {
  // Defensive: a box pointing at a person we know nothing about cannot carry a consent.
  if (person === undefined) return { satisfied: false, verdict: 'consent_missing', reason: { code: 'consent_missing', personId } };
  // The GDPR protects living persons only.
  if (person.deceased) return { satisfied: true, end: null, reason: { code: 'person_deceased', personId } };

  const minor = isMinor(person.birthDate, now, rules.adultAge);
  const covering = person.agreements.filter((a) => a.channels.includes(channel));
  // A minor cannot consent alone: only what their guardian signed counts.
  const countable = minor ? covering.filter((a) => a.signedBy === 'guardian') : covering;

  const chosen = longestLasting(countable.filter((a) => isValidAt(a, now)));
  if (chosen !== undefined) {
    // Back-to-back agreements (a renewal signed in advance) are one continuous consent.
    const adulthood = minor && person.birthDate !== null ? adulthoodDate(person.birthDate, rules.adultAge) : null;
    const intervals = covering.flatMap((a) => countingInterval(a, adulthood) ?? []);
    const span = continuousCoverage(intervals, now);
    const end = span === null ? effectiveEnd(chosen) : span.end;
    return { satisfied: true, end, reason: { code: 'consent_valid', personId, agreementId: chosen.id, until: end } };
  }

  // A withdrawal is the person's explicit will, whoever signed the agreement, so it ranks first.
  const withdrawn = covering.find((a) => a.withdrawnAt !== null && isAtOrBefore(a.withdrawnAt, now));
  if (withdrawn !== undefined) {
    return { satisfied: false, verdict: 'withdrawn', reason: { code: 'consent_withdrawn', personId, agreementId: withdrawn.id } };
  }
  const expired = countable.find((a) => a.validUntil !== null && isAtOrBefore(a.validUntil, now));
  if (expired !== undefined) {
    const reason: StatusReason = { code: 'consent_expired', personId, agreementId: expired.id, until: expired.validUntil };
    return { satisfied: false, verdict: 'expired', reason };
  }
  const upcoming = countable.find((a) => isAfter(a.validFrom, now));
  if (upcoming !== undefined) {
    return { satisfied: false, verdict: 'consent_missing', reason: { code: 'consent_not_yet_valid', personId, agreementId: upcoming.id } };
  }
  const signedByMinorAlone = minor ? covering.find((a) => a.signedBy === 'subject' && isValidAt(a, now)) : undefined;
  if (signedByMinorAlone !== undefined) {
    return { satisfied: false, verdict: 'consent_missing', reason: { code: 'guardian_required', personId, agreementId: signedByMinorAlone.id } };
  }
  return { satisfied: false, verdict: 'consent_missing', reason: { code: 'consent_missing', personId } };
}

/** Instants at which this person's outcome on `channel` may flip by itself. */
function personChangeInstants(person: PersonFacts, channel: string, now: Date, rules: StatusRules): (Date | null)[] {
  const instants: (Date | null)[] = [];
  for (const agreement of person.agreements) {
    if (agreement.channels.includes(channel)) instants.push(agreement.validFrom, agreement.validUntil, agreement.withdrawnAt);
  }
  // Becoming adult lets subject-signed agreements count.
  if (person.birthDate !== null && isMinor(person.birthDate, now, rules.adultAge)) {
    instants.push(adulthoodDate(person.birthDate, rules.adultAge));
  }
  return instants;
}

// ---------------------------------------------------------------------------------------------
// Results

/** Statuses that no passage of time can change (they wait for data), hence nextChangeAt null. */
function settled(status: GdprStatus, reasons: StatusReason[]): StatusResult {
  return { status, approved: false, approvedUntil: null, nextChangeAt: null, reasons };
}

function approvedResult(
  approvedUntil: Date | null,
  reasons: StatusReason[],
  changeInstants: (Date | null)[],
  now: Date,
  rules: StatusRules,
): StatusResult {
  let status: GdprStatus = 'approved';
  let warningStart: Date | null = null;
  if (approvedUntil !== null && rules.warningLeadDays > 0) {
    warningStart = new Date(approvedUntil.getTime() - rules.warningLeadDays * MS_PER_DAY);
    if (isAtOrBefore(warningStart, now)) {
      status = 'expiring';
      reasons = [...reasons, { code: 'expiring_soon', until: approvedUntil }];
    }
  }
  const nextChangeAt = earliestAfter(now, [...changeInstants, warningStart, approvedUntil]);
  return { status, approved: APPROVED_STATUSES.includes(status), approvedUntil, nextChangeAt, reasons };
}

function evaluateWithoutConsent(basis: LegalBasis, basisValidUntil: Date | null, now: Date, rules: StatusRules): StatusResult {
  if (basisValidUntil !== null && isAtOrBefore(basisValidUntil, now)) {
    return settled('expired', [{ code: 'basis_expired', until: basisValidUntil }]);
  }
  const code = BASES_OUTSIDE_GDPR.includes(basis) ? 'basis_outside_gdpr' : 'basis_without_consent';
  return approvedResult(basisValidUntil, [{ code, until: basisValidUntil }], [basisValidUntil], now, rules);
}

function evaluateConsent(input: StatusInput, channel: string, now: Date, rules: StatusRules): StatusResult {
  const unknownBoxReasons: StatusReason[] = input.boxes
    .filter((box) => box.personId === null)
    .map((box) => ({ code: 'unknown_box', boxId: box.id }));
  // Distinct named persons, in the order their first box appears.
  const namedPersonIds = [...new Set(input.boxes.flatMap((box) => (box.personId === null ? [] : [box.personId])))];

  if (namedPersonIds.length === 0) return settled('persons_missing', [{ code: 'no_persons' }, ...unknownBoxReasons]);
  // Until every face is identified, consents of the known ones cannot approve the file.
  if (unknownBoxReasons.length > 0) return settled('persons_missing', unknownBoxReasons);

  const personsById = new Map<string, PersonFacts>();
  for (const person of input.persons) if (!personsById.has(person.id)) personsById.set(person.id, person);

  const reasons: StatusReason[] = [];
  const ends: (Date | null)[] = [];
  const verdicts = new Set<PersonVerdict>();
  const changeInstants: (Date | null)[] = [input.basisValidUntil];
  for (const personId of namedPersonIds) {
    const person = personsById.get(personId);
    const outcome = evaluatePerson(personId, person, channel, now, rules);
    reasons.push(outcome.reason);
    // While consent holds, only the end of its continuous span can change it; otherwise any boundary may.
    if (outcome.satisfied) {
      ends.push(outcome.end);
      changeInstants.push(outcome.end);
    } else {
      verdicts.add(outcome.verdict);
      if (person !== undefined) changeInstants.push(...personChangeInstants(person, channel, now, rules));
    }
  }

  const worst = UNSATISFIED_PRIORITY.find((verdict) => verdicts.has(verdict));
  if (worst !== undefined) {
    const nextChangeAt = earliestAfter(now, changeInstants);
    return { status: worst, approved: false, approvedUntil: null, nextChangeAt, reasons };
  }
  return approvedResult(earliestEnd(ends), reasons, changeInstants, now, rules);
}

/**
 * The GDPR status of one file on one channel at `now`.
 * See docs of {@link StatusResult} for the meaning of each field.
 */
export function evaluateGdprStatus(input: StatusInput, channel: string, now: Date, rules: StatusRules): StatusResult {
  if (input.basis === null) return settled('unhandled', [{ code: 'basis_missing' }]);
  if (BASES_WITHOUT_CONSENT.includes(input.basis)) return evaluateWithoutConsent(input.basis, input.basisValidUntil, now, rules);
  return evaluateConsent(input, channel, now, rules);
}
