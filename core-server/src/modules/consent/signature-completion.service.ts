import { AppError, type ConsentLocale, type ConsentMethod } from '@likeness/shared';
import { hashToken, newToken } from '../../kernel/tokens';
import { personDisplayName } from '../../kernel/person-name';
import type { ConsentUnitOfWork } from './consent.repositories';
import type { RegisterFacade } from '../register';
import type { BankIdCompletionData } from './bankid.client';
import { receiptLink, type StoredContent } from './consent-request.mapper';
import { sealOf, sha256, type EvidenceRecord } from './evidence.service';
import type { ConsentMessenger } from './messenger';
import { buildReceiptPdf } from './receipt.pdf';
import { strings } from './signing-page/i18n';
import { DAY, OPEN, audit, cancelPendingOrders, mask, signerOf, type ClientMeta, type SignerDetails } from './signing.model';
import { channelList, formatDateTime, markdownBlocks, textHash } from './template.render';

/** A verified signature, as the code or BankID step hands it over. */
export interface Signature {
  method: ConsentMethod;
  locale: ConsentLocale;
  code: null | { otpId: string; channel: string; destination: string; sentAt: string; attempts: number; provider: string | null; providerMessageId: string | null };
  bankid: EvidenceRecord['bankid'];
  /** The BankID order this signature completes: marked complete in the agreement's own transaction. */
  orderId?: string;
}

/** Signing creates the agreement through the register, so the person's files change status (and hide or show live) in the same transaction. */
export class SignatureCompletionService {
  constructor(
    private readonly uow: ConsentUnitOfWork,
    /** The register writes the agreement, its audit row and the status effects (the person's files change status). */
    private readonly register: RegisterFacade['signer'],
    private readonly messenger: ConsentMessenger,
  ) {}

