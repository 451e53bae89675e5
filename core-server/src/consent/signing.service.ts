import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  AppError,
  type ConsentEditableField,
  type ConsentLocale,
  type ConsentMethod,
  type ConsentRequestStatus,
} from '@likeness/shared';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import { hashToken, newToken } from '../auth/tokens';
import { personDisplayName } from '../mappers/register.mapper';
import type { Repositories, UnitOfWork } from '../repositories';
import type { ConsentRequestFull } from '../repositories/consent.repository';
import type { StatusEffects } from '../services/status-effects';
import type { FileStorage } from '../storage/file.storage';
import { BankIdError, autoStartUrl, qrData, type BankIdClient, type BankIdCompletionData } from './bankid.client';
import { collectMessage, errorMessage } from './bankid.messages';
import { receiptLink, type ConsentRequestService, type StoredContent } from './consent-request.service';
import { receiptFileName, sealOf, sha256, type EvidenceRecord } from './evidence.service';
import { toE164 } from './twilio.sms';
import type { ConsentMessenger } from './messenger';
import { buildReceiptPdf } from './receipt.pdf';
import { strings } from './signing-page/i18n';
import { channelList, formatDateTime, markdownBlocks, textHash, validityText } from './template.render';

const DAY = 86_400_000;
const OPEN: ConsentRequestStatus[] = ['created', 'sent', 'delivered', 'opened'];
export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_MS = 30_000;
export const OTP_MAX_PER_REQUEST = 5;
/** BankID asks relying parties to call /collect every two seconds. */
const COLLECT_INTERVAL_MS = 2000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SignerDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
}

type Closed = { state: 'invalid' } | { state: 'expired' | 'used' | 'cancelled'; org: string; locale: ConsentLocale };
type Open = { state: 'open'; tokenId: string; request: ConsentRequestFull };

/** The signer has no account: audit rows name them as the holder of the request's link. */
const SIGNER = { type: 'system' as const, id: null, label: 'signer (link)' };
const audit = (r: { tenantId: string }, meta: ClientMeta) => ({ tenantId: r.tenantId, actor: SIGNER, ip: meta.ip, userAgent: meta.userAgent });

/** Masks a phone number or email for display: +46 70• ••• •• 12, a•••@example.se. */
export function mask(value: string, kind: 'phone' | 'email'): string {
  if (kind === 'email') {
    const [user, domain] = value.split('@');
    return `${user!.slice(0, 1)}•••@${domain}`;
  }
  const digits = toE164(value);
  return `${digits.slice(0, 5)}\u00a0${'•'.repeat(Math.max(0, digits.length - 7))}\u00a0${digits.slice(-2)}`;
}

