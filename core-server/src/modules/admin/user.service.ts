import { AppError, type UserCreate, type UserDto, type UserUpdate } from '@likeness/shared';
import { hashPassword } from '../../kernel/password';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { ClusterBus } from '../../kernel/ports';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';
import type { RoleService } from './role.service';

type UserRow = NonNullable<Awaited<ReturnType<AdminRepositories['users']['findInTenant']>>>;

export function toUserDto(u: UserRow): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    locale: u.locale as UserDto['locale'],
    disabled: u.disabledAt !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export class UserService {
  constructor(
    private readonly repos: AdminRepositories,
    private readonly uow: AdminUnitOfWork,
    private readonly bus: ClusterBus,
    private readonly roles: Pick<RoleService, 'assertAssignable'>,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: UserDto[] }> {
    return { items: (await this.repos.users.list(ctx.tenantId)).map(toUserDto) };
  }

  async create(ctx: RequestContext, input: UserCreate): Promise<UserDto> {
    await this.roles.assertAssignable(ctx, input.role);
    const passwordHash = await hashPassword(input.password);
    return this.uow.run(async (repos) => {
      if (await repos.users.findByEmail(input.email)) throw new AppError('conflict', 'A user with this email already exists.', { field: 'email' });
      const user = await repos.users.create({ tenantId: ctx.tenantId, email: input.email, name: input.name, role: input.role, passwordHash, locale: input.locale });
      await repos.audit.append({ ...auditMeta(ctx), action: 'user.created', entityType: 'user', entityId: user.id, after: { email: user.email, role: user.role } });
      return toUserDto(user);
    });
  }

  async update(ctx: RequestContext, id: string, input: UserUpdate): Promise<UserDto> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    return this.uow.run(async (repos, afterCommit) => {
      const current = await repos.users.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such user.');
      // Managing a user is acting with their powers (a new password is a sign-in): only within your own.
      await this.roles.assertAssignable(ctx, current.role);
      if (input.role && input.role !== current.role) await this.roles.assertAssignable(ctx, input.role);
      const losesOwner = current.role === 'owner' && current.disabledAt === null && ((input.role && input.role !== 'owner') || input.disabled);
      if (losesOwner && (await repos.users.countOwners(ctx.tenantId)) <= 1) {
        throw new AppError('conflict', 'The organisation must keep at least one active owner.');
      }
      const user = await repos.users.update(ctx.tenantId, id, {
        ...(input.name ? { name: input.name } : {}),
        ...(input.role ? { role: input.role } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
      });
      // A disabled user or a new password ends every open session.
      if (input.disabled || passwordHash) await repos.sessions.deleteForUser(ctx.tenantId, id);
      // Their live sockets close on every node too; after a role change they reconnect with the new permissions.
      if (input.disabled || passwordHash || (input.role && input.role !== current.role)) afterCommit(() => this.bus.publish({ kind: 'user_sessions_ended', userId: id }));
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before: { role: current.role, disabled: current.disabledAt !== null },
        after: { role: user.role, disabled: user.disabledAt !== null, passwordChanged: Boolean(passwordHash) },
      });
      return toUserDto(user);
    });
  }
}
