import { AppError, type SessionDto } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { ClusterBus } from '../../kernel/ports';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';

type SessionRow = NonNullable<Awaited<ReturnType<AdminRepositories['sessions']['findInTenant']>>>;

function toSessionDto(s: SessionRow, ctx: RequestContext): SessionDto {
  return {
    id: s.id,
    userId: s.userId,
    userName: s.user.name,
    userEmail: s.user.email,
    client: s.client === 'office' ? 'office' : 'dashboard',
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: ctx.sessionTokenHash !== null && s.tokenHash === ctx.sessionTokenHash,
  };
}

/** Who is signed in where, and ending a session on an admin's word (a lost laptop, a shared machine). */
export class SessionService {
  constructor(
    private readonly repos: AdminRepositories,
    private readonly uow: AdminUnitOfWork,
    private readonly bus: ClusterBus,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: SessionDto[] }> {
    const rows = await this.repos.sessions.listActive(ctx.tenantId, new Date());
    return { items: rows.map((s) => toSessionDto(s, ctx)) };
  }

  async revoke(ctx: RequestContext, id: string): Promise<SessionDto> {
    return this.uow.run(async (repos, afterCommit) => {
      const session = await repos.sessions.findInTenant(ctx.tenantId, id);
      if (!session) throw new AppError('not_found', 'No such session; it may have ended already.');
      await repos.sessions.deleteInTenant(ctx.tenantId, id);
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'auth.session_revoked',
        entityType: 'user',
        entityId: session.userId,
        before: { sessionId: session.id, client: session.client, createdAt: session.createdAt.toISOString() },
      });
      // Its live sockets close at once, on whichever node holds them (as on logout).
      afterCommit(() => this.bus.publish({ kind: 'session_ended', tokenHash: session.tokenHash }));
      return toSessionDto(session, ctx);
    });
  }
}