  /**
   * Turns a verified signature into an agreement (kind digital) through the normal path: the agreement row, its
   * audit row and the status effects, in one transaction with the sealed evidence and its PDF receipt.
   * Returns the new receipt link's token.
   */
  async complete(requestId: string, input: Signature, meta: ClientMeta): Promise<string> {
    const receiptToken = newToken();
    await this.uow.run(async (repos, afterCommit, scope) => {
      const r = (await repos.consentRequests.findRequestFull(requestId))!;
      const now = new Date();
      // The order and the agreement commit together: a crash in between leaves the order pending, to be collected again.
      if (input.orderId && !(await repos.signatures.finishOrder(r.tenantId, input.orderId, { status: 'complete', hintCode: null, completedAt: now }))) {
        throw new AppError('conflict', 'The BankID order is already finished.', { reason: 'order_finished' });
      }
      if (!(await repos.consentRequests.transition(r.tenantId, r.id, OPEN, { status: 'signed', completedAt: now }))) throw new AppError('conflict', 'The request is already answered.');
      const content = r.content as unknown as StoredContent;
      const text = content.texts[input.locale];
      const hash = textHash(input.locale, text);
      const details = signerOf(r);
      const original = signerOf({ ...r, signerDetails: null });
      const corrected = (Object.keys(details) as Array<keyof SignerDetails>).filter((k) => details[k] !== original[k]);
      const person = r.person;

      // Corrections wait for staff (CorrectionReviewService): a link holder does not write the register.
      if (corrected.length) {
        await repos.consentRequests.updateRequest(r.tenantId, r.id, { correction: { status: 'pending', fields: corrected } });
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.correction_pending', entityType: 'consent_request', entityId: r.id, after: { personId: person.id, fields: corrected } });
      }

      const bankidUser = (input.bankid?.completionData as BankIdCompletionData | undefined)?.user;
      const check = bankidUser ? signerCheck(r, bankidUser) : null;
      if (check === 'wrong_person') throw new AppError('conflict', 'Someone other than the expected person signed.', { reason: 'wrong_signer' });
      if (check) await repos.consentRequests.updateRequest(r.tenantId, r.id, { signerCheck: check });
      if (check === 'name_mismatch') {
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.signer_mismatch', entityType: 'consent_request', entityId: r.id, after: { personId: person.id, recipient: r.recipient } });
      }
      const bankidName = bankidUser?.name ?? null;
      const signerName = bankidName ?? details.name;
      const guardian = r.recipient === 'guardian';
      const validUntil = r.validUntil ?? (r.validityDays ? new Date(now.getTime() + r.validityDays * DAY) : null);
      const { tenantId: _t, ...by } = audit(r, meta);
      const a = await this.register.createSignedAgreement(scope, r.tenantId, person.id, {
        kind: 'digital',
        channels: r.channels as string[],
        validFrom: now,
        validUntil,
        signedBy: guardian ? 'guardian' : 'subject',
        guardianName: guardian ? signerName : null,
        notes: `${r.templateVersion.template.name} v${r.templateVersion.version}: signed digitally (${input.method}).`,
      }, by, r.id);

      const record: EvidenceRecord = {
        v: 1,
        agreementId: a.id,
        requestId: r.id,
        organisation: { id: r.tenant.id, name: r.tenant.name },
        template: { id: r.templateVersion.templateId, versionId: r.templateVersionId, version: r.templateVersion.version, name: r.templateVersion.template.name, purpose: r.templateVersion.purpose },
        locale: input.locale,
        title: text.title,
        text: text.body,
        textHash: hash,
        person: { id: person.id, ref: person.ref },
        signer: { role: guardian ? 'guardian' : 'subject', name: signerName, email: details.email, phone: details.phone, onBehalfOf: guardian ? personDisplayName(person) : null },
        corrected,
        scope: { channels: r.channels as string[], validFrom: now.toISOString(), validUntil: validUntil?.toISOString() ?? null },
        assets: r.assetIds as string[],
        method: input.method,
        bankid: input.bankid,
        code: input.code ? { channel: input.code.channel, destination: input.code.destination, provider: input.code.provider, providerMessageId: input.code.providerMessageId, sentAt: input.code.sentAt, verifiedAt: now.toISOString(), attempts: input.code.attempts } : null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        times: { requestedAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, openedAt: r.openedAt?.toISOString() ?? null, signedAt: now.toISOString() },
      };
      const sealHash = sealOf(record);
      const pdf = await buildReceiptPdf(receiptInput(record, sealHash));
      const receiptSha256 = sha256(pdf);
      await repos.signatures.createEvidence({ tenantId: r.tenantId, agreementId: a.id, requestId: r.id, templateVersionId: r.templateVersionId, data: record, sealHash, receipt: pdf, receiptSha256 });
      await repos.consentRequests.updateRequest(r.tenantId, r.id, { agreementId: a.id });
      await repos.consentRequests.useTokens(r.tenantId, r.id, 'sign', now);
      if (input.code) await repos.signatures.updateOtp(r.tenantId, input.code.otpId, { verifiedAt: now });
      await cancelPendingOrders(repos, r, now);
      // The receipt link lets the signer see the receipt and withdraw; it lasts as long as the agreement, and a year more.
      const receiptUntil = new Date(Math.max(validUntil?.getTime() ?? now.getTime() + 10 * 365 * DAY, now.getTime()) + 365 * DAY);
      await repos.consentRequests.createToken({ tenantId: r.tenantId, requestId: r.id, purpose: 'receipt', tokenHash: hashToken(receiptToken), expiresAt: receiptUntil });
      await repos.audit.append({
        ...audit(r, meta),
        action: 'consent_request.signed',
        entityType: 'consent_request',
        entityId: r.id,
        after: { agreementId: a.id, method: input.method, signerCheck: check, templateVersionId: r.templateVersionId, version: r.templateVersion.version, locale: input.locale, textHash: hash, sealHash, receiptSha256 },
      });
      const s = strings(input.locale);
      const link = receiptLink(r.baseUrl, receiptToken);
      for (const via of r.via as string[]) {
        if (via === 'sms' && r.phone) {
          await this.messenger.queue(repos, afterCommit, { tenantId: r.tenantId, requestId: r.id, kind: 'receipt', channel: 'sms', to: r.phone, subject: null, body: s.smsReceipt({ org: r.tenant.name, title: text.title, link }) });
        }
        if (via === 'email' && r.email) {
          await this.messenger.queue(repos, afterCommit, { tenantId: r.tenantId, requestId: r.id, kind: 'receipt', channel: 'email', to: r.email, subject: s.emailReceiptSubject(r.tenant.name), body: s.emailReceipt({ org: r.tenant.name, title: text.title, link }) });
        }
      }
    });
    return receiptToken;
  }
}

