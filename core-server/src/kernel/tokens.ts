import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256-bit random token, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so a fast hash is enough; only the hash is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API keys look like `lk_<prefix>_<secret>`: the prefix finds the row, the secret is checked by hash. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lk_${prefix}_${secret}`, prefix, secretHash: hashToken(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = /^lk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}
