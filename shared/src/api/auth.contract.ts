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
