import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPROVED_STATUSES, LEGAL_BASES } from '../src/domain/enums';
import type { LegalBasis } from '../src/domain/enums';
import { adulthoodDate, evaluateGdprStatus, isMinor } from '../src/status/gdpr-status.rules';
import type {
  AgreementFacts,
  BoxFacts,
  PersonFacts,
  StatusInput,
  StatusResult,
  StatusRules,
} from '../src/status/gdpr-status.rules';

const NUM_RUNS = 500;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const SPAN_DAYS = 60;
const CHANNELS = ['web', 'print', 'social'] as const;
const NON_CONSENT_BASES = LEGAL_BASES.filter((b) => b !== 'consent');

// ---------------------------------------------------------------------------------------------
// Generators

/**
 * Dates around T0: half on a small whole-day grid, so that `now`, agreement boundaries and lead
 * times often coincide exactly (the interesting edges), half anywhere in the span.
 */
const GRID_DAYS = 10;
const dateArb: fc.Arbitrary<Date> = fc.oneof(
  fc.integer({ min: -GRID_DAYS, max: GRID_DAYS }).map((d) => new Date(T0 + d * DAY)),
  fc.integer({ min: T0 - SPAN_DAYS * DAY, max: T0 + SPAN_DAYS * DAY }).map((ms) => new Date(ms)),
);

/** Birth dates whose adulthood (at 17 or 18) often falls inside the span, plus a leap-day birth. */
const birthDateArb: fc.Arbitrary<Date | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -GRID_DAYS, max: GRID_DAYS }).map((d) => new Date(Date.UTC(2007, 0, 1) + d * DAY)),
  fc.integer({ min: -SPAN_DAYS * DAY, max: SPAN_DAYS * DAY }).map((ms) => new Date(Date.UTC(2007, 0, 1) + ms)),
  fc.constant(new Date(Date.UTC(2008, 1, 29))),
  fc.constant(new Date(Date.UTC(1980, 5, 1))),
);

/** Biased towards agreements in force on every channel, so that approvals are common enough to test. */
const agreementBodyArb = fc.record({
  channels: fc.oneof(fc.constant<string[]>([...CHANNELS]), fc.subarray<string>([...CHANNELS])),
  validFrom: fc.oneof(dateArb, fc.constant(new Date(T0 - 365 * DAY))),
  validUntil: fc.option(dateArb, { nil: null, freq: 3 }),
  withdrawnAt: fc.option(dateArb, { nil: null, freq: 4 }),
  signedBy: fc.constantFrom('subject' as const, 'guardian' as const),
});

/** Persons p0..p3 with unique ids (boxes may leave some unreferenced); agreement ids are unique too. */
const personsArb: fc.Arbitrary<PersonFacts[]> = fc
  .array(
    fc.record({
      birthDate: birthDateArb,
      deceased: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      agreements: fc.array(agreementBodyArb, { maxLength: 3 }),
    }),
    { minLength: 4, maxLength: 4 },
  )
  .map((bodies) =>
    bodies.map((body, i) => ({
      id: `p${i}`,
      ...body,
      agreements: body.agreements.map((a, j): AgreementFacts => ({ id: `p${i}a${j}`, ...a })),
    })),
  );

/**
 * Boxes mostly naming p0 or p1, so that files often have a single person to satisfy; p4 never
 * exists among the persons. One in `unknownFreq` boxes is unidentified, none when `unknownFreq` is null.
 */
function boxesArb(unknownFreq: number | null, minLength = 0): fc.Arbitrary<BoxFacts[]> {
  const named = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<string | null>('p0', 'p0', 'p0', 'p1', 'p1', 'p2', 'p3') },
    { weight: 1, arbitrary: fc.constant<string | null>('p4') },
  );
  const personId = unknownFreq === null ? named : fc.option(named, { nil: null, freq: unknownFreq });
  return fc.array(personId, { minLength, maxLength: 4 }).map((ids) => ids.map((id, i) => ({ id: `b${i}`, personId: id })));
}

const basisArb: fc.Arbitrary<LegalBasis | null> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<LegalBasis | null>('consent') },
  { weight: 2, arbitrary: fc.constantFrom<LegalBasis | null>(...LEGAL_BASES) },
  { weight: 1, arbitrary: fc.constant<LegalBasis | null>(null) },
);

