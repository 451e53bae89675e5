import { z } from 'zod';
import type { Role } from './enums';

/**
 * Permissions are the unit of authorisation. Roles are fixed sets of them;
 * API keys carry a chosen subset as scopes. A route names exactly one.
 */
export const PERMISSIONS = [
  'persons:read',
  'persons:write',
  /** The full personal number, the BankID signature and the signer's IP in evidence; without it they are masked. */
  'persons:sensitive',
  /** Exporting everything held about a person (Art. 15 and 20): their data in full, evidence unmasked. */
  'persons:export',
  'assets:read',
  'assets:write',
  /** Setting or changing a file's legal basis: a basis other than consent can override what the persons in it said. */
  'assets:basis',
  'status:read',
  'usages:read',
  'usages:write',
  'settings:read',
  'settings:write',
  'users:manage',
  'apikeys:manage',
  'audit:read',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS).meta({ id: 'Permission' });
export type Permission = z.infer<typeof PermissionSchema>;

const READ: Permission[] = ['persons:read', 'assets:read', 'status:read', 'usages:read', 'settings:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  'gdpr-admin': [...READ, 'persons:write', 'persons:sensitive', 'persons:export', 'assets:write', 'assets:basis', 'usages:write', 'settings:write', 'apikeys:manage', 'audit:read'],
  editor: [...READ, 'assets:write', 'usages:write'],
  viewer: READ,
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
