import { z } from 'zod';

/** Roles a user holds inside one organisation (tenant). */
export const ROLES = ['owner', 'gdpr-admin', 'editor', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role', description: 'Role of a user within the organisation.' });
export type Role = z.infer<typeof RoleSchema>;

/**
 * Step 1 of the approval: on what legal basis may the file be used at all. The six bases of
 * GDPR Art. 6(1) (a consent … f legitimate interest), a licence from the photographer or agency,
 * and the grounds on which the file falls outside the GDPR.
 */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interest',
  'external_licence',
  'no_identifiable_persons',
  'historical',
  'artistic_journalistic',
] as const;
export const LegalBasisSchema = z.enum(LEGAL_BASES).meta({
  id: 'LegalBasis',
  description:
    'consent (Art. 6(1)(a)): identifiable persons, consent required. The other bases need no consent: ' +
    'contract (b): necessary for a contract with the person; legal_obligation (c): required by law; ' +
    'vital_interests (d): to protect someone\'s life; public_task (e): a task in the public interest or the exercise ' +
    'of official authority (municipalities, schools, regions); legitimate_interest (f): after a balancing test. ' +
    'external_licence: stock or photographer licence. no_identifiable_persons / historical / artistic_journalistic: outside GDPR.',
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