const rulesArb: fc.Arbitrary<StatusRules> = fc.record({
  warningLeadDays: fc.integer({ min: 0, max: 20 }),
  adultAge: fc.constantFrom(17, 18),
});

interface Scenario {
  input: StatusInput;
  channel: string;
  now: Date;
  rules: StatusRules;
}

function scenarioArb(basis: fc.Arbitrary<LegalBasis | null>, unknownBoxFreq: number | null = 10): fc.Arbitrary<Scenario> {
  return fc.record({
    input: fc.record({
      basis,
      basisValidUntil: fc.option(dateArb, { nil: null }),
      // A consent file without any identified box is trivially persons_missing: keep those rare.
      boxes: boxesArb(unknownBoxFreq, unknownBoxFreq === null ? 1 : 0),
      persons: personsArb,
    }),
    channel: fc.constantFrom(...CHANNELS),
    now: dateArb,
    rules: rulesArb,
  });
}

const anyScenario = scenarioArb(basisArb);
/** Consent files whose boxes are all identified, so that person rules decide. */
const consentScenario = scenarioArb(fc.constant<LegalBasis | null>('consent'), null);

// ---------------------------------------------------------------------------------------------
// Helpers

const evaluate = (s: Scenario, overrides: Partial<Scenario> = {}): StatusResult => {
  const { input, channel, now, rules } = { ...s, ...overrides };
  return evaluateGdprStatus(input, channel, now, rules);
};

const time = (d: Date | null): number => (d === null ? Number.POSITIVE_INFINITY : d.getTime());

/** The fields that must not change while time passes between two change instants. */
const observable = (r: StatusResult) => ({ status: r.status, approved: r.approved, approvedUntil: time(r.approvedUntil) });

/** Deterministic Fisher–Yates driven by a small PRNG (mulberry32), so fast-check can shrink the seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Replace agreement number `pick` (counted over all persons) using `change`; undefined if there is none. */
function changeOneAgreement(
  persons: PersonFacts[],
  pick: number,
  change: (a: AgreementFacts) => AgreementFacts,
): PersonFacts[] | undefined {
  const total = persons.reduce((n, p) => n + p.agreements.length, 0);
  if (total === 0) return undefined;
  let index = pick % total;
  return persons.map((p) => {
    const agreements = p.agreements.map((a) => (index-- === 0 ? change(a) : a));
    return { ...p, agreements };
  });
}

// ---------------------------------------------------------------------------------------------
// Properties

