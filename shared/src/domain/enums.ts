import { z } from 'zod';

/** Roles a user holds inside one organisation (tenant). */
export const ROLES = ['owner', 'gdpr-admin', 'editor', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role', description: 'Role of a user within the organisation.' });
export type Role = z.infer<typeof RoleSchema>;

/** Step 1 of the approval: on what legal basis may the file be used at all. */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legitimate_interest',
  'external_licence',
  'no_identifiable_persons',
  'historical',
  'artistic_journalistic',
] as const;
export const LegalBasisSchema = z.enum(LEGAL_BASES).meta({
  id: 'LegalBasis',
  description:
    'consent: identifiable persons, consent required. contract: necessary for a contract or legal obligation. ' +
    'legitimate_interest: no consent needed. external_licence: stock or photographer licence. ' +
    'no_identifiable_persons / historical / artistic_journalistic: outside GDPR.',
});
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

/** Bases that make the file approved without naming persons. */
export const BASES_WITHOUT_CONSENT: readonly LegalBasis[] = LEGAL_BASES.filter((b) => b !== 'consent');
export const BASES_OUTSIDE_GDPR: readonly LegalBasis[] = ['no_identifiable_persons', 'historical', 'artistic_journalistic'];

export const AGREEMENT_KINDS = ['written', 'oral', 'digital', 'model_release'] as const;
export const AgreementKindSchema = z.enum(AGREEMENT_KINDS).meta({ id: 'AgreementKind' });
export type AgreementKind = z.infer<typeof AgreementKindSchema>;

/** Who gave the agreement: the person themself, or their guardian (required for minors). */
export const SIGNERS = ['subject', 'guardian'] as const;
export const SignerSchema = z.enum(SIGNERS).meta({ id: 'Signer' });
export type Signer = z.infer<typeof SignerSchema>;

export const GDPR_STATUSES = [
  'unhandled',
  'persons_missing',
  'consent_missing',
  'expiring',
  'approved',
  'expired',
  'withdrawn',
] as const;
export const GdprStatusSchema = z.enum(GDPR_STATUSES).meta({ id: 'GdprStatus' });
export type GdprStatus = z.infer<typeof GdprStatusSchema>;

/** Statuses under which a file may be shown. */
export const APPROVED_STATUSES: readonly GdprStatus[] = ['approved', 'expiring'];

export const UNAPPROVED_POLICIES = ['hide', 'warn'] as const;
export const UnapprovedPolicySchema = z.enum(UNAPPROVED_POLICIES).meta({
  id: 'UnapprovedPolicy',
  description: 'hide: integrations must not show non-approved files. warn: show them, but warn editors.',
});
export type UnapprovedPolicy = z.infer<typeof UnapprovedPolicySchema>;
