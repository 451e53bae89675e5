import { toConsentSubject } from '../../kernel/consent-subject';
import { personDisplayName } from '../../kernel/person-name';
import {
  agreementState,
  customFieldVisible,
  isMinor,
  personConsentState,
  type AgreementDto,
  type AgreementDocumentDto,
  type PersonDto,
} from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import type { AgreementWithDocuments, PersonWithAgreements } from './person.repository';
import type { TenantSettings } from '../../kernel/tenant-settings';
import { isSealed } from './sealed-agreement';

const iso = (d: Date | null) => (d ? d.toISOString() : null);


/** Who is looking: their role narrows the custom fields, their permissions decide whether they see any. */
export type FieldViewer = Pick<RequestContext, 'role' | 'permissions'>;

/** Custom fields the viewer may see (see customFieldVisible). */
export function visibleCustomFields(values: unknown, settings: TenantSettings, viewer: FieldViewer): Record<string, string | number | boolean | null> {
  const all = (values ?? {}) as Record<string, string | number | boolean | null>;
  const out: Record<string, string | number | boolean | null> = {};
  for (const def of settings.customFields) {
    if (customFieldVisible(def, viewer) && def.key in all) out[def.key] = all[def.key] ?? null;
  }
  return out;
}

export function toPersonDto(p: PersonWithAgreements, settings: TenantSettings, viewer: FieldViewer, now = new Date()): PersonDto {
  return {
    id: p.id,
    ref: p.ref,
    displayName: personDisplayName(p),
    name: p.name,
    email: p.email,
    phone: p.phone,
    birthDate: p.birthDate ? p.birthDate.toISOString().slice(0, 10) : null,
    minor: isMinor(p.birthDate, now, settings.adultAge),
    deceased: p.deceased,
    guardianName: p.guardianName,
    guardianEmail: p.guardianEmail,
    guardianPhone: p.guardianPhone,
    notes: p.notes,
    customFields: visibleCustomFields(p.customFields, settings, viewer),
    consentState: personConsentState(toConsentSubject(p), now, settings),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toDocumentDto(d: AgreementWithDocuments['documents'][number]): AgreementDocumentDto {
  return {
    id: d.id,
    agreementId: d.agreementId,
    fileName: d.fileName,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    createdAt: d.createdAt.toISOString(),
  };
}

export function toAgreementDto(a: AgreementWithDocuments, leadDays: number, now = new Date()): AgreementDto {
  return {
    id: a.id,
    personId: a.personId,
    kind: a.kind as AgreementDto['kind'],
    channels: a.channels as string[],
    validFrom: a.validFrom.toISOString(),
    validUntil: iso(a.validUntil),
    signedBy: a.signedBy as AgreementDto['signedBy'],
    guardianName: a.guardianName,
    notes: a.notes,
    withdrawnAt: iso(a.withdrawnAt),
    withdrawalReason: a.withdrawalReason,
    state: agreementState(a, now, leadDays),
    documents: a.documents.map(toDocumentDto),
    sealed: isSealed(a),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** An agreement as its audit rows record it (before and after each change). */
export function agreementSummary(a: { kind: string; channels: unknown; validFrom: Date; validUntil: Date | null; signedBy: string; withdrawnAt?: Date | null }) {
  return {
    kind: a.kind,
    channels: a.channels,
    validFrom: a.validFrom.toISOString(),
    validUntil: a.validUntil?.toISOString() ?? null,
    signedBy: a.signedBy,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
  };
}

/** What the register's search matches a person by: name, email, phone digits and the P-number. */
export function searchText(p: { name?: string | null; email?: string | null; phone?: string | null }, ref: number): string {
  return [p.name, p.email, p.phone?.replace(/[^0-9+]/g, ''), `p-${String(ref).padStart(4, '0')}`].filter(Boolean).join(' ').toLowerCase();
}
