import { AppError, type ConsentLocale } from '@likeness/shared';
import type { Logger } from 'pino';
import type { RateCounter } from '../../kernel/ports';
import QRCode from 'qrcode';
import { hashToken } from '../../kernel/tokens';
import { personDisplayName } from '../../kernel/person-name';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { ConsentRequestFull } from './consent-request.repository';
import { BankIdError, autoStartUrl, qrData, type BankIdClient, type BankIdCompletionData } from './bankid.client';
import { collectMessage, errorMessage } from './bankid.messages';
import type { StoredContent } from './consent-request.mapper';
import type { SignatureCompletionService } from './signature-completion.service';
import type { SigningLinkService } from './signing-link.service';
import { audit, checkText, isMobile, type ClientMeta, type SignerDetails } from './signing.model';
import { channelList, validityText } from './template.render';
import type { BankIdPoll } from './signing-page/forms';

/** BankID asks relying parties to call /collect every two seconds. */
const COLLECT_INTERVAL_MS = 2000;

/** Every start is a BankID order (and a prompt in someone's app): at most this many per link and per address. */
export const BANKID_STARTS_PER_LINK = 10;
export const BANKID_STARTS_PER_ADDRESS = 30;
export const BANKID_START_WINDOW_MS = 10 * 60_000;


