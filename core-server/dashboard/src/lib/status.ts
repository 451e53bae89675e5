import type { MantineColor } from '@mantine/core';
import { en } from '../i18n/en';
import type { AgreementKind, AgreementState, AuditAction, ConsentMethod, ConsentRequestStatus, ConsentState, GdprStatus, LegalBasis, Role } from './api';

/** Every GDPR status with its colour, in the order of the workflow. Typed as a Record so a new status fails to compile. */
export const STATUS_COLOR: Record<GdprStatus, MantineColor> = {
  unhandled: 'gray',
  persons_missing: 'violet',
  consent_missing: 'orange',
  expiring: 'yellow',
  approved: 'teal',
  expired: 'red',
  withdrawn: 'pink',
};
export const GDPR_STATUSES = Object.keys(STATUS_COLOR) as GdprStatus[];

export const CONSENT_COLOR: Record<ConsentState, MantineColor> = {
  valid: 'teal',
  expiring: 'yellow',
  missing: 'orange',
  expired: 'red',
  withdrawn: 'pink',
  deceased: 'gray',
};

export const AGREEMENT_COLOR: Record<AgreementState, MantineColor> = {
  valid: 'teal',
  expiring: 'yellow',
  not_yet_valid: 'blue',
  expired: 'red',
  withdrawn: 'pink',
};

/** The legal bases grouped as the guided choice presents them. */
export const BASIS_GROUPS: Array<{ key: 'persons' | 'noConsent' | 'outside'; bases: LegalBasis[] }> = [
  { key: 'persons', bases: ['consent'] },
  { key: 'noConsent', bases: ['public_task', 'contract', 'legal_obligation', 'legitimate_interest', 'vital_interests', 'external_licence'] },
  { key: 'outside', bases: ['no_identifiable_persons', 'historical', 'artistic_journalistic'] },
];
const ALL_BASES: Record<LegalBasis, true> = {
  consent: true,
  contract: true,
  legal_obligation: true,
  vital_interests: true,
  public_task: true,
  legitimate_interest: true,
  external_licence: true,
  no_identifiable_persons: true,
  historical: true,
  artistic_journalistic: true,
};
export const LEGAL_BASES = Object.keys(ALL_BASES) as LegalBasis[];
/** Bases whose right to use the file can end (a contract, an obligation, a task, a licence). */
export const BASES_WITH_END: LegalBasis[] = ['contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interest', 'external_licence'];

const KINDS: Record<AgreementKind, true> = { written: true, oral: true, digital: true, model_release: true };
export const AGREEMENT_KINDS = Object.keys(KINDS) as AgreementKind[];

const ROLE_SET: Record<Role, true> = { owner: true, 'gdpr-admin': true, editor: true, viewer: true };
export const ROLES = Object.keys(ROLE_SET) as Role[];

/**
 * Audit actions with a label, for the filter. Deliberately not exhaustive over the API's AuditAction: features add
 * actions as they land, and an action without a label is shown by its code rather than breaking the build.
 */
export const AUDIT_ACTIONS = Object.keys(en.audit.actions) as AuditAction[];

/**
 * Digital consent requests: where each one is, from created to answered. Not exhaustive over the API's types on
 * purpose (the feature is young): an unknown status shows grey, with its code.
 */
export const REQUEST_STATUSES = [
  'created',
  'sent',
  'delivered',
  'opened',
  'signed',
  'declined',
  'expired',
  'cancelled',
] as const satisfies readonly ConsentRequestStatus[];
const REQUEST_COLORS: Partial<Record<ConsentRequestStatus, MantineColor>> = {
  sent: 'blue',
  delivered: 'blue',
  opened: 'indigo',
  signed: 'teal',
  declined: 'red',
  expired: 'orange',
};
export const requestColor = (s: ConsentRequestStatus): MantineColor => REQUEST_COLORS[s] ?? 'gray';
export const OPEN_REQUEST_STATUSES: ConsentRequestStatus[] = ['created', 'sent', 'delivered', 'opened'];
export const CONSENT_METHODS = ['bankid', 'sms_code', 'email_code'] as const satisfies readonly ConsentMethod[];
