import type { Request } from 'express';
import { parse as parseCookie } from 'cookie';
import { AppError, type AnyOperation } from '@likeness/shared';
import type { AuthService } from './auth.service';
import type { RequestContext } from '../../kernel/request-context';

export const SESSION_COOKIE = 'likeness_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function clientMeta(req: Request) {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null };
}

/** Resolves the caller (API key or session cookie) and enforces the operation's permission. */
export function authenticator(auth: AuthService) {
  return async (req: Request, op: AnyOperation): Promise<RequestContext | null> => {
    if (op.permission === null) return null;
    const header = req.get('authorization');
    let base: Omit<RequestContext, 'ip' | 'userAgent'> | null = null;
    if (header) {
      const [scheme, key] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !key) throw new AppError('unauthenticated', 'Use "Authorization: Bearer <api key>".');
      base = await auth.fromApiKey(key);
      if (!base) throw new AppError('unauthenticated', 'The API key is invalid or revoked.');
      if (base.publicOrigins && !originAllowed(req.get('origin'), base.publicOrigins)) {
        throw new AppError('forbidden', 'This public key is not allowed from this origin.');
      }
    } else {
      const token = parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];
      if (token) base = await auth.fromSession(token);
      if (!base) throw new AppError('unauthenticated', 'Log in first.');
      // Cookies ride along on cross-site requests; a foreign Origin on a write is refused.
      const origin = req.get('origin');
      if (!SAFE_METHODS.has(req.method) && origin && originHost(origin) !== req.get('host')) {
        throw new AppError('csrf_rejected', 'Cross-site request refused.');
      }
    }
    if (op.permission !== 'session' && !base.permissions.includes(op.permission)) {
      throw new AppError('forbidden', `This needs the permission "${op.permission}".`, { permission: op.permission });
    }
    return { ...base, ...clientMeta(req) };
  };
}

/** `Origin: null` (sandboxed frames, data: URLs) and garbage count as cross-site. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Public keys live in web pages: they work only from the origins they were issued for. */
export function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  return origin !== undefined && allowed.includes(origin);
}

/** A small fixed-window limiter for login attempts, per IP and per account. */
export class AttemptLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Refuses when any key has used up its failures in the current window. */
  check(...keys: string[]): void {
    const now = Date.now();
    for (const key of keys) {
      const entry = this.hits.get(key);
      if (entry && entry.resetAt > now && entry.count >= this.max) {
        throw new AppError('rate_limited', 'Too many attempts. Wait a few minutes and try again.', {
          retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000),
        });
      }
    }
  }

  /** Counts a failed attempt; successful ones never count, so an office behind one address is not locked out. */
  fail(...keys: string[]): void {
    const now = Date.now();
    if (this.hits.size > 50_000) this.hits.clear();
    for (const key of keys) {
      const entry = this.hits.get(key);
      if (!entry || entry.resetAt <= now) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      else entry.count++;
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }
}
