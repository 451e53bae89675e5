import type { ConsentLocale, ConsentMessageDto, ConsentRequestDto, ConsentRequestStatus } from '@likeness/shared';
import { personDisplayName } from '../../kernel/person-name';
import type { ConsentRequestRow } from './consent-request.repository';
import type { LocaleTexts } from './template.render';

export function toMessageDto(m: { id: string; requestId: string | null; kind: string; channel: string; to: string; subject: string | null; provider: string | null; status: string; error: string | null; createdAt: Date; updatedAt: Date }): ConsentMessageDto {
  return {
    id: m.id,
    requestId: m.requestId,
    kind: m.kind as ConsentMessageDto['kind'],
    channel: m.channel as ConsentMessageDto['channel'],
    to: m.to,
    subject: m.subject,
    provider: m.provider as ConsentMessageDto['provider'],
    status: (m.status === 'sending' ? 'pending' : m.status) as ConsentMessageDto['status'],
    error: m.error,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function toRequestDto(r: ConsentRequestRow): ConsentRequestDto {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    personId: r.personId,
    personDisplayName: personDisplayName(r.person),
    templateId: r.templateVersion.templateId,
    templateVersionId: r.templateVersionId,
    templateVersion: r.templateVersion.version,
    batchId: r.batchId,
    status: r.status as ConsentRequestStatus,
    recipient: r.recipient as 'subject' | 'guardian',
    via: r.via as ConsentRequestDto['via'],
    phone: r.phone,
    email: r.email,
    locale: (r.content as { locale?: ConsentLocale }).locale ?? 'sv',
    channels: r.channels as string[],
    validityDays: r.validityDays,
    validUntil: iso(r.validUntil),
    assetIds: r.assetIds as string[],
    session: r.session,
    sessionDate: r.sessionDate ? r.sessionDate.toISOString().slice(0, 10) : null,
    expiresAt: r.expiresAt.toISOString(),
    remindAt: iso(r.remindAt),
    reminders: r.reminders,
    sentAt: iso(r.sentAt),
    deliveredAt: iso(r.deliveredAt),
    openedAt: iso(r.openedAt),
    completedAt: iso(r.completedAt),
    cancelledAt: iso(r.cancelledAt),
    declineReason: r.declineReason,
    lastError: r.lastError,
    agreementId: r.agreementId,
    personalNumberRequired: r.expectedPersonalNumber !== null,
    signerCheck: r.signerCheck as ConsentRequestDto['signerCheck'],
    correction: (r.correction as ConsentRequestDto['correction']) ?? null,
    messages: r.messages.map(toMessageDto),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The request's texts, stored with the locale the admin chose for messages. */
export interface StoredContent {
  locale: ConsentLocale;
  texts: LocaleTexts;
}

export function signLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/sign/${token}`;
}

export function receiptLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/sign/receipt/${token}`;
}

/** Creating, sending, reminding, cancelling and expiring consent requests. */
