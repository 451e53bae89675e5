import type { GdprStatus, LegalBasis, Signer } from '../domain/enums';

/** Tunables of the status rules, set per organisation. */
export interface StatusRules {
  /** How many days before the end of an approval the status turns to `expiring`. 0 = never. */
  warningLeadDays: number;
  /** Age at which a person may consent for themself (usually 18). */
  adultAge: number;
}

/** One consent agreement of a person, reduced to what the rules need. */
export interface AgreementFacts {
  id: string;
  /** Channels (e.g. 'web', 'print') the consent covers. */
  channels: string[];
  /** Inclusive start. */
  validFrom: Date;
  /** Exclusive end; null = open-ended. */
  validUntil: Date | null;
  /** Moment the withdrawal takes effect; may lie in the future. */
  withdrawnAt: Date | null;
  signedBy: Signer;
}

export interface PersonFacts {
  id: string;
  /** null = unknown, treated as an adult. */
  birthDate: Date | null;
  deceased: boolean;
  agreements: AgreementFacts[];
}

/** A face box drawn on the file. */
export interface BoxFacts {
  id: string;
  /** null = the person in the box is not identified yet. */
  personId: string | null;
}

export interface StatusInput {
  basis: LegalBasis | null;
  /** End of the legal basis itself (e.g. of an external licence); null = no end. */
  basisValidUntil: Date | null;
  boxes: BoxFacts[];
  /** The persons referenced by `boxes`; extra persons are ignored. */
  persons: PersonFacts[];
}

export type ReasonCode =
  | 'basis_missing'
  | 'basis_outside_gdpr'
  | 'basis_without_consent'
  | 'basis_expired'
  | 'no_persons'
  | 'unknown_box'
  | 'consent_valid'
  | 'consent_missing'
  | 'consent_expired'
  | 'consent_withdrawn'
  | 'consent_not_yet_valid'
  | 'guardian_required'
  | 'person_deceased'
  | 'expiring_soon';

export interface StatusReason {
  code: ReasonCode;
  personId?: string;
  agreementId?: string;
  boxId?: string;
  /** The end the reason speaks about (end of a basis, an agreement or the approval). */
  until?: Date | null;
}

export interface StatusResult {
  status: GdprStatus;
  /** status is 'approved' or 'expiring'. */
  approved: boolean;
  /** When approved: the earliest end among what the approval relies on; null = no end. Always null when not approved. */
  approvedUntil: Date | null;
  /** Earliest moment > now at which this result could change without any data change; null = never. */
  nextChangeAt: Date | null;
  reasons: StatusReason[];
}
