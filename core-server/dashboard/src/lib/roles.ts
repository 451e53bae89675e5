import { ROLE_PERMISSIONS, isBuiltInRole, permissionsBeyond, type Permission } from '@likeness/shared/access';
import { useMe } from './auth';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from './api';
import { ROLES } from './status';

export const rolesQuery = { queryKey: ['roles'], queryFn: () => unwrap(api.GET('/api/v1/roles')) };

type PermissionKey<P extends string> = P extends `${infer A}:${infer B}` ? `${A}_${B}` : never;

/** i18next reads ':' as a namespace separator, so permission keys are looked up with '_'. */
export const permissionKey = (p: Permission) => p.replace(':', '_') as PermissionKey<Permission>;

/** A role's name and help in the user's language: translated for a preset, as written for the organisation's own. */
export function roleText(t: TFunction, role: { id: string; name: string; description: string | null }): { name: string; description: string | null } {
  return isBuiltInRole(role.id) ? { name: t(`roles.${role.id}`), description: t(`roleHelp.${role.id}`) } : { name: role.name, description: role.description };
}

export interface RoleOption {
  value: string;
  label: string;
  description: string;
  /** Whether the signed-in user holds every permission of the role: only then may they give it (or manage its holders). */
  within: boolean;
}

/** Every role a user can hold, built-in first, labelled in the user's language. */
export function useRoleOptions(): RoleOption[] {
  const { t } = useTranslation();
  const me = useMe();
  const roles = useQuery(rolesQuery);
  const permissionsOf = new Map((roles.data?.items ?? []).map((r) => [r.id, r.permissions]));
  const within = (id: string) => permissionsBeyond(me.permissions, permissionsOf.get(id) ?? (isBuiltInRole(id) ? ROLE_PERMISSIONS[id] : [])).length === 0;
  const builtIn = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`), description: t(`roleHelp.${r}`), within: within(r) }));
  const custom = (roles.data?.items ?? [])
    .filter((r) => !r.builtIn)
    .map((r) => ({ value: r.id, label: r.name, description: r.description ?? t('settings.roles.customHelp', { count: r.permissions.length }), within: within(r.id) }));
  return [...builtIn, ...custom];
}
