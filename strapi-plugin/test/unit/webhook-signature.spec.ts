import { describe, expect, it } from 'vitest';
import { signWebhook, verifySignature } from '../../server/src/services/webhook';

const secret = 'whsec_test';
const body = JSON.stringify({ type: 'asset.status.changed', id: 'e1' });
const now = 1_800_000_000;
const header = (t: number, b = body, s = secret) => `t=${t},v1=${signWebhook(s, t, b)}`;

describe('verifySignature', () => {
  it('accepts a delivery signed over the raw body within the window', () => {
    expect(verifySignature(header(now), body, secret, now, 300)).toBe('ok');
    expect(verifySignature(header(now - 299), body, secret, now, 300)).toBe('ok');
  });

  it('accepts when one of several v1 signatures matches (secret rotation)', () => {
    expect(verifySignature(`t=${now},v1=${'0'.repeat(64)},v1=${signWebhook(secret, now, body)}`, body, secret, now, 300)).toBe('ok');
  });

  it('refuses a changed body, another secret, an old or future timestamp', () => {
    expect(verifySignature(header(now), body + ' ', secret, now, 300)).toBe('mismatch');
    expect(verifySignature(header(now, body, 'other'), body, secret, now, 300)).toBe('mismatch');
    expect(verifySignature(header(now - 301), body, secret, now, 300)).toBe('expired');
    expect(verifySignature(header(now + 301), body, secret, now, 300)).toBe('expired');
  });

  it('names missing, malformed and unconfigured cases', () => {
    expect(verifySignature(undefined, body, secret, now, 300)).toBe('missing');
    expect(verifySignature('  ', body, secret, now, 300)).toBe('missing');
    expect(verifySignature('t=abc,v1=zz', body, secret, now, 300)).toBe('malformed');
    expect(verifySignature(`t=${now}`, body, secret, now, 300)).toBe('malformed');
    expect(verifySignature(header(now), body, null, now, 300)).toBe('no_secret');
  });
});