describe('evaluateGdprStatus (properties)', () => {
  it('generators reach every status (guards against vacuous properties)', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(anyScenario, (s) => void seen.add(evaluate(s).status)), { numRuns: 3000 });
    expect([...seen].sort()).toEqual(['approved', 'consent_missing', 'expired', 'expiring', 'persons_missing', 'unhandled', 'withdrawn']);
  });

  it('result fields are consistent with each other and with the rules', () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r = evaluate(s);
        expect(r.approved).toBe(APPROVED_STATUSES.includes(r.status));
        if (!r.approved) expect(r.approvedUntil).toBeNull();
        if (r.approvedUntil !== null) expect(r.approvedUntil.getTime()).toBeGreaterThan(s.now.getTime());
        if (r.nextChangeAt !== null) expect(r.nextChangeAt.getTime()).toBeGreaterThan(s.now.getTime());
        const withinLead = s.rules.warningLeadDays > 0 && time(r.approvedUntil) - s.now.getTime() <= s.rules.warningLeadDays * DAY;
        if (r.approved) expect(r.status).toBe(withinLead ? 'expiring' : 'approved');
        expect(r.reasons.some((reason) => reason.code === 'expiring_soon')).toBe(r.status === 'expiring');
        // An approval with an end must wake the caller up no later than that end.
        if (r.approved && r.approvedUntil !== null) expect(time(r.nextChangeAt)).toBeLessThanOrEqual(r.approvedUntil.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('non-consent bases ignore boxes and persons completely', () => {
    const nonConsent = scenarioArb(fc.constantFrom<LegalBasis | null>(...NON_CONSENT_BASES), 3);
    fc.assert(
      fc.property(nonConsent, boxesArb(3), personsArb, (s, otherBoxes, otherPersons) => {
        const r = evaluate(s);
        expect(evaluate(s, { input: { ...s.input, boxes: [], persons: [] } })).toEqual(r);
        expect(evaluate(s, { input: { ...s.input, boxes: otherBoxes, persons: otherPersons } })).toEqual(r);
        const basisEnded = s.input.basisValidUntil !== null && s.input.basisValidUntil.getTime() <= s.now.getTime();
        expect(r.status === 'expired').toBe(basisEnded);
        expect(r.approved).toBe(!basisEnded);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a consent approval needs every box identified and every named person known', () => {
    fc.assert(
      fc.property(scenarioArb(fc.constant<LegalBasis | null>('consent'), 4), (s) => {
        const r = evaluate(s);
        if (!r.approved) return;
        const known = new Set(s.input.persons.map((p) => p.id));
        expect(s.input.boxes.length).toBeGreaterThan(0);
        for (const box of s.input.boxes) expect(box.personId !== null && known.has(box.personId)).toBe(true);
        // One reason per distinct person, plus expiring_soon.
        const distinct = new Set(s.input.boxes.map((b) => b.personId)).size;
        expect(r.reasons.length).toBe(distinct + (r.status === 'expiring' ? 1 : 0));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('adding an unidentified box to a consent file never makes it approved', () => {
    fc.assert(
      fc.property(consentScenario, fc.nat(), (s, position) => {
        const boxes = [...s.input.boxes];
        boxes.splice(position % (boxes.length + 1), 0, { id: 'unidentified', personId: null });
        const r = evaluate(s, { input: { ...s.input, boxes } });
        expect(r.approved).toBe(false);
        expect(r.status).toBe('persons_missing');
        expect(r.reasons).toContainEqual({ code: 'unknown_box', boxId: 'unidentified' });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('removing the channel from an agreement never approves, nor extends an approval', () => {
    fc.assert(
      fc.property(consentScenario, fc.nat(), (s, pick) => {
        const persons = changeOneAgreement(s.input.persons, pick, (a) => ({ ...a, channels: a.channels.filter((c) => c !== s.channel) }));
        fc.pre(persons !== undefined);
        const before = evaluate(s);
        const after = evaluate(s, { input: { ...s.input, persons } });
        if (after.approved) {
          expect(before.approved).toBe(true);
          expect(time(after.approvedUntil)).toBeLessThanOrEqual(time(before.approvedUntil));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('splitting one agreement into two touching ones never changes the status, nor the approval and its end', () => {
    fc.assert(
      fc.property(fc.oneof(anyScenario, consentScenario), fc.nat(), fc.double({ min: 0, max: 1, minExcluded: true, maxExcluded: true, noNaN: true }), (s, pick, fraction) => {
        const total = s.input.persons.reduce((n, p) => n + p.agreements.length, 0);
        fc.pre(total > 0);
        let index = pick % total;
        const persons = s.input.persons.map((p) => ({
          ...p,
          agreements: p.agreements.flatMap((a) => {
            if (index-- !== 0) return [a];
            const end = a.validUntil === null ? a.validFrom.getTime() + 2 * SPAN_DAYS * DAY : a.validUntil.getTime();
            const split = new Date(Math.floor(a.validFrom.getTime() + fraction * (end - a.validFrom.getTime())));
            if (split <= a.validFrom || (a.validUntil !== null && split >= a.validUntil)) return [a];
            return [{ ...a, id: `${a.id}-1`, validUntil: split }, { ...a, id: `${a.id}-2`, validFrom: split }];
          }),
        }));
        const whole = evaluate(s);
        const split = evaluate(s, { input: { ...s.input, persons } });
        expect(observable(split)).toEqual(observable(whole));
        if (whole.approved) expect(time(split.nextChangeAt)).toBe(time(whole.nextChangeAt));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('withdrawing an agreement (at any moment) never approves, nor extends an approval', () => {
    fc.assert(
      fc.property(consentScenario, fc.nat(), dateArb, (s, pick, withdrawal) => {
        const persons = changeOneAgreement(s.input.persons, pick, (a) => ({
          ...a,
          withdrawnAt: a.withdrawnAt !== null && a.withdrawnAt < withdrawal ? a.withdrawnAt : withdrawal,
        }));
        fc.pre(persons !== undefined);
        const before = evaluate(s);
        const after = evaluate(s, { input: { ...s.input, persons } });
        if (after.approved) {
          expect(before.approved).toBe(true);
          expect(time(after.approvedUntil)).toBeLessThanOrEqual(time(before.approvedUntil));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an approval holds on all of [now, approvedUntil)', () => {
    fc.assert(
      fc.property(anyScenario, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, fraction) => {
        const r = evaluate(s);
        if (!r.approved) return;
        const start = s.now.getTime();
        const end = r.approvedUntil === null ? start + 1000 * 365 * DAY : r.approvedUntil.getTime();
        const inside = [start + Math.floor(fraction * (end - start)), end - 1];
        for (const instant of inside) expect(evaluate(s, { now: new Date(instant) }).approved).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('person reasons point at agreements that justify them', () => {
    fc.assert(
      fc.property(consentScenario, (s) => {
        const { now, channel, rules } = s;
        const r = evaluate(s);
        for (const reason of r.reasons) {
          const person = s.input.persons.find((p) => p.id === reason.personId);
          const agreement = person?.agreements.find((a) => a.id === reason.agreementId);
          if (reason.code === 'consent_valid') {
            expect(agreement).toBeDefined();
            if (person === undefined || agreement === undefined) return;
            expect(agreement.channels).toContain(channel);
            expect(agreement.validFrom.getTime()).toBeLessThanOrEqual(now.getTime());
            expect(time(agreement.validUntil)).toBeGreaterThan(now.getTime());
            expect(time(agreement.withdrawnAt)).toBeGreaterThan(now.getTime());
            if (isMinor(person.birthDate, now, rules.adultAge)) expect(agreement.signedBy).toBe('guardian');
          }
          if (reason.code === 'consent_withdrawn') {
            expect(agreement?.channels).toContain(channel);
            expect(time(agreement?.withdrawnAt ?? null)).toBeLessThanOrEqual(now.getTime());
          }
          if (reason.code === 'guardian_required') {
            expect(person !== undefined && isMinor(person.birthDate, now, rules.adultAge)).toBe(true);
            expect(agreement?.signedBy).toBe('subject');
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the result is constant on [now, nextChangeAt)', () => {
    fc.assert(
      fc.property(anyScenario, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, fraction) => {
        const r = evaluate(s);
        const start = s.now.getTime();
        if (r.nextChangeAt === null) {
          const farFuture = new Date(start + 1000 * 365 * DAY);
          expect(observable(evaluate(s, { now: farFuture }))).toEqual(observable(r));
          return;
        }
        const gap = r.nextChangeAt.getTime() - start;
        fc.pre(gap > 1);
        // A random instant strictly inside, and both ends of the open interval.
        const inside = [start + 1 + Math.floor(fraction * (gap - 1)), start + 1, start + gap - 1];
        for (const instant of inside) expect(observable(evaluate(s, { now: new Date(instant) }))).toEqual(observable(r));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the order of persons, agreements and channels does not matter', () => {
    fc.assert(
      fc.property(fc.oneof(anyScenario, consentScenario), fc.integer(), (s, seed) => {
        const persons = shuffle(s.input.persons, seed).map((p, i) => ({
          ...p,
          agreements: shuffle(p.agreements, seed + i + 1).map((a, j) => ({ ...a, channels: shuffle(a.channels, seed - j) })),
        }));
        const r = evaluate(s);
        const shuffled = evaluate(s, { input: { ...s.input, persons } });
        expect(shuffled.status).toBe(r.status);
        expect(time(shuffled.approvedUntil)).toBe(time(r.approvedUntil));
        expect(time(shuffled.nextChangeAt)).toBe(time(r.nextChangeAt));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('adulthoodDate / isMinor (properties)', () => {
  const birthArb = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true });

  it('a person is a minor exactly until 00:00 UTC of their adultAge-th birthday', () => {
    fc.assert(
      fc.property(birthArb, fc.integer({ min: 1, max: 30 }), (birth, age) => {
        const adult = adulthoodDate(birth, age);
        expect(isMinor(birth, new Date(adult.getTime() - 1), age)).toBe(true);
        expect(isMinor(birth, adult, age)).toBe(false);
        expect(adult.toISOString()).toMatch(/T00:00:00\.000Z$/);
        expect(adult.getUTCFullYear()).toBe(birth.getUTCFullYear() + age);
        const year = adult.getUTCFullYear();
        const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        const leapDayBirth = birth.getUTCMonth() === 1 && birth.getUTCDate() === 29;
        const [month, day] = leapDayBirth && !leapYear ? [2, 1] : [birth.getUTCMonth(), birth.getUTCDate()];
        expect([adult.getUTCMonth(), adult.getUTCDate()]).toEqual([month, day]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