/** Normalises an IPv4-mapped IPv6 address; BankID wants the end user's address as seen by us. */
function endUserIp(ip: string | null): string {
  if (!ip) return '127.0.0.1';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** What the BankID app shows before the signer signs: a summary of the agreement with its checksum. */
function userVisibleData(r: ConsentRequestFull, locale: ConsentLocale, hash: string): string {
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

/** Binds the signature to the request and the exact text the signer read. */
function userNonVisibleData(requestId: string, hash: string): string {
  return Buffer.from(`likeness:consent:${requestId}:${hash}`).toString('base64');
}

/** Signing with BankID (RP API v6): start an order, poll it from the page, cancel it. */
export class BankIdSigningService {
  private readonly inflight = new Map<string, Promise<BankIdPoll>>();

  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly links: SigningLinkService,
    private readonly completion: SignatureCompletionService,
    private readonly bankid: () => BankIdClient | null,
    private readonly rates: RateCounter,
    private readonly logger: Logger,
  ) {}

  /** Counted before the order is made, so parallel starts cannot pass the limit together. */
  private async throttle(requestId: string, ip: string | null): Promise<void> {
    const [link, address] = await Promise.all([
      this.rates.hit(`bankid:link:${requestId}`, BANKID_START_WINDOW_MS),
      this.rates.hit(`bankid:ip:${ip ?? 'unknown'}`, BANKID_START_WINDOW_MS),
    ]);
    const over = [link.count > BANKID_STARTS_PER_LINK ? link : null, address.count > BANKID_STARTS_PER_ADDRESS ? address : null].filter((h) => h !== null);
    if (over.length) {
      const resetAt = Math.max(...over.map((h) => h.resetAt));
      throw new AppError('rate_limited', 'Too many BankID starts. Wait a while and try again.', { reason: 'bankid_starts', retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) });
    }
  }

  async startBankId(raw: string, input: { sameDevice: boolean; locale: ConsentLocale; textHash: string; details: Partial<SignerDetails> }, meta: ClientMeta): Promise<{ orderId: string; autoStartUrl: string | null }> {
    const o = await this.links.open(raw);
    const r = o.request;
    const client = this.bankid();
    if (!client || !(await this.links.methodsOf(r)).bankid) throw new AppError('validation_failed', 'BankID is not offered here.', { field: 'method' });
    checkText(r, input.locale, input.textHash);
    await this.throttle(r.id, meta.ip);
    await this.links.saveDetails(o, input.details, meta);
    // One order at a time per request: a new start cancels the old one.
    for (const old of await this.repos.signatures.pendingOrders(r.id)) {
      await client.cancel(old.orderRef).catch(() => undefined);
      await this.repos.signatures.finishOrder(old.tenantId, old.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: new Date() });
    }
    const visible = userVisibleData(r, input.locale, input.textHash);
    const nonVisible = userNonVisibleData(r.id, input.textHash);
    let started;
    try {
      // When staff know who must sign, BankID itself refuses anyone else's BankID (RP API v6 requirement.personalNumber).
      const requirement = r.expectedPersonalNumber ? { requirement: { personalNumber: r.expectedPersonalNumber } } : {};
      started = await client.sign({ endUserIp: endUserIp(meta.ip), userVisibleData: visible, userVisibleDataFormat: 'simpleMarkdownV1', userNonVisibleData: nonVisible, ...requirement });
    } catch (err) {
      const code = err instanceof BankIdError ? err.errorCode : 'unreachable';
      this.logger.warn({ err }, 'BankID sign failed');
      await this.uow.run((repos) => repos.audit.append({ ...audit(r, meta), action: 'consent_request.bankid_failed', entityType: 'consent_request', entityId: r.id, after: { errorCode: code } }));
      throw new AppError('unavailable', 'BankID could not start.', { errorCode: code, message: errorMessage(code) });
    }
    const order = await this.uow.run(async (repos) => {
      const row = await repos.signatures.createOrder({
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
    // Shared only by callers holding the same link: another link's token never reaches this order's answer (QR, redirect).
    const key = `${hashToken(raw)}:${orderId}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.poll(raw, orderId, sameDevice, meta).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async poll(raw: string, orderId: string, sameDevice: boolean, meta: ClientMeta): Promise<BankIdPoll> {
    const s = await this.links.resolve(raw);
    if (s.state === 'invalid') throw new AppError('not_found', 'This link is not valid.');
    const requestId = s.state === 'open' ? s.request.id : (await this.repos.consentRequests.findToken(hashToken(raw)))!.requestId;
    const order = await this.repos.signatures.findOrder(requestId, orderId);
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

    await this.repos.signatures.updateOrder(order.tenantId, order.id, { lastCollectAt: new Date() });
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
      if (hint !== order.hintCode) await this.repos.signatures.updateOrder(order.tenantId, order.id, { hintCode: hint });
      return withQr('pending', hint);
    }
    if (collected.status === 'failed') {
      await this.failOrder(s.request, order.id, collected.hintCode ?? 'unknown', meta);
      return result('failed', collected.hintCode ?? null);
    }
    // complete: the order is marked complete inside the agreement's transaction, or not at all.
    let receiptToken: string;
    try {
      receiptToken = await this.completion.complete(s.request.id, {
        method: 'bankid',
        locale: order.locale as ConsentLocale,
        code: null,
        orderId: order.id,
        bankid: {
          orderRef: order.orderRef,
          userVisibleData: userVisibleData(s.request, order.locale as ConsentLocale, order.textHash),
          userNonVisibleData: userNonVisibleData(s.request.id, order.textHash),
          completionData: collected.completionData as BankIdCompletionData,
        },
      }, { ip: meta.ip, userAgent: meta.userAgent });
    } catch (err) {
      const reason = err instanceof AppError ? (err.details as { reason?: string } | undefined)?.reason : undefined;
      // Another poll (or node) completed it first.
      if (reason === 'order_finished') return result('complete', null, { redirect: '/sign/done' });
      // Not the person staff named (BankID should never let this through): no agreement, the order fails.
      if (reason === 'wrong_signer') {
        await this.failOrder(s.request, order.id, 'wrong_signer', meta);
        return result('failed', 'wrong_signer', { message: errorMessage('wrong_signer') });
      }
      throw err;
    }
    return result('complete', null, { redirect: `/sign/receipt/${receiptToken}` });
  }

  private async failOrder(r: ConsentRequestFull, orderId: string, hintCode: string, meta: ClientMeta) {
    await this.uow.run(async (repos) => {
      if (!(await repos.signatures.finishOrder(r.tenantId, orderId, { status: 'failed', hintCode, completedAt: new Date() }))) return;
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.bankid_failed', entityType: 'consent_request', entityId: r.id, after: { orderId, hintCode } });
    });
  }

  async cancelBankId(raw: string, orderId: string, meta: ClientMeta): Promise<void> {
    const o = await this.links.open(raw);
    const order = await this.repos.signatures.findOrder(o.request.id, orderId);
    if (!order) throw new AppError('not_found', 'No such BankID order.');
    if (order.status !== 'pending') return;
    await this.bankid()?.cancel(order.orderRef).catch(() => undefined);
    await this.uow.run(async (repos) => {
      if (!(await repos.signatures.finishOrder(order.tenantId, order.id, { status: 'cancelled', hintCode: 'cancelled', completedAt: new Date() }))) return;
      await repos.audit.append({ ...audit(o.request, meta), action: 'consent_request.bankid_cancelled', entityType: 'consent_request', entityId: o.request.id, after: { orderId } });
    });
  }
}
