import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError, type ConsentLocale } from '@likeness/shared';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import { sha256 } from './evidence.service';
import type { ConsentMessenger } from './messenger';
import type { SignatureCompletionService } from './signature-completion.service';
import type { SigningLinkService } from './signing-link.service';
import { strings } from './signing-page/i18n';
import { audit, checkText, type ClientMeta, type SignerDetails } from './signing.model';

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_MS = 30_000;
export const OTP_MAX_PER_REQUEST = 5;

export type CodeResult =
  | { ok: true; receiptToken: string }
  | { ok: false; error: 'wrong'; attemptsLeft: number }
  | { ok: false; error: 'locked' | 'expired' | 'none' | 'format' };

function hashCode(code: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}$${sha256(`${salt}:${code}`)}`;
}

function codeMatches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split('$');
  const a = Buffer.from(hash!, 'hex');
  const b = Buffer.from(sha256(`${salt}:${code}`), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Signing with a six-digit code sent by SMS or email to the address the request went to. */
export class CodeSigningService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly messenger: ConsentMessenger,
    private readonly links: SigningLinkService,
    private readonly completion: SignatureCompletionService,
  ) {}

  async sendCode(raw: string, input: { channel: 'sms' | 'email'; locale: ConsentLocale; textHash: string; details: Partial<SignerDetails> }, meta: ClientMeta): Promise<void> {
    const o = await this.links.open(raw);
    const r = o.request;
    const methods = await this.links.methodsOf(r);
    const destination = input.channel === 'sms' ? r.phone : r.email;
    if (!destination || !(input.channel === 'sms' ? methods.sms : methods.email)) throw new AppError('validation_failed', 'This way of signing is not offered.', { field: 'channel' });
    checkText(r, input.locale, input.textHash);
    await this.links.saveDetails(o, input.details, meta);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const s = strings(input.locale);
    const host = new URL(r.baseUrl).host;
    await this.uow.run(async (repos, afterCommit) => {
      // The limits are read under the request's row lock, so parallel asks are counted one after another.
      await repos.consentRequests.lockRequest(r.tenantId, r.id);
      const now = new Date();
      const latest = await repos.signatures.latestOtp(r.id);
      if (latest && now.getTime() - latest.createdAt.getTime() < OTP_RESEND_MS) {
        throw new AppError('rate_limited', 'Wait before asking for a new code.', { retryAfterSeconds: Math.ceil((OTP_RESEND_MS - (now.getTime() - latest.createdAt.getTime())) / 1000) });
      }
      if ((await repos.signatures.otpCount(r.id)) >= OTP_MAX_PER_REQUEST) throw new AppError('rate_limited', 'Too many codes for this link.', { reason: 'too_many' });
      const otp = await repos.signatures.createOtp({ tenantId: r.tenantId, requestId: r.id, channel: input.channel, destination, codeHash: hashCode(code), createdAt: now, expiresAt: new Date(now.getTime() + OTP_TTL_MS) });
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
    const r = (await this.links.open(raw)).request;
    checkText(r, input.locale, input.textHash);
    const code = input.code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return { ok: false, error: 'format' };
    const otp = await this.repos.signatures.latestOtp(r.id);
    if (!otp || otp.verifiedAt) return { ok: false, error: 'none' };
    if (otp.lockedAt) return { ok: false, error: 'locked' };
    if (otp.expiresAt <= new Date()) return { ok: false, error: 'expired' };
    // The attempt is counted before the code is compared, in a row update that refuses a sixth.
    const counted = await this.repos.signatures.countAttempt(otp.tenantId, otp.id, OTP_MAX_ATTEMPTS);
    if (!counted) return { ok: false, error: 'locked' };
    const attempts = (await this.repos.signatures.findOtp(otp.id))!.attempts;
    if (codeMatches(otp.codeHash, code)) {
      // The evidence names who carried the code to the signer (Twilio, SMTP, or the dev outbox in development).
      const carrier = await this.repos.consentMessages.latestCodeMessage(otp.tenantId, r.id, otp.channel);
      const receiptToken = await this.completion.complete(r.id, {
        method: otp.channel === 'sms' ? 'sms_code' : 'email_code',
        locale: input.locale,
        code: { otpId: otp.id, channel: otp.channel, destination: otp.destination, sentAt: otp.createdAt.toISOString(), attempts, provider: carrier?.provider ?? null, providerMessageId: carrier?.providerId ?? null },
        bankid: null,
      }, meta);
      return { ok: true, receiptToken };
    }
    const locked = attempts >= OTP_MAX_ATTEMPTS;
    await this.uow.run(async (repos) => {
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.code_failed', entityType: 'consent_request', entityId: r.id, after: { otpId: otp.id, attempt: attempts } });
      if (locked) {
        await repos.signatures.updateOtp(otp.tenantId, otp.id, { lockedAt: new Date() });
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.code_locked', entityType: 'consent_request', entityId: r.id, after: { otpId: otp.id, attempts } });
      }
    });
    return locked ? { ok: false, error: 'locked' } : { ok: false, error: 'wrong', attemptsLeft: OTP_MAX_ATTEMPTS - attempts };
  }
}