/** Name words, lower-cased and without accents: "Åsa-Lena Öberg" → åsa, lena, öberg → asa, lena, oberg. */
const nameWords = (name: string | null | undefined): string[] =>
  (name ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[\s-]+/).filter(Boolean);

/**
 * Ties a BankID signer to the request: by the personal number staff gave (BankID enforced it; checked again
 * here), otherwise by name, every word of the register's name among the BankID name's (which has all given names).
 */
function signerCheck(r: { expectedPersonalNumber: string | null; recipient: string; person: { name: string | null; guardianName: string | null } }, user: BankIdCompletionData['user']) {
  if (r.expectedPersonalNumber) return user.personalNumber === r.expectedPersonalNumber ? ('personal_number' as const) : ('wrong_person' as const);
  const expected = nameWords(r.recipient === 'guardian' ? r.person.guardianName : r.person.name);
  const signed = new Set(nameWords(user.name));
  return expected.length > 0 && expected.every((w) => signed.has(w)) ? ('name_match' as const) : ('name_mismatch' as const);
}

const METHOD_LABEL: Record<ConsentLocale, Record<ConsentMethod, string>> = {
  sv: { bankid: 'BankID', sms_code: 'Engångskod via SMS', email_code: 'Engångskod via e-post' },
  en: { bankid: 'BankID', sms_code: 'One-time code by text message', email_code: 'One-time code by email' },
};

/** What the PDF shows, derived only from the sealed record, so the receipt never says more than the evidence. */
export function receiptInput(record: EvidenceRecord, sealHash: string) {
  const sv = record.locale === 'sv';
  const completion = record.bankid?.completionData as BankIdCompletionData | undefined;
  const rows: Array<[string, string]> = [
    [sv ? 'Undertecknat av' : 'Signed by', `${record.signer.name ?? '-'}${record.signer.role === 'guardian' ? (sv ? ' (vårdnadshavare)' : ' (guardian)') : ''}`],
    ...(record.signer.onBehalfOf ? [[sv ? 'För' : 'On behalf of', record.signer.onBehalfOf] as [string, string]] : []),
    [sv ? 'Underskrivet' : 'Signed', formatDateTime(new Date(record.times.signedAt), record.locale)],
    [sv ? 'Sätt' : 'Method', METHOD_LABEL[record.locale][record.method]],
    ...(completion ? [[sv ? 'Personnummer' : 'Personal number', `${completion.user.personalNumber.slice(0, 8)}-****`] as [string, string]] : []),
    ...(record.code ? [[sv ? 'Kod skickad till' : 'Code sent to', mask(record.code.destination, record.code.channel === 'sms' ? 'phone' : 'email')] as [string, string]] : []),
    [sv ? 'Används i' : 'Used in', channelList(record.scope.channels, record.locale)],
    [sv ? 'Giltigt' : 'Valid', `${formatDateTime(new Date(record.scope.validFrom), record.locale)} - ${record.scope.validUntil ? formatDateTime(new Date(record.scope.validUntil), record.locale) : sv ? 'tills vidare' : 'until withdrawn'}`],
    [sv ? 'Mall' : 'Template', `${record.template.name} (version ${record.template.version})`],
    [sv ? 'Avtals-id' : 'Agreement ID', record.agreementId],
  ];
  return {
    locale: record.locale,
    organisation: record.organisation.name,
    title: record.title,
    text: markdownBlocks(record.text),
    rows,
    agreementId: record.agreementId,
    textHash: record.textHash,
    sealHash,
    signedAt: new Date(record.times.signedAt),
  };
}
