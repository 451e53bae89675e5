import { describe, expect, it } from 'vitest';
import { LEGAL_BASES } from '../src/domain/enums';
import type { LegalBasis } from '../src/domain/enums';
import { adulthoodDate, evaluateGdprStatus, isMinor } from '../src/status/gdpr-status.rules';
import type {
  AgreementFacts,
  PersonFacts,
  StatusInput,
  StatusReason,
  StatusResult,
  StatusRules,
} from '../src/status/gdpr-status.rules';

const DAY = 86_400_000;
const NOW = new Date('2025-06-15T12:00:00.000Z');
const RULES: StatusRules = { warningLeadDays: 30, adultAge: 18 };

/** Before every `now` used below, so that default agreements have already started. */
const LONG_AGO = new Date('2000-01-01T00:00:00.000Z');

/** NOW shifted by whole days (and optionally milliseconds). */
const at = (days: number, ms = 0): Date => new Date(NOW.getTime() + days * DAY + ms);

function agreement(id: string, facts: Partial<AgreementFacts> = {}): AgreementFacts {
  return { id, channels: ['web'], validFrom: LONG_AGO, validUntil: null, withdrawnAt: null, signedBy: 'subject', ...facts };
}

function person(id: string, agreements: AgreementFacts[], facts: Partial<PersonFacts> = {}): PersonFacts {
  return { id, birthDate: null, deceased: false, agreements, ...facts };
}

/** A consent-based file with one box per given person id (null = unidentified face). */
function consentFile(boxPersonIds: (string | null)[], persons: PersonFacts[]): StatusInput {
  return {
    basis: 'consent',
    basisValidUntil: null,
    boxes: boxPersonIds.map((personId, i) => ({ id: `b${i + 1}`, personId })),
    persons,
  };
}

function basisFile(basis: LegalBasis | null, basisValidUntil: Date | null = null): StatusInput {
  return { basis, basisValidUntil, boxes: [], persons: [] };
}

/** A minor at NOW: turns 18 on 2030-01-01. */
const MINOR_BIRTH = new Date('2012-01-01T00:00:00.000Z');

interface Case {
  name: string;
  input: StatusInput;
  channel?: string;
  now?: Date;
  rules?: Partial<StatusRules>;
  expected: Partial<Omit<StatusResult, 'reasons'>> & { reasons?: Partial<StatusReason>[] };
}

const NON_CONSENT_BASES = LEGAL_BASES.filter((b) => b !== 'consent');
const OUTSIDE_GDPR: LegalBasis[] = ['no_identifiable_persons', 'historical', 'artistic_journalistic'];

