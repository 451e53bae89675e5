import type { Agreement, Asset, Person, StatusReason } from './api';

/**
 * How one person's consent stands in one channel. The server's status reasons are the truth; but while a file
 * is still missing persons (or has no consent basis yet) they name no persons, so the outcome is then read from
 * the person's agreements the same way the status rules do.
 */
export function coverage(
  asset: Asset,
  channel: string,
  personId: string,
  person: Person | undefined,
  agreements: Agreement[] | undefined,
): StatusReason | null {
  const status = asset.statuses.find((s) => s.channel === channel);
  const reason = status?.reasons.find((r) => r.personId === personId);
  if (reason) return reason;
  if (!person || !agreements) return null;
  if (person.deceased) return { code: 'person_deceased', personId };
  const covering = agreements.filter((a) => a.channels.includes(channel));
  const countable = person.minor ? covering.filter((a) => a.signedBy === 'guardian') : covering;
  const valid = countable.filter((a) => a.state === 'valid' || a.state === 'expiring');
  if (valid.length) {
    const best = valid.reduce((x, y) => (x.validUntil === null ? x : y.validUntil === null || y.validUntil > x.validUntil ? y : x));
    return { code: 'consent_valid', personId, agreementId: best.id, until: best.validUntil };
  }
  const withdrawn = covering.find((a) => a.state === 'withdrawn');
  if (withdrawn) return { code: 'consent_withdrawn', personId, agreementId: withdrawn.id };
  const expired = countable.find((a) => a.state === 'expired');
  if (expired) return { code: 'consent_expired', personId, agreementId: expired.id, until: expired.validUntil };
  const upcoming = countable.find((a) => a.state === 'not_yet_valid');
  if (upcoming) return { code: 'consent_not_yet_valid', personId, agreementId: upcoming.id };
  const bySubject = person.minor ? covering.find((a) => a.state === 'valid' || a.state === 'expiring') : undefined;
  if (bySubject) return { code: 'guardian_required', personId, agreementId: bySubject.id };
  return { code: 'consent_missing', personId };
}

export const isSatisfied = (r: StatusReason | null) => r !== null && (r.code === 'consent_valid' || r.code === 'person_deceased');
