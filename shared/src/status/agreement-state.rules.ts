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

/**
 * One word for a person's consent now, for lists, filters and colour codes: the best of their channels,
 * each judged by the status rules themselves (guardians for minors, back-to-back agreements as one span).
 */
export function personConsentState(person: ConsentSubject, now: Date, rules: StatusRules): PersonConsentState | 'deceased';
/** @deprecated transitional: channel-blind summary, until every caller passes the person. */
export function personConsentState(agreements: AgreementTimes[], now: Date, leadDays: number): PersonConsentState;
export function personConsentState(
  subject: ConsentSubject | AgreementTimes[],
  now: Date,
  rulesOrLead: StatusRules | number,
): PersonConsentState | 'deceased' {
  if (Array.isArray(subject)) {
    const states = new Set(subject.map((a) => agreementState(a, now, rulesOrLead as number)));
    for (const state of ['valid', 'expiring', 'withdrawn', 'expired'] as const) if (states.has(state)) return state;
    return 'missing';
  }
  const person = subject;
  const rules = rulesOrLead as StatusRules;
  // The GDPR protects living persons only: the rules approve their files without consent.
  if (person.deceased) return 'deceased';
  const facts: PersonFacts = {
    id: person.id,
    birthDate: person.birthDate,
    deceased: false,
    agreements: person.agreements.map((a, i) => ({ id: 'id' in a ? a.id : String(i), ...a })),
  };
  const channels = [...new Set(facts.agreements.flatMap((a) => a.channels))];
  const outcomes = channels.map((channel) => evaluatePersonConsent(facts, channel, now, rules));
  const lead = rules.warningLeadDays * DAY;
  const lasting = (end: Date | null) => end === null || rules.warningLeadDays <= 0 || end.getTime() - now.getTime() > lead;
  if (outcomes.some((o) => o.satisfied && lasting(o.end))) return 'valid';
  if (outcomes.some((o) => o.satisfied)) return 'expiring';
  const verdicts = new Set(outcomes.flatMap((o) => (o.satisfied ? [] : [o.verdict])));
  if (verdicts.has('withdrawn')) return 'withdrawn';
  if (verdicts.has('expired')) return 'expired';
  return 'missing';
}