const cases: Case[] = [
  // --- Rule 1: no basis -------------------------------------------------------------------------
  {
    name: 'no basis → unhandled',
    input: { ...consentFile(['p1'], [person('p1', [agreement('a1')])]), basis: null },
    expected: { status: 'unhandled', approved: false, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'basis_missing' }] },
  },

  // --- Rule 2: bases without consent ------------------------------------------------------------
  ...NON_CONSENT_BASES.map(
    (basis): Case => ({
      name: `basis ${basis} without end → approved forever`,
      input: basisFile(basis),
      expected: {
        status: 'approved',
        approved: true,
        approvedUntil: null,
        nextChangeAt: null,
        reasons: [{ code: OUTSIDE_GDPR.includes(basis) ? 'basis_outside_gdpr' : 'basis_without_consent' }],
      },
    }),
  ),
  {
    name: 'public task (Art. 6(1)(e)) with an end date → approved until it, then expired',
    input: basisFile('public_task', at(100)),
    expected: { status: 'approved', approved: true, approvedUntil: at(100), reasons: [{ code: 'basis_without_consent', until: at(100) }] },
  },
  {
    name: 'legal obligation whose end date has passed → expired',
    input: basisFile('legal_obligation', at(-1)),
    expected: { status: 'expired', approved: false, approvedUntil: null, reasons: [{ code: 'basis_expired', until: at(-1) }] },
  },
  {
    name: 'vital interests ignore the persons in the file, as every basis without consent does',
    input: { ...consentFile([null, 'p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-1) })])]), basis: 'vital_interests' },
    expected: { status: 'approved', approved: true, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'basis_without_consent' }] },
  },
  {
    name: 'non-consent basis ignores unknown boxes and withdrawn persons',
    input: {
      ...consentFile([null, 'p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-1) })])]),
      basis: 'legitimate_interest',
    },
    expected: { status: 'approved', approved: true, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'basis_without_consent' }] },
  },
  {
    name: 'licence ending far ahead → approved until its end, wakes up at the warning start',
    input: basisFile('external_licence', at(100)),
    expected: { status: 'approved', approved: true, approvedUntil: at(100), nextChangeAt: at(70) },
  },
  {
    name: 'licence ending exactly now → expired',
    input: basisFile('external_licence', NOW),
    expected: { status: 'expired', approved: false, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'basis_expired', until: NOW }] },
  },
  {
    name: 'licence ended in the past → expired, nothing more to wait for',
    input: basisFile('contract', at(-5)),
    expected: { status: 'expired', approved: false, nextChangeAt: null },
  },
  {
    name: 'licence ending 1 ms from now → expiring',
    input: basisFile('external_licence', at(0, 1)),
    expected: {
      status: 'expiring',
      approved: true,
      approvedUntil: at(0, 1),
      nextChangeAt: at(0, 1),
      reasons: [{ code: 'basis_without_consent' }, { code: 'expiring_soon', until: at(0, 1) }],
    },
  },
  {
    name: 'lead-time boundary: end exactly warningLeadDays away → expiring',
    input: basisFile('historical', at(30)),
    expected: { status: 'expiring', approved: true, approvedUntil: at(30), nextChangeAt: at(30) },
  },
  {
    name: 'lead-time boundary: end warningLeadDays + 1 ms away → approved, expiring 1 ms later',
    input: basisFile('historical', at(30, 1)),
    expected: { status: 'approved', approved: true, approvedUntil: at(30, 1), nextChangeAt: at(0, 1) },
  },
  {
    name: 'warningLeadDays 0 → never expiring',
    input: basisFile('external_licence', at(0, 1)),
    rules: { warningLeadDays: 0 },
    expected: { status: 'approved', approved: true, approvedUntil: at(0, 1), nextChangeAt: at(0, 1), reasons: [{ code: 'basis_without_consent' }] },
  },

  // --- Rule 3: persons missing ------------------------------------------------------------------
  {
    name: 'consent without boxes → persons_missing',
    input: consentFile([], [person('p1', [agreement('a1')])]),
    expected: { status: 'persons_missing', approved: false, nextChangeAt: null, reasons: [{ code: 'no_persons' }] },
  },
  {
    name: 'consent with only unidentified boxes → persons_missing, each box listed',
    input: consentFile([null, null], []),
    expected: {
      status: 'persons_missing',
      reasons: [{ code: 'no_persons' }, { code: 'unknown_box', boxId: 'b1' }, { code: 'unknown_box', boxId: 'b2' }],
    },
  },
  {
    name: 'an unidentified box blocks an otherwise valid consent',
    input: consentFile(['p1', null], [person('p1', [agreement('a1')])]),
    expected: { status: 'persons_missing', approved: false, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'unknown_box', boxId: 'b2' }] },
  },
  {
    name: 'an unidentified box takes precedence over a withdrawal',
    input: consentFile([null, 'p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-1) })])]),
    expected: { status: 'persons_missing', reasons: [{ code: 'unknown_box', boxId: 'b1' }] },
  },
  {
    name: 'box naming a person absent from the input → consent_missing',
    input: consentFile(['ghost'], []),
    expected: { status: 'consent_missing', approved: false, nextChangeAt: null, reasons: [{ code: 'consent_missing', personId: 'ghost' }] },
  },

  // --- Rule 4: one person's consent -------------------------------------------------------------
  {
    name: 'open-ended valid consent → approved forever',
    input: consentFile(['p1'], [person('p1', [agreement('a1')])]),
    expected: {
      status: 'approved',
      approved: true,
      approvedUntil: null,
      nextChangeAt: null,
      reasons: [{ code: 'consent_valid', personId: 'p1', agreementId: 'a1', until: null }],
    },
  },
  {
    name: 'consent ending far ahead → approved until its end',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(200) })])]),
    expected: { status: 'approved', approvedUntil: at(200), nextChangeAt: at(170) },
  },
  {
    name: 'exactly at validFrom → valid',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validFrom: NOW })])]),
    expected: { status: 'approved', approved: true, reasons: [{ code: 'consent_valid', agreementId: 'a1' }] },
  },
  {
    name: '1 ms before validFrom → consent_not_yet_valid, wakes up at validFrom',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validFrom: at(0, 1) })])]),
    expected: {
      status: 'consent_missing',
      approved: false,
      nextChangeAt: at(0, 1),
      reasons: [{ code: 'consent_not_yet_valid', personId: 'p1', agreementId: 'a1' }],
    },
  },
  {
    name: 'exactly at validUntil → expired (exclusive end)',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: NOW })])]),
    expected: { status: 'expired', approved: false, nextChangeAt: null, reasons: [{ code: 'consent_expired', personId: 'p1', agreementId: 'a1', until: NOW }] },
  },
  {
    name: '1 ms before validUntil → expiring',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(0, 1) })])]),
    expected: { status: 'expiring', approved: true, approvedUntil: at(0, 1), nextChangeAt: at(0, 1) },
  },
  {
    name: 'exactly at withdrawnAt → withdrawn',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: NOW })])]),
    expected: { status: 'withdrawn', approved: false, nextChangeAt: null, reasons: [{ code: 'consent_withdrawn', personId: 'p1', agreementId: 'a1' }] },
  },
  {
    name: 'withdrawal dated in the future bounds the approval',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: at(100) })])]),
    expected: {
      status: 'approved',
      approvedUntil: at(100),
      nextChangeAt: at(70),
      reasons: [{ code: 'consent_valid', agreementId: 'a1', until: at(100) }],
    },
  },
  {
    name: 'future withdrawal after validUntil → validUntil bounds the approval',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(50), withdrawnAt: at(100) })])]),
    expected: { status: 'approved', approvedUntil: at(50), nextChangeAt: at(20) },
  },
  {
    name: 'agreement for another channel does not count and schedules nothing',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { channels: ['print'], validUntil: at(10), withdrawnAt: at(5) })])]),
    expected: { status: 'consent_missing', approved: false, nextChangeAt: null, reasons: [{ code: 'consent_missing', personId: 'p1' }] },
  },
  {
    name: 'agreement covering several channels counts for the asked one',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { channels: ['print', 'social'] })])]),
    channel: 'social',
    expected: { status: 'approved', approved: true },
  },
  {
    name: 'of two valid agreements the open-ended one is chosen',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(100) }), agreement('a2')])]),
    expected: { status: 'approved', approvedUntil: null, reasons: [{ code: 'consent_valid', agreementId: 'a2', until: null }] },
  },
  {
    name: 'the latest end counts the scheduled withdrawal (open-ended but withdrawn in 5 days loses)',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: at(5) }), agreement('a2', { validUntil: at(200) })])]),
    // a1's withdrawal cannot end the consent that a2 keeps alive: the next change is a2's warning window.
    expected: { status: 'approved', approvedUntil: at(200), nextChangeAt: at(170), reasons: [{ code: 'consent_valid', agreementId: 'a2' }] },
  },
  {
    name: 'a withdrawn agreement does not spoil another valid one',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-3) }), agreement('a2')])]),
    expected: { status: 'approved', approved: true, reasons: [{ code: 'consent_valid', agreementId: 'a2' }] },
  },
  {
    name: 'withdrawn ranks above expired for one person',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(-10) }), agreement('a2', { withdrawnAt: at(-3) })])]),
    expected: { status: 'withdrawn', reasons: [{ code: 'consent_withdrawn', agreementId: 'a2' }] },
  },
  {
    name: 'expired ranks above not-yet-valid for one person',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validFrom: at(5) }), agreement('a2', { validUntil: at(-1) })])]),
    expected: { status: 'expired', nextChangeAt: at(5), reasons: [{ code: 'consent_expired', agreementId: 'a2' }] },
  },

  // --- Minors -----------------------------------------------------------------------------------
  {
    name: 'minor with a subject-signed agreement only → guardian_required, wakes up at adulthood',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: MINOR_BIRTH })]),
    expected: {
      status: 'consent_missing',
      approved: false,
      nextChangeAt: new Date('2030-01-01T00:00:00.000Z'),
      reasons: [{ code: 'guardian_required', personId: 'p1', agreementId: 'a1' }],
    },
  },
  {
    name: 'minor with a guardian-signed agreement → approved, and coming of age changes nothing',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { signedBy: 'guardian' })], { birthDate: MINOR_BIRTH })]),
    expected: { status: 'approved', approved: true, approvedUntil: null, nextChangeAt: null },
  },
  {
    name: 'minor: an expired subject-signed agreement is not "expired", just missing',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(-1) })], { birthDate: MINOR_BIRTH })]),
    expected: { status: 'consent_missing', reasons: [{ code: 'consent_missing', personId: 'p1' }] },
  },
  {
    name: 'minor: an expired guardian-signed agreement → expired',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(-1), signedBy: 'guardian' })], { birthDate: MINOR_BIRTH })]),
    expected: { status: 'expired', reasons: [{ code: 'consent_expired', agreementId: 'a1' }] },
  },
  {
    name: 'minor: a withdrawal by the subject still counts as withdrawn',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-1) })], { birthDate: MINOR_BIRTH })]),
    expected: { status: 'withdrawn' },
  },
  {
    name: 'subject-signed agreement counts exactly at the 18th birthday (00:00 UTC)',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: new Date('2007-06-15T23:30:00.000Z') })]),
    now: new Date('2025-06-15T00:00:00.000Z'),
    expected: { status: 'approved', approved: true, nextChangeAt: null },
  },
  {
    name: 'subject-signed agreement does not count 1 ms before the 18th birthday',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: new Date('2007-06-15T00:00:00.000Z') })]),
    now: new Date('2025-06-14T23:59:59.999Z'),
    expected: { status: 'consent_missing', nextChangeAt: new Date('2025-06-15T00:00:00.000Z'), reasons: [{ code: 'guardian_required' }] },
  },
  {
    name: 'leap-day birthday: still a minor on Feb 28 of a non-leap year',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: new Date('2004-02-29T00:00:00.000Z') })]),
    now: new Date('2022-02-28T23:59:59.999Z'),
    expected: { status: 'consent_missing', nextChangeAt: new Date('2022-03-01T00:00:00.000Z'), reasons: [{ code: 'guardian_required' }] },
  },
  {
    name: 'leap-day birthday: adult on Mar 1 of a non-leap year',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: new Date('2004-02-29T00:00:00.000Z') })]),
    now: new Date('2022-03-01T00:00:00.000Z'),
    expected: { status: 'approved', approved: true },
  },
  {
    name: 'adultAge is honoured (16)',
    input: consentFile(['p1'], [person('p1', [agreement('a1')], { birthDate: new Date('2009-01-01T00:00:00.000Z') })]),
    rules: { adultAge: 16 },
    expected: { status: 'approved', approved: true },
  },

  // --- Deceased ---------------------------------------------------------------------------------
  {
    name: 'deceased person without agreements → approved forever',
    input: consentFile(['p1'], [person('p1', [], { deceased: true })]),
    expected: { status: 'approved', approved: true, approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'person_deceased', personId: 'p1' }] },
  },
  {
    name: 'deceased person with a withdrawn agreement → still approved',
    input: consentFile(['p1'], [person('p1', [agreement('a1', { withdrawnAt: at(-1) })], { deceased: true })]),
    expected: { status: 'approved', approved: true },
  },
  {
    name: 'deceased person contributes no end; the living one bounds the approval',
    input: consentFile(['p1', 'p2'], [person('p1', [], { deceased: true }), person('p2', [agreement('a2', { validUntil: at(90) })])]),
    expected: { status: 'approved', approvedUntil: at(90), reasons: [{ code: 'person_deceased' }, { code: 'consent_valid', personId: 'p2' }] },
  },

  // --- Rules 5–7: several persons -------------------------------------------------------------
  {
    name: 'several persons: approvedUntil is the earliest end',
    input: consentFile(['p1', 'p2', 'p3'], [
      person('p1', [agreement('a1', { validUntil: at(100) })]),
      person('p2', [agreement('a2', { validUntil: at(50) })]),
      person('p3', [agreement('a3')]),
    ]),
    expected: { status: 'approved', approvedUntil: at(50), nextChangeAt: at(20) },
  },
  {
    name: 'several persons: the earliest end within the lead time makes the file expiring',
    input: consentFile(['p1', 'p2'], [person('p1', [agreement('a1', { validUntil: at(10) })]), person('p2', [agreement('a2')])]),
    expected: {
      status: 'expiring',
      approved: true,
      approvedUntil: at(10),
      nextChangeAt: at(10),
      reasons: [{ code: 'consent_valid', personId: 'p1' }, { code: 'consent_valid', personId: 'p2' }, { code: 'expiring_soon', until: at(10) }],
    },
  },
  {
    name: 'mixed persons: withdrawn > expired > missing, reasons in box order',
    input: consentFile(['p3', 'p1', 'p2', 'p4'], [
      person('p1', [agreement('a1', { validUntil: at(-1) })]),
      person('p2', [agreement('a2', { withdrawnAt: at(-1) })]),
      person('p3', []),
      person('p4', [agreement('a4')]),
    ]),
    expected: {
      status: 'withdrawn',
      approved: false,
      approvedUntil: null,
      reasons: [
        { code: 'consent_missing', personId: 'p3' },
        { code: 'consent_expired', personId: 'p1', agreementId: 'a1' },
        { code: 'consent_withdrawn', personId: 'p2', agreementId: 'a2' },
        { code: 'consent_valid', personId: 'p4', agreementId: 'a4' },
      ],
    },
  },
  {
    name: 'mixed persons: expired beats missing',
    input: consentFile(['p1', 'p2'], [person('p1', []), person('p2', [agreement('a2', { validUntil: at(-1) })])]),
    expected: { status: 'expired' },
  },
  {
    name: 'mixed persons: one missing consent blocks the valid ones',
    input: consentFile(['p1', 'p2'], [person('p1', [agreement('a1')]), person('p2', [agreement('a2', { channels: ['print'] })])]),
    expected: { status: 'consent_missing', approved: false, approvedUntil: null },
  },
  {
    name: 'not approved: wakes up at the earliest future agreement instant of any person',
    input: consentFile(['p1', 'p2'], [
      person('p1', [agreement('a1', { validFrom: at(8) })]),
      person('p2', [agreement('a2', { validUntil: at(3) })]),
    ]),
    expected: { status: 'consent_missing', nextChangeAt: at(3) },
  },
  {
    name: 'duplicate boxes of one person give one reason',
    input: consentFile(['p1', 'p2', 'p1'], [person('p1', [agreement('a1')]), person('p2', [agreement('a2')])]),
    expected: { status: 'approved', reasons: [{ code: 'consent_valid', personId: 'p1' }, { code: 'consent_valid', personId: 'p2' }] },
  },
  {
    name: 'extra persons not referenced by any box are ignored',
    input: consentFile(['p1'], [
      person('p1', [agreement('a1')]),
      person('p9', [agreement('a9', { withdrawnAt: at(-1), validUntil: at(2) })]),
    ]),
    expected: { status: 'approved', approvedUntil: null, nextChangeAt: null, reasons: [{ code: 'consent_valid', personId: 'p1' }] },
  },
  {
    name: 'approved with no end: a further agreement starting later changes nothing',
    input: consentFile(['p1'], [person('p1', [agreement('a1'), agreement('a2', { validFrom: at(40) })])]),
    expected: { status: 'approved', approvedUntil: null, nextChangeAt: null },
  },
  ...backToBackCases(),
];

