import { AppError, type Login, type MeDto, type Permission, type SessionDto } from '@likeness/shared';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../kernel/password';
import { hashToken, newToken, parseApiKey, safeEqualHex } from '../../kernel/tokens';
import type { RequestContext } from '../../kernel/request-context';
import type { ClusterBus } from '../../kernel/ports';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';
import type { AttemptLimiter, HashGate } from './login-guard';
import type { RoleCatalog } from './role-catalog';
import type { TenantSettingsCache } from './tenant-settings.cache';

type SessionClient = SessionDto['client'];

export interface SessionIssued {
  token: string;
  expiresAt: Date;
  me: MeDto;
}

interface CachedKey {
  ctx: Promise<Omit<RequestContext, 'ip' | 'userAgent'> | null>;
  expires: number;
}

/** A session token sent as `Authorization: Bearer lks_<token>` (the Office task pane has no cookie of its own). */
export const SESSION_BEARER_PREFIX = 'lks_';

/** API keys are checked on every plugin request; a short cache keeps that off the database. */
const KEY_CACHE_MS = 30_000;

export class AuthService {
  private readonly keyCache = new Map<string, CachedKey>();

  constructor(
    private readonly repos: AdminRepositories,
    private readonly uow: AdminUnitOfWork,
    private readonly settings: TenantSettingsCache,
    private readonly roles: RoleCatalog,
    private readonly sessionTtlMs: number,
    private readonly guard: { limiter: AttemptLimiter; hashes: HashGate },
    private readonly bus: ClusterBus,
  ) {}

  /** Every password sign-in (dashboard, Office dialog) comes here: one limiter and one cap on hashes for all. */
  async login(input: Login, meta: { ip: string | null; userAgent: string | null }, client: SessionClient = 'dashboard'): Promise<SessionIssued> {
    const attempt = await this.guard.limiter.begin({ ip: meta.ip, account: input.email });
    const user = await this.repos.users.findByEmail(input.email);
    const ok = await this.guard.hashes.run(() => verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH));
    if (!user || !ok || user.disabledAt) {
      if (user) {
        await this.uow.run((repos) =>
          repos.audit.append({
            tenantId: user.tenantId,
            actor: { type: 'user', id: user.id, label: user.email },
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user.id,
            ...meta,
          }),
        );
      }
      throw new AppError('invalid_credentials', 'Wrong email or password.');
    }
    await attempt.succeeded();
    const token = newToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.uow.run(async (repos) => {
      await repos.sessions.create({ tenantId: user.tenantId, userId: user.id, tokenHash: hashToken(token), expiresAt, client, ...meta });
      await repos.users.update(user.tenantId, user.id, { lastLoginAt: now });
      await repos.audit.append({
        tenantId: user.tenantId,
        actor: { type: 'user', id: user.id, label: user.email },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        ...meta,
      });
    });
    const me = await this.me({
      tenantId: user.tenantId,
      actor: { type: 'user', id: user.id, label: user.email },
      role: user.role,
      permissions: await this.roles.permissionsOf(user.tenantId, user.role),
      sessionTokenHash: null,
      ...meta,
    });
    return { token, expiresAt, me };
  }

  async logout(ctx: RequestContext): Promise<{ ok: true }> {
    if (!ctx.sessionTokenHash) throw new AppError('validation_failed', 'API keys have no session to end; revoke the key instead.');
    await this.uow.run(async (repos, afterCommit) => {
      await repos.sessions.delete(ctx.sessionTokenHash!);
      // The session's live sockets close at once, on whichever node holds them.
      afterCommit(() => this.bus.publish({ kind: 'session_ended', tokenHash: ctx.sessionTokenHash! }));
      await repos.audit.append({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'auth.logout', entityType: 'user', entityId: ctx.actor.id, ip: ctx.ip, userAgent: ctx.userAgent });
    });
    return { ok: true };
  }

  async fromSession(token: string): Promise<Omit<RequestContext, 'ip' | 'userAgent'> | null> {
    const tokenHash = hashToken(token);
    const now = new Date();
    const session = await this.repos.sessions.findValid(tokenHash, now);
    if (!session) return null;
    // Touch at most once a minute: a write per request would serialise every read on SQLite.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await this.repos.sessions.touch(session.tenantId, session.id, now);
    const role = session.user.role;
    return {
      tenantId: session.tenantId,
      actor: { type: 'user', id: session.userId, label: session.user.email },
      role,
      permissions: await this.roles.permissionsOf(session.tenantId, role),
      sessionTokenHash: tokenHash,
    };
  }

  /** Concurrent requests with the same key share one lookup (single flight). */
  fromApiKey(key: string): Promise<Omit<RequestContext, 'ip' | 'userAgent'> | null> {
    // Office add-in sessions (modules/documents) travel as bearer tokens: a session, checked on every use, never cached.
    if (key.startsWith(SESSION_BEARER_PREFIX)) return this.fromSession(key.slice(SESSION_BEARER_PREFIX.length));
    const cached = this.keyCache.get(key);
    if (cached && cached.expires > Date.now()) return cached.ctx;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    const ctx = this.lookupApiKey(key);
    this.keyCache.set(key, { ctx, expires: Date.now() + KEY_CACHE_MS });
    ctx.then((c) => c ?? this.keyCache.delete(key), () => this.keyCache.delete(key));
    return ctx;
  }

  private async lookupApiKey(key: string): Promise<Omit<RequestContext, 'ip' | 'userAgent'> | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const row = await this.repos.apiKeys.findByPrefix(parsed.prefix);
    if (!row || row.revokedAt || !safeEqualHex(row.secretHash, hashToken(parsed.secret))) return null;
    const ctx = {
      tenantId: row.tenantId,
      actor: { type: 'api_key' as const, id: row.id, label: row.name },
      role: null,
      permissions: row.scopes as Permission[],
      sessionTokenHash: null,
      ...(row.public ? { publicOrigins: (row.origins as string[] | null) ?? [] } : {}),
    };
    // Bookkeeping only: no request waits for it.
    this.repos.apiKeys.markUsed(row.tenantId, row.id, new Date()).catch(() => undefined);
    return ctx;
  }

  /** Revocation must bite at once, not after the cache's lifetime. */
  forgetApiKey(id: string): void {
    for (const [key, entry] of this.keyCache) {
      void entry.ctx.then((c) => c?.actor.id === id && this.keyCache.delete(key), () => undefined);
    }
  }

  async me(ctx: RequestContext): Promise<MeDto> {
    const settings = await this.settings.get(ctx.tenantId);
    const organisation = { id: settings.id, name: settings.name, slug: settings.slug };
    if (ctx.actor.type === 'api_key') {
      return { kind: 'api_key', id: ctx.actor.id!, name: ctx.actor.label ?? '', email: null, role: null, roleName: null, locale: 'sv', permissions: [...ctx.permissions], organisation };
    }
    const user = await this.repos.users.findInTenant(ctx.tenantId, ctx.actor.id!);
    if (!user) throw new AppError('unauthenticated', 'The user no longer exists.');
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      roleName: await this.roles.nameOf(ctx.tenantId, user.role),
      locale: user.locale as MeDto['locale'],
      permissions: [...ctx.permissions],
      organisation,
    };
  }
}
