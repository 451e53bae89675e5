import type { Login, OfficeSessionDto } from '@likeness/shared';

/** Office session tokens are dashboard sessions carried as a bearer token (the pane has no cookie of its own). */
export const OFFICE_SESSION_PREFIX = 'lks_';

export interface SessionIssuer {
  login(input: Login, meta: { ip: string | null; userAgent: string | null }, client: 'office'): Promise<{ token: string; expiresAt: Date; me: OfficeSessionDto['me'] }>;
}

/**
 * Sign-in from the add-in's dialog. It reuses the server's sessions: the same password check, audit rows,
 * lifetime (SESSION_TTL_HOURS) and revocation (logout, a disabled user), only handed over as a token.
 */
export class OfficeSessionService {
  /** The login itself counts attempts and caps hashes (admin's AuthService): the same limits as the dashboard's. */
  constructor(private readonly auth: SessionIssuer) {}

  async create(input: Login, meta: { ip: string | null; userAgent: string | null }): Promise<OfficeSessionDto> {
    const session = await this.auth.login(input, meta, 'office');
    return { token: OFFICE_SESSION_PREFIX + session.token, expiresAt: session.expiresAt.toISOString(), me: session.me };
  }
}
