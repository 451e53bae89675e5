import { z } from 'zod';
import { ROLES, RoleSchema } from '../domain/enums';
import { PERMISSIONS, PermissionSchema } from '../domain/permissions';
import { IdSchema, InstantSchema } from './common.schema';

/** A role a user holds: one of the four built-in presets, or the id of one of the organisation's own roles. */
export const RoleRefSchema = z
  .union([RoleSchema, IdSchema])
  .meta({ id: 'RoleRef', description: `A built-in role (${ROLES.join(', ')}) or the id of the organisation's own role.` });
export type RoleRef = z.infer<typeof RoleRefSchema>;

export const RoleDefinitionSchema = z
  .object({
    id: RoleRefSchema,
    name: z.string().meta({ description: 'For a built-in role its key; the dashboard shows its translated name.' }),
    description: z.string().nullable(),
    builtIn: z.boolean().meta({ description: 'A preset: it cannot be changed or deleted.' }),
    permissions: z.array(PermissionSchema),
    users: z.number().int().nonnegative().meta({ description: 'Users who hold the role, active or disabled.' }),
    createdAt: InstantSchema.nullable(),
    updatedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'RoleDefinition' });
export type RoleDefinitionDto = z.infer<typeof RoleDefinitionSchema>;
export const RoleListSchema = z.object({ items: z.array(RoleDefinitionSchema) }).meta({ id: 'RoleList' });

const RoleNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine((n) => !(ROLES as readonly string[]).includes(n.toLowerCase()), 'A built-in role already has this name.');
const PermissionSetSchema = z
  .array(PermissionSchema)
  .min(1, 'A role needs at least one permission.')
  .max(PERMISSIONS.length)
  .refine((l) => new Set(l).size === l.length, 'Each permission once.');

export const RoleCreateSchema = z
  .strictObject({
    name: RoleNameSchema,
    description: z.string().trim().max(300).nullable().optional(),
    permissions: PermissionSetSchema,
  })
  .meta({ id: 'RoleCreate' });
export type RoleCreate = z.infer<typeof RoleCreateSchema>;

export const RoleUpdateSchema = z
  .strictObject({
    name: RoleNameSchema.optional(),
    description: z.string().trim().max(300).nullable().optional(),
    permissions: PermissionSetSchema.optional(),
  })
  .meta({ id: 'RoleUpdate' });
export type RoleUpdate = z.infer<typeof RoleUpdateSchema>;