/** A renewal signed in advance: consent never lapses, so nothing expires at the first end. */
function backToBackCases(): Case[] {
  const renewal = (facts: Partial<AgreementFacts> = {}) => agreement('a2', { validFrom: at(10), validUntil: at(400), ...facts });
  return [
    {
      name: 'back to back: a renewal starting exactly when the current agreement ends → approved until the renewal ends',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal()])]),
      expected: { status: 'approved', approvedUntil: at(400), nextChangeAt: at(370), reasons: [{ code: 'consent_valid', agreementId: 'a1', until: at(400) }] },
    },
    {
      name: 'back to back: overlapping renewal → one span',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ validFrom: at(5) })])]),
      expected: { status: 'approved', approvedUntil: at(400), nextChangeAt: at(370) },
    },
    {
      name: 'back to back: a chain of three → the end of the last',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ validUntil: at(20) }), agreement('a3', { validFrom: at(20), validUntil: null })])]),
      expected: { status: 'approved', approvedUntil: null, nextChangeAt: null },
    },
    {
      name: 'back to back: a 1 ms gap is a lapse → expiring at the first end',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ validFrom: at(10, 1) })])]),
      expected: { status: 'expiring', approvedUntil: at(10), nextChangeAt: at(10) },
    },
    {
      name: 'back to back: a renewal for another channel does not continue this one',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ channels: ['print'] })])]),
      expected: { status: 'expiring', approvedUntil: at(10) },
    },
    {
      name: 'back to back: a renewal already withdrawn does not continue the consent',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ withdrawnAt: at(-1) })])]),
      expected: { status: 'expiring', approvedUntil: at(10) },
    },
    {
      name: 'back to back: a renewal with a scheduled withdrawal ends the span at the withdrawal',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10) }), renewal({ withdrawnAt: at(50) })])]),
      expected: { status: 'approved', approvedUntil: at(50), nextChangeAt: at(20) },
    },
    {
      name: 'back to back for a minor: only what the guardian signed counts toward the span',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10), signedBy: 'guardian' }), renewal()], { birthDate: MINOR_BIRTH })]),
      expected: { status: 'expiring', approvedUntil: at(10), nextChangeAt: at(10) },
    },
    {
      name: 'back to back for a minor: a guardian-signed renewal continues the span',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(10), signedBy: 'guardian' }), renewal({ signedBy: 'guardian' })], { birthDate: MINOR_BIRTH })]),
      expected: { status: 'approved', approvedUntil: at(400) },
    },
    {
      name: 'back to back for a minor: their own renewal counts from the day they come of age',
      input: consentFile(['p1'], [person('p1', [agreement('a1', { validUntil: at(100), signedBy: 'guardian' }), renewal({ validUntil: at(500) })], { birthDate: new Date(Date.UTC(2007, 6, 1)) })]),
      expected: { status: 'approved', approvedUntil: at(500) },
    },
    {
      name: 'back to back: two persons, the file ends with the earlier span',
      input: consentFile(['p1', 'p2'], [
        person('p1', [agreement('a1', { validUntil: at(10) }), renewal()]),
        person('p2', [agreement('a3', { validUntil: at(200) })]),
      ]),
      expected: { status: 'approved', approvedUntil: at(200), nextChangeAt: at(170) },
    },
  ];
}

