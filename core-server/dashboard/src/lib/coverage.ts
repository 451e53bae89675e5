import { evaluatePersonConsent, type PersonFacts } from '@likeness/shared/rules';
import type { Agreement, Asset, Person, StatusReason } from './api';

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** The register's view of a person as the status rules' facts. */
function toFacts(person: Person, agreements: Agreement[]): PersonFacts {
  return {
    id: person.id,
    birthDate: date(person.birthDate),
    deceased: person.deceased,
    agreements: agreements.map((a) => ({
      id: a.id,
      channels: a.channels,
      validFrom: new Date(a.validFrom),
      validUntil: date(a.validUntil),
      withdrawnAt: date(a.withdrawnAt),
      signedBy: a.signedBy,
    })),
  };
}

/**
 * How one person's consent stands in one channel. The server's status reasons are the truth; but while a file
 * is still missing persons (or has no consent basis yet) they name no persons, so the outcome is then computed
 * by the same person rules the server uses (shared/), from the person's agreements.
 */
export function coverage(
  asset: Asset,
  channel: string,
  personId: string,
  person: Person | undefined,
  agreements: Agreement[] | undefined,
  adultAge: number,
): StatusReason | null {
  const status = asset.statuses.find((s) => s.channel === channel);
  const reason = status?.reasons.find((r) => r.personId === personId);
  if (reason) return reason;
  if (!person || !agreements) return null;
  const outcome = evaluatePersonConsent(toFacts(person, agreements), channel, new Date(), { adultAge, warningLeadDays: 0 });
  const { until, ...rest } = outcome.reason;
  return until === undefined ? rest : { ...rest, until: until === null ? null : until.toISOString() };
}

export const isSatisfied = (r: StatusReason | null) => r !== null && (r.code === 'consent_valid' || r.code === 'person_deceased');
