import type { ConsentSubject, Signer } from '@likeness/shared';

/** What the status rules need of a stored person and their agreements (channels are a JSON column). */
export interface PersonConsentRow {
  id: string;
  birthDate: Date | null;
  deceased: boolean;
  agreements: { id: string; validFrom: Date; validUntil: Date | null; withdrawnAt: Date | null; channels: unknown; signedBy: string }[];
}

/** A stored person as the status rules see them: for the register's consent state and expiry warnings. */
export function toConsentSubject(p: PersonConsentRow): ConsentSubject {
  return {
    id: p.id,
    birthDate: p.birthDate,
    deceased: p.deceased,
    agreements: p.agreements.map((a) => ({
      id: a.id,
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      withdrawnAt: a.withdrawnAt,
      channels: a.channels as string[],
      signedBy: a.signedBy as Signer,
    })),
  };
}
