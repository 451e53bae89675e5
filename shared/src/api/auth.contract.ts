import { z } from 'zod';
import {
  ApiKeyCreateSchema,
  ApiKeyCreatedSchema,
  ApiKeySchema,
  LoginSchema,
  MeSchema,
  SessionListSchema,
  SessionSchema,
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
} from '../schemas/auth.schema';
import { IdParamsSchema, OkSchema } from '../schemas/common.schema';
import { RoleCreateSchema, RoleDefinitionSchema, RoleListSchema, RoleRefSchema, RoleUpdateSchema } from '../schemas/role.schema';

const RoleParamsSchema = z.strictObject({ id: RoleRefSchema });
import { defineOperation } from './operation';

export const authContract = {
  login: defineOperation({
    operationId: 'login',
    method: 'post',
    path: '/auth/login',
    tag: 'Auth',
    summary: 'Log in with email and password; sets the session cookie.',
    permission: null,
    body: LoginSchema,
    response: MeSchema,
  }),
  logout: defineOperation({
    operationId: 'logout',
    method: 'post',
    path: '/auth/logout',
    tag: 'Auth',
    summary: 'End the current session.',
    permission: 'session',
    response: OkSchema,
  }),
  me: defineOperation({
    operationId: 'getMe',
    method: 'get',
    path: '/auth/me',
    tag: 'Auth',
    summary: 'Who is calling: the user or API key, its organisation and permissions.',
    permission: 'session',
    response: MeSchema,
  }),
};

/** Signed-in sessions (dashboard and Office add-in): an admin sees them and can end one, e.g. for a lost laptop. */
export const sessionContract = {
  list: defineOperation({
    operationId: 'listSessions',
    method: 'get',
    path: '/sessions',
    tag: 'Users',
    summary: "The organisation's signed-in sessions that have not expired, newest activity first.",
    permission: 'users:manage',
    response: SessionListSchema,
  }),
  revoke: defineOperation({
    operationId: 'revokeSession',
    method: 'delete',
    path: '/sessions/:id',
    tag: 'Users',
    summary: 'End a session at once: its next request is refused and its live sockets close (audited).',
    permission: 'users:manage',
    params: IdParamsSchema,
    response: SessionSchema,
  }),
};

export const userContract = {
  list: defineOperation({
    operationId: 'listUsers',
    method: 'get',
    path: '/users',
    tag: 'Users',
    summary: 'List the organisation\'s users.',
    permission: 'users:manage',
    response: z.object({ items: z.array(UserSchema) }).meta({ id: 'UserList' }),
  }),
  create: defineOperation({
    operationId: 'createUser',
    method: 'post',
    path: '/users',
    tag: 'Users',
    summary: 'Create a user with a role.',
    permission: 'users:manage',
    body: UserCreateSchema,
    response: UserSchema,
    successStatus: 201,
  }),
  update: defineOperation({
    operationId: 'updateUser',
    method: 'patch',
    path: '/users/:id',
    tag: 'Users',
    summary: 'Change a user\'s name, role, language, password, or disable them.',
    permission: 'users:manage',
    params: IdParamsSchema,
    body: UserUpdateSchema,
    response: UserSchema,
  }),
};

export const apiKeyContract = {
  list: defineOperation({
    operationId: 'listApiKeys',
    method: 'get',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'List API keys (never the secrets).',
    permission: 'apikeys:manage',
    response: z.object({ items: z.array(ApiKeySchema) }).meta({ id: 'ApiKeyList' }),
  }),
  create: defineOperation({
    operationId: 'createApiKey',
    method: 'post',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'Create an API key for an integration. The key is in the response once.',
    description: 'Send it as `Authorization: Bearer <key>`. Scopes may not exceed your own permissions.',
    permission: 'apikeys:manage',
    body: ApiKeyCreateSchema,
    response: ApiKeyCreatedSchema,
    successStatus: 201,
  }),
  revoke: defineOperation({
    operationId: 'revokeApiKey',
    method: 'delete',
    path: '/api-keys/:id',
    tag: 'API keys',
    summary: 'Revoke an API key at once.',
    permission: 'apikeys:manage',
    params: IdParamsSchema,
    response: ApiKeySchema,
  }),
};

export const roleContract = {
  list: defineOperation({
    operationId: 'listRoles',
    method: 'get',
    path: '/roles',
    tag: 'Roles',
    summary: "The built-in roles and the organisation's own, with their permissions and how many users hold each.",
    permission: 'session',
    response: RoleListSchema,
  }),
  create: defineOperation({
    operationId: 'createRole',
    method: 'post',
    path: '/roles',
    tag: 'Roles',
    summary: 'Define a role as a set of permissions.',
    description: 'You can only put permissions in a role that you hold yourself (403 `forbidden` otherwise). Every role also reads the settings (`settings:read`): the dashboard needs them.',
    permission: 'roles:manage',
    body: RoleCreateSchema,
    response: RoleDefinitionSchema,
    successStatus: 201,
  }),
  update: defineOperation({
    operationId: 'updateRole',
    method: 'patch',
    path: '/roles/:id',
    tag: 'Roles',
    summary: "Rename a role or change its permissions; its users' permissions change at once.",
    description: 'Built-in roles cannot be changed (409). You can only change a role whose permissions, before and after, you hold yourself.',
    permission: 'roles:manage',
    params: RoleParamsSchema,
    body: RoleUpdateSchema,
    response: RoleDefinitionSchema,
  }),
  remove: defineOperation({
    operationId: 'deleteRole',
    method: 'delete',
    path: '/roles/:id',
    tag: 'Roles',
    summary: 'Delete a role nobody holds (409 `conflict` while a user does). Custom fields stop naming it.',
    permission: 'roles:manage',
    params: RoleParamsSchema,
    response: OkSchema,
  }),
};
