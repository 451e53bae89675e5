import { describe, expect, it } from 'vitest';
import { agreementState, personConsentState, type AgreementTimes } from '../src/status/agreement-state.rules';

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
  it('takes the best state the person has', () => {
    expect(personConsentState([a(-10, 0), a(-10, null)], now, 30)).toBe('valid');
    expect(personConsentState([a(-10, 0), a(-10, 5)], now, 30)).toBe('expiring');
    expect(personConsentState([a(-10, 0), a(-10, 100, -1)], now, 30)).toBe('withdrawn');
    expect(personConsentState([a(-10, 0)], now, 30)).toBe('expired');
    expect(personConsentState([a(5, 100)], now, 30)).toBe('missing');
    expect(personConsentState([], now, 30)).toBe('missing');
  });
});
