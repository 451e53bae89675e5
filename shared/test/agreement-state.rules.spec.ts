import { describe, expect, it } from 'vitest';
import { agreementEndsConsent, agreementState, personConsentEnd, personConsentState, type AgreementTimes, type ConsentSubject } from '../src/status/agreement-state.rules';
import type { AgreementFacts } from '../src/status/gdpr-status.types';

const now = new Date('2027-03-01T12:00:00Z');
const day = (d: number) => new Date(now.getTime() + d * 86_400_000);
const a = (from: number, until: number | null, withdrawn: number | null = null): AgreementTimes => ({
  validFrom: day(from),
  validUntil: until === null ? null : day(until),
  withdrawnAt: withdrawn === null ? null : day(withdrawn),
});

describe('agreementState', () => {
  it.each([
    ['open-ended', a(-10, null), 'valid'],
    ['ends after the lead time', a(-10, 31), 'valid'],
    ['ends inside the lead time', a(-10, 30), 'expiring'],
    ['ended', a(-10, 0), 'expired'],
    ['starts later', a(1, 100), 'not_yet_valid'],
    ['withdrawn now', a(-10, 100, 0), 'withdrawn'],
    ['withdrawal dated inside the lead time', a(-10, null, 5), 'expiring'],
    ['withdrawal dated after the lead time', a(-10, null, 60), 'valid'],
  ] as const)('%s → %s', (_name, agreement, expected) => {
    expect(agreementState(agreement, now, 30)).toBe(expected);
  });

  it('never reports expiring with a lead time of 0', () => {
    expect(agreementState(a(-10, 1), now, 0)).toBe('valid');
  });
});

describe('personConsentState', () => {
  const rules = { warningLeadDays: 30, adultAge: 18 };
  const on = (times: AgreementTimes, facts: Partial<AgreementFacts> = {}) => ({ channels: ['web'], signedBy: 'subject' as const, ...times, ...facts });
  const subject = (agreements: ConsentSubject['agreements'], facts: Partial<ConsentSubject> = {}): ConsentSubject => ({
    id: 'p1',
    birthDate: null,
    deceased: false,
    agreements,
    ...facts,
  });
  const state = (agreements: ConsentSubject['agreements'], facts: Partial<ConsentSubject> = {}) => personConsentState(subject(agreements, facts), now, rules);

  it('takes the best state the person has', () => {
    expect(state([on(a(-10, 0)), on(a(-10, null))])).toBe('valid');
    expect(state([on(a(-10, 0)), on(a(-10, 5))])).toBe('expiring');
    expect(state([on(a(-10, 0)), on(a(-10, 100, -1))])).toBe('withdrawn');
    expect(state([on(a(-10, 0))])).toBe('expired');
    expect(state([on(a(5, 100))])).toBe('missing');
    expect(state([])).toBe('missing');
  });

  it('back-to-back agreements are one consent: not expiring when a renewal starts as the current one ends', () => {
    expect(state([on(a(-10, 5)), on(a(5, 400))])).toBe('valid');
    expect(state([on(a(-10, 5)), on(a(6, 400))])).toBe('expiring');
    expect(state([on(a(-10, 5)), on(a(5, 20))])).toBe('expiring');
    expect(state([on(a(-10, 5)), on(a(5, 400), { channels: ['print'] })])).toBe('expiring');
  });

  it('a deceased person has a state of their own, whatever their agreements say', () => {
    expect(state([], { deceased: true })).toBe('deceased');
    expect(state([on(a(-10, 100, -1))], { deceased: true })).toBe('deceased');
  });

  it('a minor counts only what the guardian signed, as the status rules do', () => {
    const minor = { birthDate: new Date('2015-01-01T00:00:00Z') };
    expect(state([on(a(-10, null))], minor)).toBe('missing');
    expect(state([on(a(-10, null), { signedBy: 'guardian' })], minor)).toBe('valid');
    expect(state([on(a(-10, 100, -1))], minor)).toBe('withdrawn');
  });

  it('a scheduled withdrawal inside the lead time reads as expiring', () => {
    expect(state([on(a(-10, null, 5))])).toBe('expiring');
  });
});

describe('personConsentEnd', () => {
  const rules = { warningLeadDays: 30, adultAge: 18 };
  const on = (times: AgreementTimes, channels = ['web']) => ({ channels, signedBy: 'subject' as const, ...times });
  const end = (agreements: ConsentSubject['agreements']) => personConsentEnd({ id: 'p1', birthDate: null, deceased: false, agreements }, now, rules);

  it('is the end of the longest continuous span over the channels', () => {
    expect(end([on(a(-10, 5)), on(a(5, 40))])).toEqual(day(40));
    expect(end([on(a(-10, 5)), on(a(6, 40))])).toEqual(day(5));
    expect(end([on(a(-10, 5)), on(a(-10, 90), ['print'])])).toEqual(day(90));
    expect(end([on(a(-10, null))])).toBeNull();
    expect(end([on(a(-10, 0))])).toBeUndefined();
    expect(end([])).toBeUndefined();
  });
});

describe('agreementEndsConsent', () => {
  const rules = { warningLeadDays: 30, adultAge: 18 };
  const on = (times: AgreementTimes, channels = ['web']) => ({ channels, signedBy: 'subject' as const, ...times });
  const person = (agreements: ConsentSubject['agreements']): ConsentSubject => ({ id: 'p1', birthDate: null, deceased: false, agreements });

  it('is false when a renewal starts no later than the agreement ends', () => {
    const current = on(a(-10, 10));
    expect(agreementEndsConsent(current, person([current, on(a(10, 400))]), rules)).toBe(false);
    expect(agreementEndsConsent(current, person([current, on(a(3, 400))]), rules)).toBe(false);
  });

  it('is true at a gap, on a channel the renewal leaves out, and for the last of a chain', () => {
    const current = on(a(-10, 10), ['web', 'print']);
    expect(agreementEndsConsent(current, person([current, on(a(11, 400), ['web', 'print'])]), rules)).toBe(true);
    expect(agreementEndsConsent(current, person([current, on(a(10, 400), ['web'])]), rules)).toBe(true);
    const renewal = on(a(10, 400), ['web', 'print']);
    expect(agreementEndsConsent(renewal, person([current, renewal]), rules)).toBe(true);
  });

  it('is false for an agreement without an end, and true for a scheduled withdrawal that nothing replaces', () => {
    expect(agreementEndsConsent(on(a(-10, null)), person([on(a(-10, null))]), rules)).toBe(false);
    const withdrawing = on(a(-10, null, 20));
    expect(agreementEndsConsent(withdrawing, person([withdrawing]), rules)).toBe(true);
  });
});
