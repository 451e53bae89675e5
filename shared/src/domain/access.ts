import type { Role } from './enums';

/**
 * Who may do what, without zod: the dashboard imports this as `@likeness/shared/access`.
 *
 * Permissions are the unit of authorisation. A role is a set of them (four built-in presets, plus the
 * organisation's own roles); API keys carry a chosen subset as scopes. A route names exactly one.
 */
export const PERMISSIONS = [
  'persons:read',
  'persons:write',
  /** The full personal number, the BankID signature and the signer's IP in evidence; without it they are masked. */
  'persons:sensitive',
  /** Exporting everything held about a person (Art. 15 and 20): their data in full, evidence unmasked. */
  'persons:export',
  /** Seeing and setting the organisation's custom fields (each field can narrow this further to some roles). */
  'persons:fields',
  'assets:read',
  'assets:write',
  /** Setting or changing a file's legal basis: a basis other than consent can override what the persons in it said. */
  'assets:basis',
  /** Accepting or rejecting face matching's suggestions (a confirmed face ties a person to a file). */
  'faces:review',
  /** Writing, changing and retiring the consent templates (the legal text persons sign). */
  'templates:manage',
  /** Sending consent requests by SMS or email, reminding, cancelling, and reading the outbox. */
  'requests:send',
  'status:read',
  'usages:read',
  'usages:write',
  'settings:read',
  'settings:write',
  'users:manage',
  /** Defining the organisation's own roles. Nobody can grant a permission they do not hold. */
  'roles:manage',
  'apikeys:manage',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['persons:read', 'assets:read', 'status:read', 'usages:read', 'settings:read'];

/** The built-in presets: they cannot be changed or deleted. Custom fields keep their own per-role visibility. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  'gdpr-admin': [
    ...READ,
    'persons:write',
    'persons:sensitive',
    'persons:export',
    'persons:fields',
    'assets:write',
    'assets:basis',
    'faces:review',
    'templates:manage',
    'requests:send',
    'usages:write',
    'settings:write',
    'apikeys:manage',
    'audit:read',
  ],
  editor: [...READ, 'persons:fields', 'assets:write', 'faces:review', 'usages:write'],
  viewer: [...READ, 'persons:fields'],
};

/** Every role of the organisation's own reads the settings: the dashboard needs the channels and fields to work. */
export const ROLE_BASELINE: readonly Permission[] = ['settings:read'];

export function isBuiltInRole(role: string): role is Role {
  return Object.hasOwn(ROLE_PERMISSIONS, role);
}

/** Permissions in `wanted` that `held` lacks: what granting `wanted` would escalate to. */
export function permissionsBeyond(held: readonly Permission[], wanted: readonly Permission[]): Permission[] {
  return [...new Set(wanted.filter((p) => !held.includes(p)))];
}

/**
 * Whether a viewer sees (and may set) a custom field: it takes the permission persons:fields, and a
 * user's role must be among the field's roles. An API key has no role: its scope alone decides.
 */
export function customFieldVisible(field: { visibleTo: readonly string[] }, viewer: { role: string | null; permissions: readonly Permission[] }): boolean {
  if (!viewer.permissions.includes('persons:fields')) return false;
  return viewer.role === null || field.visibleTo.includes(viewer.role);
}

/** How the dashboard groups permissions when a role is edited. */
export const PERMISSION_GROUPS: Record<'register' | 'files' | 'consent' | 'administration', readonly Permission[]> = {
  register: ['persons:read', 'persons:write', 'persons:fields', 'persons:sensitive', 'persons:export'],
  files: ['assets:read', 'assets:write', 'assets:basis', 'faces:review', 'status:read', 'usages:read', 'usages:write'],
  consent: ['templates:manage', 'requests:send'],
  administration: ['settings:read', 'settings:write', 'users:manage', 'roles:manage', 'apikeys:manage', 'audit:read'],
};
