import type { Login, OfficeSessionDto } from '@likeness/shared';
import { AttemptLimiter } from '../admin';

/** Office session tokens are dashboard sessions carried as a bearer token (the pane has no cookie of its own). */
export const OFFICE_SESSION_PREFIX = 'lks_';

export interface SessionIssuer {
  login(input: Login, meta: { ip: string | null; userAgent: string | null }): Promise<{ token: string; expiresAt: Date; me: OfficeSessionDto['me'] }>;
}

/**
 * Sign-in from the add-in's dialog. It reuses the server's sessions: the same password check, audit rows,
 * lifetime (SESSION_TTL_HOURS) and revocation (logout, a disabled user), only handed over as a token.
 */
export class OfficeSessionService {
  /** The same limits as the dashboard's login: 10 failures per address or account in 15 minutes. */
  private readonly limiter = new AttemptLimiter(10, 15 * 60_000);

  constructor(private readonly auth: SessionIssuer) {}

  async create(input: Login, meta: { ip: string | null; userAgent: string | null }): Promise<OfficeSessionDto> {
    const keys = [`ip:${meta.ip ?? 'unknown'}`, `email:${input.email.toLowerCase()}`];
    this.limiter.check(...keys);
    const session = await this.auth.login(input, meta).catch((err: unknown) => {
      this.limiter.fail(...keys);
      throw err;
    });
    this.limiter.reset(keys[1]!);
    return { token: OFFICE_SESSION_PREFIX + session.token, expiresAt: session.expiresAt.toISOString(), me: session.me };
  }
}