function hashCode(code: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}$${sha256(`${salt}:${code}`)}`;
}

function codeMatches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split('$');
  const a = Buffer.from(hash!, 'hex');
  const b = Buffer.from(sha256(`${salt}:${code}`), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isMobile(userAgent: string | null): boolean {
  return /Android|iPhone|iPad|iPod|Mobile/i.test(userAgent ?? '');
}

/** Normalises an IPv4-mapped IPv6 address; BankID wants the end user's address as seen by us. */
function endUserIp(ip: string | null): string {
  if (!ip) return '127.0.0.1';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

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

export type CodeResult =
  | { ok: true; receiptToken: string }
  | { ok: false; error: 'wrong'; attemptsLeft: number }
  | { ok: false; error: 'locked' | 'expired' | 'none' | 'format' };

export interface BankIdPoll {
  status: 'pending' | 'failed' | 'complete' | 'cancelled';
  hintCode: string | null;
  message: string | null;
  qr: string | null;
  qrImage: string | null;
  redirect: string | null;
}

/**
 * The public side: everything a signer does through a link. No person data leaves here before the link token
 * is found, unexpired and unused; each step writes an audit row; signing goes through the status effects so
 * that the person's files change status (and hide or show live) in the same transaction.
 */
export class SigningService {
  private readonly inflight = new Map<string, Promise<BankIdPoll>>();

  constructor(
    private readonly repos: Repositories,
    private readonly uow: UnitOfWork,
    private readonly effects: StatusEffects,
    private readonly messenger: ConsentMessenger,
    private readonly requests: ConsentRequestService,
    private readonly storage: FileStorage,
    private readonly bankid: () => BankIdClient | null,
    private readonly logger: Logger,
  ) {}

  // ---- token checks ---------------------------------------------------------------------------

  private async resolve(raw: string): Promise<Closed | Open> {
    if (!TOKEN.test(raw)) return { state: 'invalid' };
    const t = await this.repos.consent.findToken(hashToken(raw));
    if (!t || t.purpose !== 'sign') return { state: 'invalid' };
    const r = t.request;
    const closed = (state: 'expired' | 'used' | 'cancelled'): Closed => ({ state, org: r.tenant.name, locale: (r.content as unknown as StoredContent).locale });
    if (r.status === 'cancelled') return closed('cancelled');
    if (r.status === 'signed' || r.status === 'declined') return closed('used');
    const now = new Date();
    if (r.status === 'expired' || r.expiresAt <= now || t.expiresAt <= now) {
      if (r.status !== 'expired') await this.requests.expire(r.id, r.tenantId, now);
      return closed('expired');
    }
    if (t.usedAt) return closed('used');
    return { state: 'open', tokenId: t.id, request: r };
  }

  private async open(raw: string): Promise<Open> {
    const s = await this.resolve(raw);
    if (s.state !== 'open') throw new AppError('not_found', 'This link is not valid any more.', { state: s.state });
    return s;
  }

  private signerOf(r: ConsentRequestFull): SignerDetails {
    const p = r.person;
    const base = r.recipient === 'guardian' ? { name: p.guardianName, email: p.guardianEmail, phone: p.guardianPhone } : { name: p.name, email: p.email, phone: p.phone };
    return { ...base, ...((r.signerDetails as Partial<SignerDetails> | null) ?? {}) };
  }

  private methodsOf(r: ConsentRequestFull) {
    const allowed = r.templateVersion.methods as ConsentMethod[];
    return {
      bankid: allowed.includes('bankid') && this.bankid() !== null,
      sms: allowed.includes('sms_code') && r.phone ? mask(r.phone, 'phone') : null,
      email: allowed.includes('email_code') && r.email ? mask(r.email, 'email') : null,
    };
  }

  private checkText(r: ConsentRequestFull, locale: ConsentLocale, hash: string) {
    const { texts } = r.content as unknown as StoredContent;
    if (textHash(locale, texts[locale]) !== hash) throw new AppError('conflict', 'The agreement text changed; read it again.', { reason: 'text_changed' });
  }

  // ---- the page -------------------------------------------------------------------------------

  async view(raw: string, meta: ClientMeta): Promise<SigningView> {
    const s = await this.resolve(raw);
    if (s.state !== 'open') return s;
    let r = s.request;
    if (r.status !== 'opened') {
      const now = new Date();
      const first = await this.uow.run(async (repos) => {
        if (!(await repos.consent.transition(r.id, ['created', 'sent', 'delivered'], { status: 'opened', openedAt: r.openedAt ?? now }))) return false;
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.opened', entityType: 'consent_request', entityId: r.id, before: { status: r.status }, after: { status: 'opened' } });
        return true;
      });
      if (first) r = { ...r, status: 'opened', openedAt: r.openedAt ?? now };
    }
    const content = r.content as unknown as StoredContent;
    const otp = await this.repos.consent.latestOtp(r.id);
    const now = Date.now();
    return {
      state: 'open',
      requestId: r.id,
      org: r.tenant.name,
      locale: content.locale,
      recipient: r.recipient as 'subject' | 'guardian',
      subjectName: personDisplayName(r.person),
      signer: this.signerOf(r),
      editable: r.templateVersion.editableFields as ConsentEditableField[],
      texts: content.texts,
      hashes: { sv: textHash('sv', content.texts.sv), en: textHash('en', content.texts.en) },
      channels: r.channels as string[],
      validity: { sv: validityText(r, 'sv'), en: validityText(r, 'en') },
      methods: this.methodsOf(r),
      assetIds: r.assetIds as string[],
      expiresAt: r.expiresAt,
      code:
        otp && !otp.verifiedAt
          ? {
              channel: otp.channel as 'sms' | 'email',
              to: mask(otp.destination, otp.channel === 'sms' ? 'phone' : 'email'),
              attemptsLeft: Math.max(0, OTP_MAX_ATTEMPTS - otp.attempts),
              locked: otp.lockedAt !== null,
              expired: otp.expiresAt.getTime() <= now,
            }
          : null,
    };
  }

  /** Stores what the signer confirmed, with only the fields the template lets them correct. */
  private async saveDetails(o: Open, input: Partial<SignerDetails>, meta: ClientMeta): Promise<void> {
    const r = o.request;
    const editable = r.templateVersion.editableFields as ConsentEditableField[];
    const current = this.signerOf(r);
    const next: SignerDetails = { ...current };
    for (const field of editable) {
      const raw = input[field];
      if (raw === undefined) continue;
      const value = raw?.trim() ? raw.trim() : null;
      if (field === 'name' && (!value || value.length > 200)) throw new AppError('validation_failed', 'Fill in your name.', { field });
      if (field === 'email' && value && (value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))) throw new AppError('validation_failed', 'Check the email address.', { field });
      if (field === 'phone' && value && !/^\+?[0-9 ()-]{5,20}$/.test(value)) throw new AppError('validation_failed', 'Check the mobile number.', { field });
      next[field] = value;
    }
    const changed = (Object.keys(next) as Array<keyof SignerDetails>).filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return;
    await this.uow.run(async (repos) => {
      await repos.consent.updateRequest(r.id, { signerDetails: next });
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.details_corrected', entityType: 'consent_request', entityId: r.id, after: { fields: changed } });
    });
    o.request = { ...r, signerDetails: next as never };
  }

  // ---- one-time codes -------------------------------------------------------------------------

  async sendCode(raw: string, input: { channel: 'sms' | 'email'; locale: ConsentLocale; textHash: string; details: Partial<SignerDetails> }, meta: ClientMeta): Promise<void> {
    const o = await this.open(raw);
    const r = o.request;
    const methods = this.methodsOf(r);
    const destination = input.channel === 'sms' ? r.phone : r.email;
    if (!destination || !(input.channel === 'sms' ? methods.sms : methods.email)) throw new AppError('validation_failed', 'This way of signing is not offered.', { field: 'channel' });
    this.checkText(r, input.locale, input.textHash);
    await this.saveDetails(o, input.details, meta);
    const latest = await this.repos.consent.latestOtp(r.id);
    if (latest && Date.now() - latest.createdAt.getTime() < OTP_RESEND_MS) {
      throw new AppError('rate_limited', 'Wait before asking for a new code.', { retryAfterSeconds: Math.ceil((OTP_RESEND_MS - (Date.now() - latest.createdAt.getTime())) / 1000) });
    }
    if ((await this.repos.consent.otpCount(r.id)) >= OTP_MAX_PER_REQUEST) throw new AppError('rate_limited', 'Too many codes for this link.', { reason: 'too_many' });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const s = strings(input.locale);
    const host = new URL(r.baseUrl).host;
    await this.uow.run(async (repos, afterCommit) => {
      const now = new Date();
      const otp = await repos.consent.createOtp({ tenantId: r.tenantId, requestId: r.id, channel: input.channel, destination, codeHash: hashCode(code), createdAt: now, expiresAt: new Date(now.getTime() + OTP_TTL_MS) });
      await this.messenger.queue(repos, afterCommit, {
        tenantId: r.tenantId,
        requestId: r.id,
        kind: 'code',
        channel: input.channel,
        to: destination,
        subject: input.channel === 'email' ? s.emailCodeSubject(r.tenant.name) : null,
        body: input.channel === 'sms' ? s.smsCode({ code, org: r.tenant.name, host }) : s.emailCode({ code, org: r.tenant.name }),
      });
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.code_sent', entityType: 'consent_request', entityId: r.id, after: { otpId: otp.id, channel: input.channel } });
    });
  }

  async verifyCode(raw: string, input: { code: string; locale: ConsentLocale; textHash: string }, meta: ClientMeta): Promise<CodeResult> {
    const o = await this.open(raw);
    const r = o.request;
    this.checkText(r, input.locale, input.textHash);
    const code = input.code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return { ok: false, error: 'format' };
    const otp = await this.repos.consent.latestOtp(r.id);
    if (!otp || otp.verifiedAt) return { ok: false, error: 'none' };
    if (otp.lockedAt) return { ok: false, error: 'locked' };
    if (otp.expiresAt <= new Date()) return { ok: false, error: 'expired' };
    // The attempt is counted before the code is compared, in a row update that refuses a sixth.
    const counted = await this.repos.consent.countAttempt(otp.id, OTP_MAX_ATTEMPTS);
    if (!counted) return { ok: false, error: 'locked' };
    const attempts = (await this.repos.consent.findOtp(otp.id))!.attempts;
    if (codeMatches(otp.codeHash, code)) {
      const receiptToken = await this.complete(o, {
        method: otp.channel === 'sms' ? 'sms_code' : 'email_code',
        locale: input.locale,
        code: { otpId: otp.id, channel: otp.channel, destination: otp.destination, sentAt: otp.createdAt.toISOString(), attempts },
        bankid: null,
      }, meta);
      return { ok: true, receiptToken };
    }
    const locked = attempts >= OTP_MAX_ATTEMPTS;
    await this.uow.run(async (repos) => {
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.code_failed', entityType: 'consent_request', entityId: r.id, after: { otpId: otp.id, attempt: attempts } });
      if (locked) {
        await repos.consent.updateOtp(otp.id, { lockedAt: new Date() });
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.code_locked', entityType: 'consent_request', entityId: r.id, after: { otpId: otp.id, attempts } });
      }
    });
    return locked ? { ok: false, error: 'locked' } : { ok: false, error: 'wrong', attemptsLeft: OTP_MAX_ATTEMPTS - attempts };
  }

  // ---- BankID ---------------------------------------------------------------------------------

  private userVisibleData(r: ConsentRequestFull, locale: ConsentLocale, hash: string): string {
    const { texts } = r.content as unknown as StoredContent;
    const t = texts[locale];
    const sv = locale === 'sv';
    const name = personDisplayName(r.person);
    const who = r.recipient === 'guardian' ? (sv ? `som vårdnadshavare för ${name}` : `as the guardian of ${name}`) : sv ? `för ${name}` : `for ${name}`;
    const md = [
      `# ${t.title.replace(/[#*_]/g, '')}`,
      sv ? `Jag samtycker ${who} till det avtal ${r.tenant.name} har visat mig.` : `I consent ${who} to the agreement ${r.tenant.name} has shown me.`,
      `${sv ? 'Används i' : 'Used in'}: ${channelList(r.channels as string[], locale)}`,
      `${sv ? 'Giltighet' : 'Valid'}: ${validityText(r, locale)}`,
      `${sv ? 'Kontrollsumma' : 'Checksum'}: ${hash.slice(0, 16)}`,
    ].join('\n\n');
    return Buffer.from(md, 'utf8').toString('base64');
  }

  async startBankId(raw: string, input: { sameDevice: boolean; locale: ConsentLocale; textHash: string; details: Partial<SignerDetails> }, meta: ClientMeta): Promise<{ orderId: string; autoStartUrl: string | null }> {
    const o = await this.open(raw);
    const r = o.request;
    const client = this.bankid();
    if (!client || !this.methodsOf(r).bankid) throw new AppError('validation_failed', 'BankID is not offered here.', { field: 'method' });
    this.checkText(r, input.locale, input.textHash);
    await this.saveDetails(o, input.details, meta);
    // One order at a time per request: a new start cancels the old one.
    for (const old of await this.repos.consent.pendingOrders(r.id)) {
      await client.cancel(old.orderRef).catch(() => undefined);
      await this.repos.consent.finishOrder(old.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: new Date() });
    }
    const userVisibleData = this.userVisibleData(r, input.locale, input.textHash);
    const userNonVisibleData = Buffer.from(`likeness:consent:${r.id}:${input.textHash}`).toString('base64');
    let started;
    try {
      started = await client.sign({ endUserIp: endUserIp(meta.ip), userVisibleData, userVisibleDataFormat: 'simpleMarkdownV1', userNonVisibleData });
    } catch (err) {
      const code = err instanceof BankIdError ? err.errorCode : 'unreachable';
      this.logger.warn({ err }, 'BankID sign failed');
      await this.uow.run((repos) => repos.audit.append({ ...audit(r, meta), action: 'consent_request.bankid_failed', entityType: 'consent_request', entityId: r.id, after: { errorCode: code } }));
      throw new AppError('unavailable', 'BankID could not start.', { errorCode: code, message: errorMessage(code) });
    }
    const order = await this.uow.run(async (repos) => {
      const row = await repos.consent.createOrder({
        tenantId: r.tenantId,
        requestId: r.id,
        orderRef: started.orderRef,
        autoStartToken: started.autoStartToken,
        qrStartToken: started.qrStartToken,
        qrStartSecret: started.qrStartSecret,
        locale: input.locale,
        textHash: input.textHash,
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.bankid_started', entityType: 'consent_request', entityId: r.id, after: { orderId: row.id, sameDevice: input.sameDevice } });
      return row;
    });
    return { orderId: order.id, autoStartUrl: input.sameDevice ? autoStartUrl(started.autoStartToken, isMobile(meta.userAgent)) : null };
  }

  /** One poll of the page: at most one /collect per order every two seconds, and the QR code for this second. */
  async pollBankId(raw: string, orderId: string, sameDevice: boolean, meta: ClientMeta): Promise<BankIdPoll> {
    const running = this.inflight.get(orderId);
    if (running) return running;
    const p = this.poll(raw, orderId, sameDevice, meta).finally(() => this.inflight.delete(orderId));
    this.inflight.set(orderId, p);
    return p;
  }

  private async poll(raw: string, orderId: string, sameDevice: boolean, meta: ClientMeta): Promise<BankIdPoll> {
    const s = await this.resolve(raw);
    if (s.state === 'invalid') throw new AppError('not_found', 'This link is not valid.');
    const requestId = s.state === 'open' ? s.request.id : (await this.repos.consent.findToken(hashToken(raw)))!.requestId;
    const order = await this.repos.consent.findOrder(requestId, orderId);
    if (!order) throw new AppError('not_found', 'No such BankID order.');
    const result = (status: BankIdPoll['status'], hintCode: string | null, extra: Partial<BankIdPoll> = {}): BankIdPoll => ({
      status,
      hintCode,
      message: status === 'cancelled' ? 'RFA3' : status === 'complete' ? null : collectMessage(status, hintCode, !sameDevice),
      qr: null,
      qrImage: null,
      redirect: null,
      ...extra,
    });
    // Signed in an earlier poll (or on another node): the link is used; the receipt link went out by message.
    if (order.status === 'complete') return result('complete', null, { redirect: '/sign/done' });
    if (order.status !== 'pending') return result(order.status as 'failed' | 'cancelled', order.hintCode);
    if (s.state !== 'open') return result('failed', 'cancelled');
    const client = this.bankid();
    if (!client) return result('failed', null, { message: 'RFA5' });

    const withQr = async (status: 'pending', hint: string | null): Promise<BankIdPoll> => {
      // Once the app has scanned the code (any other hint), the QR code has done its job and is not shown.
      const scanning = hint === null || hint === 'outstandingTransaction' || hint === 'noClient';
      const qr = !sameDevice && scanning && order.qrStartSecret ? qrData({ qrStartToken: order.qrStartToken, qrStartSecret: order.qrStartSecret }, order.createdAt) : null;
      const qrImage = qr ? await QRCode.toDataURL(qr, { errorCorrectionLevel: 'L', margin: 2, width: 256 }) : null;
      return { status, hintCode: hint, message: collectMessage(status, hint, !sameDevice), qr, qrImage, redirect: null };
    };
    if (order.lastCollectAt && Date.now() - order.lastCollectAt.getTime() < COLLECT_INTERVAL_MS) return withQr('pending', order.hintCode ?? 'outstandingTransaction');

    await this.repos.consent.updateOrder(order.id, { lastCollectAt: new Date() });
    let collected;
    try {
      collected = await client.collect(order.orderRef);
    } catch (err) {
      const code = err instanceof BankIdError ? err.errorCode : 'unreachable';
      if (code === 'unreachable' || code === 'requestTimeout' || code === 'maintenance' || code === 'internalError') {
        // Transient: keep the order and try again on the next poll.
        return { ...(await withQr('pending', order.hintCode)), message: errorMessage(code) };
      }
      await this.failOrder(s.request, order.id, code, meta);
      return result('failed', code, { message: errorMessage(code) });
    }
    if (collected.status === 'pending') {
      const hint = collected.hintCode ?? null;
      if (hint !== order.hintCode) await this.repos.consent.updateOrder(order.id, { hintCode: hint });
      return withQr('pending', hint);
    }
    if (collected.status === 'failed') {
      await this.failOrder(s.request, order.id, collected.hintCode ?? 'unknown', meta);
      return result('failed', collected.hintCode ?? null);
    }
    // complete
    if (!(await this.repos.consent.finishOrder(order.id, { status: 'complete', hintCode: null, completedAt: new Date() }))) return result('complete', null, { redirect: '/sign/done' });
    const completion = collected.completionData as BankIdCompletionData;
    const receiptToken = await this.complete(s, {
      method: 'bankid',
      locale: order.locale as ConsentLocale,
      code: null,
      bankid: {
        orderRef: order.orderRef,
        userVisibleData: this.userVisibleData(s.request, order.locale as ConsentLocale, order.textHash),
        userNonVisibleData: Buffer.from(`likeness:consent:${s.request.id}:${order.textHash}`).toString('base64'),
        completionData: completion,
      },
    }, { ip: meta.ip, userAgent: meta.userAgent });
    return result('complete', null, { redirect: `/sign/receipt/${receiptToken}` });
  }

  private async failOrder(r: ConsentRequestFull, orderId: string, hintCode: string, meta: ClientMeta) {
    await this.uow.run(async (repos) => {
      if (!(await repos.consent.finishOrder(orderId, { status: 'failed', hintCode, completedAt: new Date() }))) return;
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.bankid_failed', entityType: 'consent_request', entityId: r.id, after: { orderId, hintCode } });
    });
  }

  async cancelBankId(raw: string, orderId: string, meta: ClientMeta): Promise<void> {
    const o = await this.open(raw);
    const order = await this.repos.consent.findOrder(o.request.id, orderId);
    if (!order) throw new AppError('not_found', 'No such BankID order.');
    if (order.status !== 'pending') return;
    await this.bankid()?.cancel(order.orderRef).catch(() => undefined);
    await this.uow.run(async (repos) => {
      if (!(await repos.consent.finishOrder(order.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: new Date() }))) return;
      await repos.audit.append({ ...audit(o.request, meta), action: 'consent_request.bankid_cancelled', entityType: 'consent_request', entityId: o.request.id, after: { orderId } });
    });
  }

  // ---- decline --------------------------------------------------------------------------------

  async decline(raw: string, reason: string | null, meta: ClientMeta): Promise<{ org: string }> {
    const o = await this.open(raw);
    const r = o.request;
    const client = this.bankid();
    for (const old of await this.repos.consent.pendingOrders(r.id)) await client?.cancel(old.orderRef).catch(() => undefined);
    await this.uow.run(async (repos) => {
      const now = new Date();
      if (!(await repos.consent.transition(r.id, OPEN, { status: 'declined', completedAt: now, declineReason: reason?.trim().slice(0, 1000) || null }))) {
        throw new AppError('conflict', 'The request is already answered.');
      }
      await repos.consent.useTokens(r.id, 'sign', now);
      for (const old of await repos.consent.pendingOrders(r.id)) await repos.consent.finishOrder(old.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: now });
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.declined', entityType: 'consent_request', entityId: r.id, before: { status: r.status }, after: { status: 'declined', reasonGiven: Boolean(reason?.trim()) } });
    });
    return { org: r.tenant.name };
  }

  // ---- signing --------------------------------------------------------------------------------

  /**
   * Turns a verified signature into an agreement (kind digital) through the normal path: the agreement row, its
   * audit row and the status effects, in one transaction with the sealed evidence and its PDF receipt.
   */
  private async complete(
    o: Open,
    input: {
      method: ConsentMethod;
      locale: ConsentLocale;
      code: null | { otpId: string; channel: string; destination: string; sentAt: string; attempts: number };
      bankid: EvidenceRecord['bankid'];
    },
    meta: ClientMeta,
  ): Promise<string> {
    const receiptToken = newToken();
    await this.uow.run(async (repos, afterCommit) => {
      const r = (await repos.consent.findRequestFull(o.request.id))!;
      const now = new Date();
      if (!(await repos.consent.transition(r.id, OPEN, { status: 'signed', completedAt: now }))) throw new AppError('conflict', 'The request is already answered.');
      const content = r.content as unknown as StoredContent;
      const text = content.texts[input.locale];
      const hash = textHash(input.locale, text);
      const details = this.signerOf(r);
      const original = this.signerOf({ ...r, signerDetails: null });
      const corrected = (Object.keys(details) as Array<keyof SignerDetails>).filter((k) => details[k] !== original[k]);
      const person = r.person;

      // Corrections the template allowed go back to the register.
      if (corrected.length) {
        const g = r.recipient === 'guardian';
        const data: Record<string, string | null> = {};
        for (const k of corrected) data[g ? { name: 'guardianName', email: 'guardianEmail', phone: 'guardianPhone' }[k] : k] = details[k];
        const next = { ...person, ...data };
        const searchText = [next.name, next.email, next.phone?.replace(/[^0-9+]/g, ''), `p-${String(person.ref).padStart(4, '0')}`].filter(Boolean).join(' ').toLowerCase();
        await repos.persons.update(person.id, { ...data, searchText });
        await repos.audit.append({ ...audit(r, meta), action: 'person.updated', entityType: 'person', entityId: person.id, after: { ref: person.ref, fields: Object.keys(data), source: 'signing page' } });
      }

      const bankidName = (input.bankid?.completionData as BankIdCompletionData | undefined)?.user?.name ?? null;
      const signerName = bankidName ?? details.name;
      const guardian = r.recipient === 'guardian';
      const validUntil = r.validUntil ?? (r.validityDays ? new Date(now.getTime() + r.validityDays * DAY) : null);
      const a = await repos.agreements.create(r.tenantId, person.id, {
        kind: 'digital',
        channels: r.channels as string[],
        validFrom: now,
        validUntil,
        signedBy: guardian ? 'guardian' : 'subject',
        guardianName: guardian ? signerName : null,
        notes: `${r.templateVersion.template.name} v${r.templateVersion.version}: signed digitally (${input.method}).`,
      });
      await repos.audit.append({
        ...audit(r, meta),
        action: 'agreement.created',
        entityType: 'agreement',
        entityId: a.id,
        after: { personId: person.id, kind: a.kind, channels: a.channels, validFrom: a.validFrom.toISOString(), validUntil: a.validUntil?.toISOString() ?? null, signedBy: a.signedBy, withdrawnAt: null, consentRequestId: r.id },
      });

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
        code: input.code ? { channel: input.code.channel, destination: input.code.destination, sentAt: input.code.sentAt, verifiedAt: now.toISOString(), attempts: input.code.attempts } : null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        times: { requestedAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, openedAt: r.openedAt?.toISOString() ?? null, signedAt: now.toISOString() },
      };
      const sealHash = sealOf(record);
      const pdf = await buildReceiptPdf(receiptInput(record, sealHash));
      const receiptSha256 = sha256(pdf);
      await repos.consent.createEvidence({ tenantId: r.tenantId, agreementId: a.id, requestId: r.id, templateVersionId: r.templateVersionId, data: record, sealHash, receipt: pdf, receiptSha256 });
      await repos.consent.updateRequest(r.id, { agreementId: a.id });
      await repos.consent.useTokens(r.id, 'sign', now);
      if (input.code) await repos.consent.updateOtp(input.code.otpId, { verifiedAt: now });
      for (const old of await repos.consent.pendingOrders(r.id)) await repos.consent.finishOrder(old.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: now });
      // The receipt link lets the signer see the receipt and withdraw; it lasts as long as the agreement, and a year more.
      const receiptUntil = new Date(Math.max(validUntil?.getTime() ?? now.getTime() + 10 * 365 * DAY, now.getTime()) + 365 * DAY);
      await repos.consent.createToken({ tenantId: r.tenantId, requestId: r.id, purpose: 'receipt', tokenHash: hashToken(receiptToken), expiresAt: receiptUntil });
      await repos.audit.append({
        ...audit(r, meta),
        action: 'consent_request.signed',
        entityType: 'consent_request',
        entityId: r.id,
        after: { agreementId: a.id, method: input.method, templateVersionId: r.templateVersionId, version: r.templateVersion.version, locale: input.locale, textHash: hash, sealHash, receiptSha256 },
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
      await this.effects.personsChanged(repos, afterCommit, r.tenantId, [person.id]);
    });
    return receiptToken;
  }

  // ---- after signing: receipt and withdrawal ----------------------------------------------------

  private async receiptToken(raw: string) {
    if (!TOKEN.test(raw)) return null;
    const t = await this.repos.consent.findToken(hashToken(raw));
    if (!t || t.purpose !== 'receipt' || t.expiresAt <= new Date() || !t.request.agreementId) return null;
    const evidence = await this.repos.consent.findEvidenceByRequest(t.request.id);
    const agreement = await this.repos.agreements.findInTenant(t.request.tenantId, t.request.agreementId);
    if (!evidence || !agreement) return null;
    return { t, r: t.request, evidence, agreement, record: evidence.data as unknown as EvidenceRecord };
  }

  async receipt(raw: string): Promise<ReceiptView | { state: 'invalid' }> {
    const x = await this.receiptToken(raw);
    if (!x) return { state: 'invalid' };
    const { texts } = x.r.content as unknown as StoredContent;
    return {
      state: 'receipt',
      org: x.r.tenant.name,
      locale: x.record.locale,
      title: { sv: texts.sv.title, en: texts.en.title },
      completion: { sv: texts.sv.completionText, en: texts.en.completionText },
      signedAt: new Date(x.record.times.signedAt),
      method: x.record.method,
      signerName: x.record.signer.name,
      withdrawnAt: x.agreement.withdrawnAt,
      assetIds: x.record.assets,
    };
  }

  async receiptPdf(raw: string, meta: ClientMeta): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const x = await this.receiptToken(raw);
    if (!x) return null;
    await this.uow.run((repos) => repos.audit.append({ ...audit(x.r, meta), action: 'consent_request.receipt_downloaded', entityType: 'consent_request', entityId: x.r.id, after: { agreementId: x.agreement.id, by: 'signer' } }));
    return { bytes: x.evidence.receipt, fileName: receiptFileName(x.record) };
  }

  /** Withdrawing is as easy as consenting (GDPR Art. 7(3)): one click on the receipt link, effective at once. */
  async withdraw(raw: string, reason: string | null, meta: ClientMeta): Promise<{ withdrawnAt: Date } | null> {
    const x = await this.receiptToken(raw);
    if (!x) return null;
    if (x.agreement.withdrawnAt) return { withdrawnAt: x.agreement.withdrawnAt };
    return this.uow.run(async (repos, afterCommit) => {
      const current = await repos.agreements.findInTenant(x.r.tenantId, x.agreement.id);
      if (!current) return null;
      if (current.withdrawnAt) return { withdrawnAt: current.withdrawnAt };
      const now = new Date();
      const a = await repos.agreements.update(current.id, { withdrawnAt: now, withdrawalReason: reason?.trim().slice(0, 2000) || null });
      const summary = (v: typeof a) => ({ kind: v.kind, channels: v.channels, validFrom: v.validFrom.toISOString(), validUntil: v.validUntil?.toISOString() ?? null, signedBy: v.signedBy, withdrawnAt: v.withdrawnAt?.toISOString() ?? null });
      await repos.audit.append({ ...audit(x.r, meta), action: 'agreement.withdrawn', entityType: 'agreement', entityId: a.id, before: summary(current), after: summary(a) });
      await repos.audit.append({ ...audit(x.r, meta), action: 'consent_request.withdrawn', entityType: 'consent_request', entityId: x.r.id, after: { agreementId: a.id, reasonGiven: Boolean(reason?.trim()) } });
      await this.effects.personsChanged(repos, afterCommit, x.r.tenantId, [a.personId]);
      return { withdrawnAt: now };
    });
  }

  // ---- thumbnails -----------------------------------------------------------------------------

  /** A thumbnail of a file the request names, through the link (sign or receipt), never the admin API. */
  async thumbnail(raw: string, assetId: string, purpose: 'sign' | 'receipt'): Promise<string | null> {
    let request: { tenantId: string; assetIds: unknown } | null = null;
    if (purpose === 'sign') {
      const s = await this.resolve(raw);
      if (s.state === 'open') request = s.request;
    } else {
      const x = await this.receiptToken(raw);
      if (x) request = x.r;
    }
    if (!request || !(request.assetIds as string[]).includes(assetId)) return null;
    const asset = await this.repos.assets.findInTenant(request.tenantId, assetId);
    if (!asset || asset.kind !== 'image') return null;
    const key = `${asset.storageKey}/thumbnail.webp`;
    return this.storage.exists(key) ? this.storage.pathOf(key) : null;
  }
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
