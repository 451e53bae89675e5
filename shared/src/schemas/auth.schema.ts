import { z } from 'zod';
import { PERMISSIONS, PermissionSchema } from '../domain/permissions';
import { RoleRefSchema } from './role.schema';
import { IdSchema, InstantSchema } from './common.schema';

export const LoginSchema = z
  .strictObject({
    email: z.email().max(254),
    password: z.string().min(1).max(500),
  })
  .meta({ id: 'Login' });
export type Login = z.infer<typeof LoginSchema>;

export const LOCALES = ['sv', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES).meta({ id: 'Locale' });
export type Locale = z.infer<typeof LocaleSchema>;

export const MeSchema = z
  .object({
    kind: z.enum(['user', 'api_key']),
    id: IdSchema,
    name: z.string(),
    email: z.string().nullable(),
    role: RoleRefSchema.nullable(),
    roleName: z.string().nullable().meta({ description: "The organisation's own role's name; null for a built-in role or an API key." }),
    locale: LocaleSchema,
    permissions: z.array(PermissionSchema),
    organisation: z.object({ id: IdSchema, name: z.string(), slug: z.string() }),
  })
  .meta({ id: 'Me' });
export type MeDto = z.infer<typeof MeSchema>;

export const UserSchema = z
  .object({
    id: IdSchema,
    email: z.string(),
    name: z.string(),
    role: RoleRefSchema,
    locale: LocaleSchema,
    disabled: z.boolean(),
    lastLoginAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserSchema>;

export const PasswordSchema = z.string().min(10, 'Use at least 10 characters.').max(500);

export const UserCreateSchema = z
  .strictObject({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200),
    role: RoleRefSchema,
    password: PasswordSchema,
    locale: LocaleSchema.optional(),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: RoleRefSchema.optional(),
    locale: LocaleSchema.optional(),
    disabled: z.boolean().optional(),
    password: PasswordSchema.optional(),
  })
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const SESSION_CLIENTS = ['dashboard', 'office'] as const;

/** A signed-in session as an admin sees it: who, where, since when. Never its token. */
export const SessionSchema = z
  .object({
    id: IdSchema,
    userId: IdSchema,
    userName: z.string(),
    userEmail: z.string(),
    client: z.enum(SESSION_CLIENTS).meta({ description: 'Where the user signed in: the dashboard or the Word/PowerPoint add-in.' }),
    userAgent: z.string().nullable(),
    createdAt: InstantSchema,
    lastSeenAt: InstantSchema.meta({ description: 'Last request, to the minute.' }),
    expiresAt: InstantSchema,
    current: z.boolean().meta({ description: 'The session making this request.' }),
  })
  .meta({ id: 'Session' });
export type SessionDto = z.infer<typeof SessionSchema>;
export const SessionListSchema = z.object({ items: z.array(SessionSchema) }).meta({ id: 'SessionList' });

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    prefix: z.string().meta({ description: 'The public start of the key, to recognise it.' }),
    scopes: z.array(PermissionSchema),
    public: z.boolean(),
    origins: z.array(z.string()),
    lastUsedAt: InstantSchema.nullable(),
    revokedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyDto = z.infer<typeof ApiKeySchema>;

const OriginSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'An origin is scheme and host, e.g. https://www.example.se (no path).')
  .max(300);

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(PermissionSchema).min(1).max(PERMISSIONS.length),
    public: z.boolean().default(false).meta({
      description: 'A browser key: may only read status (scopes must be ["status:read"]), only from `origins`, and never sees reasons.',
    }),
    origins: z.array(OriginSchema).max(50).optional().meta({ description: 'Allowed page origins for a public key.' }),
  })
  .superRefine((v, ctx) => {
    if (v.public && (v.scopes.length !== 1 || v.scopes[0] !== 'status:read')) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'A public key can only have the scope status:read.' });
    }
    if (v.public && !v.origins?.length) ctx.addIssue({ code: 'custom', path: ['origins'], message: 'A public key needs at least one origin.' });
  })
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreate = z.infer<typeof ApiKeyCreateSchema>;

export const ApiKeyCreatedSchema = ApiKeySchema.extend({
  key: z.string().meta({ description: 'The full key. Shown once: only its hash is stored.' }),
}).meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreatedDto = z.infer<typeof ApiKeyCreatedSchema>;