describe('evaluateGdprStatus (table)', () => {
  it.each(cases)('$name', ({ input, channel, now, rules, expected }) => {
    const result = evaluateGdprStatus(input, channel ?? 'web', now ?? NOW, { ...RULES, ...rules });
    const { reasons, ...fields } = expected;
    expect(result).toMatchObject(fields);
    // toMatchObject on an array also checks its length: no unexpected extra reasons.
    if (reasons !== undefined) expect(result.reasons).toMatchObject(reasons);
  });

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('adulthoodDate / isMinor', () => {
  it.each([
    { birth: '2000-05-10T00:00:00.000Z', age: 18, adult: '2018-05-10T00:00:00.000Z' },
    { birth: '2000-05-10T22:45:00.000Z', age: 18, adult: '2018-05-10T00:00:00.000Z' },
    { birth: '2004-02-29T00:00:00.000Z', age: 18, adult: '2022-03-01T00:00:00.000Z' },
    { birth: '2004-02-29T00:00:00.000Z', age: 16, adult: '2020-02-29T00:00:00.000Z' },
    { birth: '2007-12-31T12:00:00.000Z', age: 21, adult: '2028-12-31T00:00:00.000Z' },
  ])('born $birth, adult at $age → $adult', ({ birth, age, adult }) => {
    expect(adulthoodDate(new Date(birth), age).toISOString()).toBe(adult);
  });

  it('handles years below 100 without the Date.UTC 1900 shift', () => {
    const birth = new Date(0);
    birth.setUTCFullYear(50, 6, 1);
    expect(adulthoodDate(birth, 18).getUTCFullYear()).toBe(68);
  });

  it('unknown birth date → not a minor', () => {
    expect(isMinor(null, NOW, 18)).toBe(false);
  });

  it('minor until the instant before adulthood, adult from it', () => {
    const birth = new Date('2004-02-29T00:00:00.000Z');
    expect(isMinor(birth, new Date('2022-02-28T23:59:59.999Z'), 18)).toBe(true);
    expect(isMinor(birth, new Date('2022-03-01T00:00:00.000Z'), 18)).toBe(false);
  });
});
