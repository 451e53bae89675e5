import { AppError, type AgreementUpdate } from '@likeness/shared';

/** The terms a signer agreed to: once signed digitally or sealed, only a withdrawal may follow. */
const SEALED_FIELDS = ['kind', 'channels', 'validFrom', 'validUntil', 'signedBy', 'guardianName'] as const;

interface AgreementTerms {
  kind: string;
  channels: unknown;
  validFrom: Date;
  validUntil: Date | null;
  signedBy: string;
  guardianName: string | null;
  evidence: { id: string } | null;
}

/** A digital agreement, or any with sealed evidence, records what the person signed: staff cannot edit it. */
export function isSealed(a: Pick<AgreementTerms, 'kind' | 'evidence'>): boolean {
  return a.kind === 'digital' || a.evidence !== null;
}

const same = (field: (typeof SEALED_FIELDS)[number], current: AgreementTerms, next: AgreementUpdate): boolean => {
  const value = next[field];
  if (field === 'channels') return JSON.stringify([...new Set(value as string[])].sort()) === JSON.stringify([...(current.channels as string[])].sort());
  if (field === 'validFrom' || field === 'validUntil') {
    const was = current[field];
    return value === null ? was === null : was !== null && Date.parse(value as string) === was.getTime();
  }
  return (value ?? null) === current[field];
};

/**
 * Refuses a change to a sealed agreement's terms (sending the same values back is not a change, so a
 * form that posts every field still saves its notes). A change needs a new consent request.
 */
export function assertTermsEditable(current: AgreementTerms, input: AgreementUpdate): void {
  if (!isSealed(current)) return;
  const changed = SEALED_FIELDS.filter((f) => input[f] !== undefined && !same(f, current, input));
  if (changed.length > 0) {
    throw new AppError(
      'agreement_sealed',
      'This agreement was signed digitally and its terms are sealed: only a withdrawal is possible. Send a new consent request to change them.',
      { fields: changed },
    );
  }
}

/**
 * A digital agreement is what a person's own signature on a consent request creates (with its sealed
 * evidence). Staff recording one by hand would be signing in the person's place, so only the server may.
 */
export function assertNotForgedDigital(actor: { type: string }, kind: string | undefined, currentKind?: string): void {
  if (kind !== 'digital' || currentKind === 'digital' || actor.type === 'system') return;
  throw new AppError(
    'digital_requires_signature',
    'A digital agreement is created only when the person signs a consent request. Record a written, oral or model-release agreement, or send a request.',
    { field: 'kind' },
  );
}
