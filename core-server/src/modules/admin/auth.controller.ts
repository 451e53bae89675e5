import { apiKeyContract, authContract, roleContract, sessionContract, userContract } from '@likeness/shared';
import { SESSION_COOKIE } from './authenticator';
import { route } from '../../kernel/route';
import type { AdminFacade } from './index';

export function authRoutes(s: AdminFacade) {
  const { cookie } = s;
  return [
    // Attempts are limited and hashes capped inside auth.login (the Office sign-in goes through it too).
    route(authContract.login, async ({ body, req, res }) => {
      const session = await s.auth.login(body, { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });
      res.cookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.secure === 'auto' ? req.secure : cookie.secure,
        expires: session.expiresAt,
        path: '/',
      });
      return session.me;
    }),
    route(authContract.logout, async ({ ctx, res }) => {
      const result = await s.auth.logout(ctx);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return result;
    }),
    route(authContract.me, ({ ctx }) => s.auth.me(ctx)),
    route(userContract.list, ({ ctx }) => s.users.list(ctx)),
    route(userContract.create, ({ ctx, body }) => s.users.create(ctx, body)),
    route(userContract.update, ({ ctx, params, body }) => s.users.update(ctx, params.id, body)),
    route(roleContract.list, ({ ctx }) => s.roles.list(ctx)),
    route(roleContract.create, ({ ctx, body }) => s.roles.create(ctx, body)),
    route(roleContract.update, ({ ctx, params, body }) => s.roles.update(ctx, params.id, body)),
    route(roleContract.remove, ({ ctx, params }) => s.roles.remove(ctx, params.id)),
    route(sessionContract.list, ({ ctx }) => s.sessions.list(ctx)),
    route(sessionContract.revoke, ({ ctx, params }) => s.sessions.revoke(ctx, params.id)),
    route(apiKeyContract.list, ({ ctx }) => s.apiKeys.list(ctx)),
    route(apiKeyContract.create, ({ ctx, body }) => s.apiKeys.create(ctx, body)),
    route(apiKeyContract.revoke, ({ ctx, params }) => s.apiKeys.revoke(ctx, params.id)),
  ];
}
