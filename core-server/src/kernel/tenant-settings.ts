import type { TxScope } from './unit-of-work';
import { SettingsSchema, type Role, type SettingsDto } from '@likeness/shared';

type StoredField = Exclude<keyof SettingsDto, 'organisationName'>;

/** An organisation's settings: the API's Settings fields (one list: the shared SettingsSchema) plus its identity. */
export type TenantSettings = Pick<SettingsDto, StoredField> & { id: string; name: string; slug: string };

/** The settings a tenant row stores under their own name; `organisationName` is the row's `name`. */
export const STORED_SETTINGS_FIELDS = Object.keys(SettingsSchema.shape).filter((k): k is StoredField => k !== 'organisationName');

/** What the database stores for those fields: lists as JSON, the recipients as a comma list. */
type Stored<K extends StoredField> = K extends 'warningRecipients' ? string : K extends 'channels' | 'customFields' | 'deliveryChannels' ? unknown : K extends 'unapprovedPolicy' ? string : SettingsDto[K];
export type TenantRow = { id: string; name: string; slug: string } & { [K in StoredField]: Stored<K> };
/** A write of settings in the row's shape. */
export type TenantSettingsWrite = Partial<{ name: string; warningRecipients: string } & Omit<Pick<SettingsDto, StoredField>, 'warningRecipients'>>;

export function toTenantSettings(row: TenantRow): TenantSettings {
  const settings: Record<string, unknown> = { id: row.id, name: row.name, slug: row.slug };
  for (const key of STORED_SETTINGS_FIELDS) settings[key] = row[key];
  settings.warningRecipients = row.warningRecipients.split(',').filter(Boolean) as Role[];
  return settings as TenantSettings;
}

export function toSettingsDto(s: TenantSettings): SettingsDto {
  const dto: Record<string, unknown> = { organisationName: s.name };
  for (const key of STORED_SETTINGS_FIELDS) dto[key] = s[key];
  return dto as SettingsDto;
}

/** The tenant's settings as every module reads them (kept in memory; invalidated over the cluster bus). */
export interface TenantSettingsSource {
  get(tenantId: string): Promise<TenantSettings>;
  /** Read through an open transaction, not the cache (a change in it must be seen); null when the tenant is gone. */
  inTransaction(scope: TxScope, tenantId: string): Promise<TenantSettings | null>;
}
