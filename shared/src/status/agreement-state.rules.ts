import type { PersonConsentState } from '../schemas/person.schema';
import { evaluatePersonConsent } from './gdpr-status.rules';
import type { AgreementFacts, PersonFacts, StatusRules } from './gdpr-status.types';

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

/** What the register needs of a person to say where their consent stands. */
export interface ConsentSubject {
  id: string;
  birthDate: Date | null;
  deceased: boolean;
  agreements: Omit<AgreementFacts, 'id'>[] | AgreementFacts[];
}

function toPersonFacts(person: ConsentSubject): PersonFacts {
  return {
    id: person.id,
    birthDate: person.birthDate,
    deceased: false,
    agreements: person.agreements.map((a, i) => ({ id: 'id' in a ? a.id : String(i), ...a })),
  };
}

/**
 * How long the person's consent lasts from `now`, over their best channel, by the status rules (guardians
 * for minors, back-to-back agreements as one span): undefined when nothing covers them now, null when it
 * never ends.
 */
export function personConsentEnd(person: ConsentSubject, now: Date, rules: StatusRules): Date | null | undefined {
  const facts = toPersonFacts(person);
  let best: Date | null | undefined;
  for (const channel of new Set(facts.agreements.flatMap((a) => a.channels))) {
    const outcome = evaluatePersonConsent(facts, channel, now, rules);
    if (!outcome.satisfied) continue;
    if (outcome.end === null) return null;
    if (best === undefined || (best !== null && outcome.end > best)) best = outcome.end;
  }
  return best;
}

/**
 * One word for a person's consent now, for lists, filters and colour codes: the best of their channels,
 * each judged by the status rules themselves.
 */
export function personConsentState(person: ConsentSubject, now: Date, rules: StatusRules): PersonConsentState {
  // The GDPR protects living persons only: the rules approve their files without consent.
  if (person.deceased) return 'deceased';
  const end = personConsentEnd(person, now, rules);
  if (end === null || (end !== undefined && (rules.warningLeadDays <= 0 || end.getTime() - now.getTime() > rules.warningLeadDays * DAY))) return 'valid';
  if (end !== undefined) return 'expiring';
  const facts = toPersonFacts(person);
  const verdicts = new Set<string>();
  for (const channel of new Set(facts.agreements.flatMap((a) => a.channels))) {
    const outcome = evaluatePersonConsent(facts, channel, now, rules);
    if (!outcome.satisfied) verdicts.add(outcome.verdict);
  }
  if (verdicts.has('withdrawn')) return 'withdrawn';
  if (verdicts.has('expired')) return 'expired';
  return 'missing';
}

/**
 * Whether the end of this agreement is the end of the person's consent on any of its channels: false when a
 * renewal (or another agreement) carries the consent on without a gap, so no expiry warning is due.
 */
export function agreementEndsConsent(agreement: Omit<AgreementFacts, 'id'>, person: ConsentSubject, rules: StatusRules): boolean {
  const ends = [agreement.validUntil, agreement.withdrawnAt].filter((d): d is Date => d !== null);
  if (ends.length === 0) return false;
  const end = new Date(Math.min(...ends.map((d) => d.getTime())));
  const justBefore = new Date(end.getTime() - 1);
  const facts = toPersonFacts(person);
  return agreement.channels.some((channel) => {
    const outcome = evaluatePersonConsent(facts, channel, justBefore, rules);
    return outcome.satisfied && outcome.end !== null && outcome.end.getTime() <= end.getTime();
  });
}
