import { AppError, type ConsentEditableField, type ConsentLocale, type ConsentMethod, type ConsentRequestStatus } from '@likeness/shared';
import type { ConsentRepositories } from './consent.repositories';
import type { ConsentRequestFull } from './consent-request.repository';
import type { StoredContent } from './consent-request.mapper';
import { textHash } from './template.render';
import { toE164 } from './twilio.sms';

/** What the signing services share: the views they return, the link states and small pure rules. */

export const DAY = 86_400_000;
/** Statuses a signer can still answer. */
export const OPEN: ConsentRequestStatus[] = ['created', 'sent', 'delivered', 'opened'];

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export type SignerDetails = {
  name: string | null;
  email: string | null;
  phone: string | null;
};

export type Closed = { state: 'invalid' } | { state: 'expired' | 'used' | 'cancelled'; org: string; locale: ConsentLocale };
export type Open = { state: 'open'; tokenId: string; request: ConsentRequestFull };

export interface OpenView {
  state: 'open';
  requestId: string;
  org: string;
  locale: ConsentLocale;
  recipient: 'subject' | 'guardian';
  subjectName: string;
  signer: SignerDetails;
  editable: ConsentEditableField[];
  texts: StoredContent['texts'];
  hashes: Record<ConsentLocale, string>;
  channels: string[];
  validity: Record<ConsentLocale, string>;
  methods: { bankid: boolean; sms: string | null; email: string | null };
  assetIds: string[];
  expiresAt: Date;
  code: null | { channel: 'sms' | 'email'; to: string; attemptsLeft: number; locked: boolean; expired: boolean };
}

export type SigningView = Closed | OpenView;

export interface ReceiptView {
  state: 'receipt';
  org: string;
  locale: ConsentLocale;
  title: Record<ConsentLocale, string>;
  completion: Record<ConsentLocale, string>;
  signedAt: Date;
  method: ConsentMethod;
  signerName: string | null;
  withdrawnAt: Date | null;
  assetIds: string[];
}

/** The signer has no account: audit rows name them as the holder of the request's link. */
const SIGNER = { type: 'system' as const, id: null, label: 'signer (link)' };
export const audit = (r: { tenantId: string }, meta: ClientMeta) => ({ tenantId: r.tenantId, actor: SIGNER, ip: meta.ip, userAgent: meta.userAgent });

/** Masks a phone number or email for display: +46 70• ••• •• 12, a•••@example.se. */
export function mask(value: string, kind: 'phone' | 'email'): string {
  if (kind === 'email') {
    const [user, domain] = value.split('@');
    return `${user!.slice(0, 1)}•••@${domain}`;
  }
  const digits = toE164(value);
  return `${digits.slice(0, 5)}\u00a0${'•'.repeat(Math.max(0, digits.length - 7))}\u00a0${digits.slice(-2)}`;
}

export function isMobile(userAgent: string | null): boolean {
  return /Android|iPhone|iPad|iPod|Mobile/i.test(userAgent ?? '');
}

/** The register's details of whoever signs, overlaid with the corrections they confirmed on the page. */
export function signerOf(r: ConsentRequestFull): SignerDetails {
  const p = r.person;
  const base = r.recipient === 'guardian' ? { name: p.guardianName, email: p.guardianEmail, phone: p.guardianPhone } : { name: p.name, email: p.email, phone: p.phone };
  return { ...base, ...((r.signerDetails as Partial<SignerDetails> | null) ?? {}) };
}

/** The signer must have read the text that is stored now, in the language they sign in. */
export function checkText(r: ConsentRequestFull, locale: ConsentLocale, hash: string) {
  const { texts } = r.content as unknown as StoredContent;
  if (textHash(locale, texts[locale]) !== hash) throw new AppError('conflict', 'The agreement text changed; read it again.', { reason: 'text_changed' });
}

/** Answering a request ends any BankID order still pending for it. */
export async function cancelPendingOrders(repos: ConsentRepositories, r: { id: string; tenantId: string }, now: Date): Promise<void> {
  for (const old of await repos.signatures.pendingOrders(r.id)) await repos.signatures.finishOrder(r.tenantId, old.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: now });
}
