import {
  AppError,
  PERMISSIONS,
  ROLES,
  ROLE_BASELINE,
  ROLE_PERMISSIONS,
  isBuiltInRole,
  permissionsBeyond,
  type CustomFieldDefinition,
  type Permission,
  type RoleCreate,
  type RoleDefinitionDto,
  type RoleUpdate,
} from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { ClusterBus } from '../../kernel/ports';
import type { AdminRepositories, AdminUnitOfWork } from './admin.repositories';
import type { RoleCatalog } from './role-catalog';

type RoleRow = NonNullable<Awaited<ReturnType<AdminRepositories['roles']['findInTenant']>>>;

/** Permissions in the order the contract lists them, so a role reads the same wherever it is shown. */
const ordered = (list: readonly Permission[]) => PERMISSIONS.filter((p) => list.includes(p));
/** What a custom role stores: the chosen permissions plus the baseline every role has. */
const withBaseline = (list: readonly Permission[]) => ordered([...ROLE_BASELINE, ...list]);

function toRoleDto(r: RoleRow, users: number): RoleDefinitionDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    builtIn: false,
    permissions: ordered(r.permissions as Permission[]),
    users,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The organisation's own roles. The one rule that keeps them safe from an insider: nobody can put a
 * permission in a role, or change a role, beyond the permissions they hold themselves.
 */
export class RoleService {
  constructor(
    private readonly repos: AdminRepositories,
    private readonly uow: AdminUnitOfWork,
    private readonly catalog: RoleCatalog,
    private readonly bus: ClusterBus,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: RoleDefinitionDto[] }> {
    const [rows, counts] = await Promise.all([this.repos.roles.list(ctx.tenantId), this.repos.users.countByRole(ctx.tenantId)]);
    const builtIn = ROLES.map((key) => ({
      id: key,
      name: key,
      description: null,
      builtIn: true,
      permissions: [...ROLE_PERMISSIONS[key]],
      users: counts.get(key) ?? 0,
      createdAt: null,
      updatedAt: null,
    }));
    return { items: [...builtIn, ...rows.map((r) => toRoleDto(r, counts.get(r.id) ?? 0))] };
  }

  async create(ctx: RequestContext, input: RoleCreate): Promise<RoleDefinitionDto> {
    const permissions = withBaseline(input.permissions);
    assertWithin(ctx, permissions);
    return this.uow.run(async (repos, afterCommit) => {
      await assertNameFree(repos, ctx.tenantId, input.name, null);
      const row = await repos.roles.create({ tenantId: ctx.tenantId, name: input.name, description: input.description ?? null, permissions });
      await repos.audit.append({ ...auditMeta(ctx), action: 'role.created', entityType: 'role', entityId: row.id, after: { name: row.name, permissions: row.permissions } });
      afterCommit(() => this.changed(ctx.tenantId));
      return toRoleDto(row, 0);
    });
  }

  async update(ctx: RequestContext, id: string, input: RoleUpdate): Promise<RoleDefinitionDto> {
    return this.uow.run(async (repos, afterCommit) => {
      const current = await findCustom(repos, ctx.tenantId, id);
      const before = current.permissions as Permission[];
      const after = input.permissions ? withBaseline(input.permissions) : before;
      // Changing a role changes its holders: only someone who holds all it grants, before and after, may.
      assertWithin(ctx, [...before, ...after]);
      if (input.name !== undefined) await assertNameFree(repos, ctx.tenantId, input.name, id);
      const row = await repos.roles.update(ctx.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.permissions ? { permissions: after } : {}),
      });
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'role.updated',
        entityType: 'role',
        entityId: id,
        before: { name: current.name, permissions: before },
        after: { name: row.name, permissions: row.permissions },
      });
      const holders = await repos.users.listIdsWithRole(ctx.tenantId, id);
      const permissionsChanged = after.join() !== ordered(before).join();
      afterCommit(() => {
        this.changed(ctx.tenantId);
        // Requests pick the new permissions up at once; live sockets reconnect to be authorised again.
        if (permissionsChanged) for (const u of holders) this.bus.publish({ kind: 'user_sessions_ended', userId: u.id });
      });
      return toRoleDto(row, holders.length);
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    return this.uow.run(async (repos, afterCommit) => {
      const current = await findCustom(repos, ctx.tenantId, id);
      assertWithin(ctx, current.permissions as Permission[]);
      const holders = await repos.users.listIdsWithRole(ctx.tenantId, id);
      if (holders.length) throw new AppError('conflict', `${holders.length} user(s) hold this role; give them another role first.`, { users: holders.length });
      await repos.roles.delete(ctx.tenantId, id);
      // Custom fields stop naming the role (a field keeps at least one role: the owners).
      const tenant = await repos.tenants.findById(ctx.tenantId);
      const fields = (tenant?.customFields ?? []) as CustomFieldDefinition[];
      const narrowed = fields.filter((f) => f.visibleTo.includes(id)).map((f) => f.key);
      if (narrowed.length) {
        const kept = fields.map((f) => {
          const visibleTo = f.visibleTo.filter((r) => r !== id);
          return { ...f, visibleTo: visibleTo.length ? visibleTo : ['owner' as const] };
        });
        await repos.tenants.update(ctx.tenantId, { customFields: kept });
        afterCommit(() => this.bus.publish({ kind: 'settings', tenantId: ctx.tenantId }));
      }
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'role.deleted',
        entityType: 'role',
        entityId: id,
        before: { name: current.name, permissions: current.permissions },
        ...(narrowed.length ? { after: { customFieldsNoLongerVisible: narrowed } } : {}),
      });
      afterCommit(() => this.changed(ctx.tenantId));
      return { ok: true as const };
    });
  }

  /** For users.create/update: the role exists in this organisation and grants nothing beyond the actor. */
  async assertAssignable(ctx: RequestContext, role: string): Promise<void> {
    if (!(await this.catalog.exists(ctx.tenantId, role))) throw new AppError('validation_failed', 'No such role in this organisation.', { field: 'role' });
    assertWithin(ctx, await this.catalog.permissionsOf(ctx.tenantId, role));
  }

  private changed(tenantId: string): void {
    this.catalog.invalidate(tenantId);
    this.bus.publish({ kind: 'roles', tenantId });
  }
}

function assertWithin(ctx: RequestContext, wanted: readonly Permission[]): void {
  const beyond = permissionsBeyond(ctx.permissions, wanted);
  if (beyond.length) throw new AppError('forbidden', `You cannot grant permissions you do not hold: ${beyond.join(', ')}.`, { permissions: beyond });
}

async function findCustom(repos: AdminRepositories, tenantId: string, id: string): Promise<RoleRow> {
  if (isBuiltInRole(id)) throw new AppError('conflict', 'Built-in roles cannot be changed or deleted; define a role of your own instead.');
  const row = await repos.roles.findInTenant(tenantId, id);
  if (!row) throw new AppError('not_found', 'No such role.');
  return row;
}

async function assertNameFree(repos: AdminRepositories, tenantId: string, name: string, self: string | null): Promise<void> {
  const taken = (await repos.roles.list(tenantId)).some((r) => r.id !== self && r.name.toLowerCase() === name.toLowerCase());
  if (taken) throw new AppError('conflict', 'A role with this name already exists.', { field: 'name' });
}
