import { createHash } from 'node:crypto';
import { AppError, type ConsentEvidenceDto, type ConsentLocale, type ReceiptVerification } from '@likeness/shared';
import { canonicalJson } from '../../kernel/audit-chain';
import type { RequestContext } from '../../kernel/request-context';
import type { ConsentRepositories } from './consent.repositories';
import { readReceiptMetadata } from './receipt.pdf';
import { textHash } from './template.render';

type EvidenceRow = NonNullable<Awaited<ReturnType<ConsentRepositories['signatures']['findEvidence']>>>;

/** The sealed record of one signature. Everything in it is JSON (dates as ISO strings) so that it hashes the same after a round trip. */
export interface EvidenceRecord {
  v: 1;
  agreementId: string;
  requestId: string;
  organisation: { id: string; name: string };
  template: { id: string; versionId: string; version: number; name: string; purpose: string };
  locale: ConsentLocale;
  title: string;
  text: string;
  textHash: string;
  person: { id: string; ref: number };
  signer: { role: 'subject' | 'guardian'; name: string | null; email: string | null; phone: string | null; onBehalfOf: string | null };
  corrected: string[];
  scope: { channels: string[]; validFrom: string; validUntil: string | null };
  assets: string[];
  method: 'bankid' | 'sms_code' | 'email_code';
  bankid: null | {
    orderRef: string;
    userVisibleData: string;
    userNonVisibleData: string;
    completionData: unknown;
  };
  /** provider: who delivered the code (twilio, smtp; outbox only in development); absent in evidence sealed before it was recorded. */
  code: null | { channel: string; destination: string; provider?: string | null; providerMessageId?: string | null; sentAt: string; verifiedAt: string; attempts: number };
  ip: string | null;
  userAgent: string | null;
  times: { requestedAt: string; sentAt: string | null; openedAt: string | null; signedAt: string };
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function sealOf(record: unknown): string {
  return sha256(canonicalJson(record));
}

/** Evidence of digitally signed agreements: the record, its integrity, the PDF receipt and checking one. */
export class ConsentEvidenceService {
  constructor(private readonly repos: ConsentRepositories) {}

  private async find(tenantId: string, agreementId: string): Promise<EvidenceRow> {
    const e = await this.repos.signatures.findEvidence(tenantId, agreementId);
    if (!e) throw new AppError('not_found', 'This agreement was not signed digitally, or does not exist.');
    return e;
  }

  /** Recomputes every hash: a record, text or receipt changed after signing shows up here. */
  async integrity(e: EvidenceRow): Promise<ConsentEvidenceDto['integrity']> {
    const record = e.data as unknown as EvidenceRecord;
    const seal = sealOf(record) === e.sealHash;
    const text = textHash(record.locale, { title: record.title, body: record.text }) === record.textHash;
    const receipt = sha256(e.receipt) === e.receiptSha256;
    const rows = await this.repos.audit.list(e.tenantId, { limit: 5, entityType: 'consent_request', entityId: e.requestId, action: 'consent_request.signed' });
    const auditAnchor = rows.some((r) => {
      const after = r.after as { sealHash?: string; receiptSha256?: string } | null;
      return after?.sealHash === e.sealHash && after?.receiptSha256 === e.receiptSha256;
    });
    const checks = { seal, textHash: text, receipt, auditAnchor };
    return { valid: Object.values(checks).every(Boolean), checks };
  }

  async get(ctx: RequestContext, agreementId: string): Promise<ConsentEvidenceDto> {
    const e = await this.find(ctx.tenantId, agreementId);
    return {
      agreementId: e.agreementId,
      requestId: e.requestId,
      templateVersionId: e.templateVersionId,
      sealHash: e.sealHash,
      receiptSha256: e.receiptSha256,
      ...minimised(e.data as Record<string, unknown>, ctx.permissions.includes('persons:sensitive')),
      integrity: await this.integrity(e),
      createdAt: e.createdAt.toISOString(),
    };
  }

  async receipt(ctx: RequestContext, agreementId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
    const e = await this.find(ctx.tenantId, agreementId);
    return { bytes: e.receipt, fileName: receiptFileName(e.data as unknown as EvidenceRecord) };
  }

  /** Is this exactly a receipt we issued, and is its evidence intact? */
  async verifyReceipt(ctx: RequestContext, bytes: Uint8Array): Promise<ReceiptVerification> {
    const meta = await readReceiptMetadata(bytes);
    if (!meta) return { valid: false, agreementId: null, sealHash: null, reason: 'This is not a Likeness consent receipt, or it cannot be read.' };
    const e = await this.repos.signatures.findEvidence(ctx.tenantId, meta.agreementId);
    if (!e) return { valid: false, agreementId: meta.agreementId, sealHash: meta.sealHash, reason: 'No digitally signed agreement of this organisation matches the receipt.' };
    if (e.sealHash !== meta.sealHash) return { valid: false, agreementId: e.agreementId, sealHash: meta.sealHash, reason: 'The seal on the receipt does not match the evidence.' };
    if (sha256(bytes) !== e.receiptSha256) return { valid: false, agreementId: e.agreementId, sealHash: meta.sealHash, reason: 'The receipt has been altered: its SHA-256 differs from the receipt issued.' };
    const integrity = await this.integrity(e);
    if (!integrity.valid) return { valid: false, agreementId: e.agreementId, sealHash: e.sealHash, reason: 'The stored evidence no longer matches its seal.' };
    return { valid: true, agreementId: e.agreementId, sealHash: e.sealHash, reason: null };
  }
}

/**
 * What a caller without `persons:sensitive` sees of a record: the personal number as its birth date
 * (as on the receipt), no BankID signature or OCSP response, no IP. The stored record is untouched.
 */
export function minimised(record: Record<string, unknown>, sensitive: boolean): { record: Record<string, unknown>; masked: string[] } {
  if (sensitive) return { record, masked: [] };
  const copy = structuredClone(record) as Record<string, unknown> & { bankid?: { completionData?: Record<string, unknown> } | null };
  const masked: string[] = [];
  const completion = copy.bankid?.completionData;
  const user = completion?.user as { personalNumber?: unknown } | undefined;
  if (typeof user?.personalNumber === 'string') {
    user.personalNumber = `${user.personalNumber.slice(0, 8)}-****`;
    masked.push('bankid.completionData.user.personalNumber');
  }
  for (const key of ['signature', 'ocspResponse'] as const) {
    if (completion && completion[key] != null) {
      completion[key] = null;
      masked.push(`bankid.completionData.${key}`);
    }
  }
  if (copy.ip != null) {
    copy.ip = null;
    masked.push('ip');
  }
  return { record: copy, masked };
}

export function receiptFileName(record: Pick<EvidenceRecord, 'locale' | 'agreementId'>): string {
  return `${record.locale === 'sv' ? 'kvitto-samtycke' : 'consent-receipt'}-${record.agreementId.slice(0, 8)}.pdf`;
}
