import type { Logger } from 'pino';
import type { JobQueue } from '../../kernel/ports';
import type { Mailer } from '../../kernel/ports';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { MessageData } from './consent-message.repository';
import type { AfterCommit } from '../../kernel/unit-of-work';
import { TwilioSms, toE164, twilioSignatureValid } from './twilio.sms';
import { escapeHtml } from '../../kernel/html';

const SYSTEM = { type: 'system' as const, id: null, label: 'consent messenger' };

/** Links and codes are capabilities: once a real provider has the message, only a redacted copy is kept. */
export function redact(body: string): string {
  return body.replace(/\/sign\/(receipt\/)?[A-Za-z0-9_-]{20,}/g, '/sign/$1[redacted]').replace(/\b\d{6}\b/g, '[code]');
}

const PROVIDER_FAILURES = new Set(['failed', 'undelivered']);

/**
 * The consent outbox: messages are written in the transaction that caused them and sent after commit
 * by a job, through Twilio (SMS) and SMTP (email). Without a provider they stay in the outbox, readable
 * through the API: the whole flow then works on a laptop.
 */
export class ConsentMessenger {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | null,
    private readonly twilioBaseUrl: string | null,
    private readonly logger: Logger,
    /** Development only: with no provider, keep the message readable in the outbox and count it as sent. */
    private readonly devOutbox = false,
    /** Opens the sealed Twilio token (null: stored as is, for unit use). */
    private readonly openToken: (stored: string) => string = (t) => t,
  ) {
    jobs.process('consent.message', ({ messageId }) => this.deliver(messageId));
  }

  /** Writes a message in the current transaction; it is sent once the transaction commits. */
  async queue(repos: ConsentRepositories, afterCommit: AfterCommit, data: MessageData): Promise<string> {
    const m = await repos.consentMessages.createMessage(data);
    afterCommit(() => void this.jobs.add('consent.message', { messageId: m.id }, { jobId: m.id }));
    return m.id;
  }

  /** Messages that never went out (a crash, a lost job) are tried again. */
  async retryStalled(): Promise<void> {
    const stalled = await this.repos.consentMessages.stalledMessages(new Date(Date.now() - 60_000), 100);
    for (const m of stalled) {
      if (m.status === 'sending') await this.repos.consentMessages.resetMessage(m.tenantId, m.id);
      await this.jobs.add('consent.message', { messageId: m.id }, { jobId: `${m.id}:${Date.now()}` });
    }
  }

  async deliver(messageId: string): Promise<void> {
    const queued = await this.repos.consentMessages.findMessage(messageId);
    if (!queued || !(await this.repos.consentMessages.claimMessage(queued.tenantId, messageId))) return;
    const m = (await this.repos.consentMessages.findMessage(messageId))!;
    const settings = await this.repos.consentSettings.settings(m.tenantId);
    let provider: 'twilio' | 'smtp' | 'outbox' | 'none' = this.devOutbox ? 'outbox' : 'none';
    let providerId: string | null = null;
    let status = 'sent';
    let error: string | null = null;
    try {
      if (m.channel === 'sms' && settings?.twilioAccountSid && settings.twilioAuthToken && settings.twilioFrom) {
        provider = 'twilio';
        const request = m.requestId ? await this.repos.consentRequests.findRequest(m.tenantId, m.requestId) : null;
        const callback = request ? statusCallbackUrl(request.baseUrl, m.id) : null;
        const sms = new TwilioSms({ accountSid: settings.twilioAccountSid, authToken: this.openToken(settings.twilioAuthToken), from: settings.twilioFrom }, this.twilioBaseUrl);
        const sent = await sms.send(toE164(m.to), m.body, callback);
        providerId = sent.sid;
        if (PROVIDER_FAILURES.has(sent.status)) status = sent.status;
      } else if (m.channel === 'email' && this.mailer) {
        provider = 'smtp';
        await this.mailer.send({ to: m.to, subject: m.subject ?? '', text: m.body, html: emailHtml(m.body) });
      } else if (!this.devOutbox) {
        // Nobody can receive it: never "sent", and the link and code are not kept readable for staff.
        status = 'failed';
        error = 'no_provider';
      }
    } catch (err) {
      status = 'failed';
      error = providerErrorCode(provider, err);
      this.logger.warn({ err, messageId, provider }, 'consent message not sent');
    }
    await this.uow.run(async (repos) => {
      await repos.consentMessages.updateMessage(m.tenantId, m.id, { status, provider, providerId, error, ...(provider !== 'outbox' ? { body: redact(m.body) } : {}) });
      if (!m.requestId) return;
      const meta = { messageId: m.id, kind: m.kind, channel: m.channel, provider };
      if (status === 'failed') {
        await repos.consentRequests.updateRequest(m.tenantId, m.requestId, { lastError: `${m.channel}: ${error}` });
        await repos.audit.append({ tenantId: m.tenantId, actor: SYSTEM, action: 'consent_request.send_failed', entityType: 'consent_request', entityId: m.requestId, after: { ...meta, error } });
        return;
      }
      if (m.kind === 'invite' || m.kind === 'reminder') {
        await repos.consentRequests.transition(m.tenantId, m.requestId, ['created'], { status: 'sent', sentAt: new Date() });
        await repos.audit.append({ tenantId: m.tenantId, actor: SYSTEM, action: 'consent_request.sent', entityType: 'consent_request', entityId: m.requestId, after: meta });
      }
    });
  }

  /**
   * Twilio's status callback for one message. The signature is checked with the organisation's auth token over
   * the exact URL Twilio was given; anything else is refused.
   */
  async twilioStatus(messageId: string, signature: string | undefined, params: Record<string, string>): Promise<'ok' | 'forbidden' | 'unknown'> {
    const m = await this.repos.consentMessages.findMessage(messageId);
    if (!m || m.provider !== 'twilio' || !m.requestId) return 'unknown';
    const [settings, request] = await Promise.all([this.repos.consentSettings.settings(m.tenantId), this.repos.consentRequests.findRequest(m.tenantId, m.requestId)]);
    if (!settings?.twilioAuthToken || !request) return 'unknown';
    if (!twilioSignatureValid(this.openToken(settings.twilioAuthToken), signature, statusCallbackUrl(request.baseUrl, m.id), params)) return 'forbidden';
    if (params.MessageSid && m.providerId && params.MessageSid !== m.providerId) return 'forbidden';
    const status = params.MessageStatus ?? params.SmsStatus ?? '';
    if (!['delivered', 'undelivered', 'failed', 'read'].includes(status)) return 'ok';
    const delivered = status === 'delivered' || status === 'read';
    await this.uow.run(async (repos) => {
      await repos.consentMessages.updateMessage(m.tenantId, m.id, { status: delivered ? 'delivered' : status, error: delivered ? null : `Twilio ${status}${params.ErrorCode ? ` (error ${params.ErrorCode})` : ''}` });
      const meta = { messageId: m.id, kind: m.kind, channel: m.channel, provider: 'twilio', status };
      if (delivered && (m.kind === 'invite' || m.kind === 'reminder')) {
        const moved = await repos.consentRequests.transition(m.tenantId, m.requestId!, ['created', 'sent'], { status: 'delivered', deliveredAt: new Date() });
        if (moved) await repos.audit.append({ tenantId: m.tenantId, actor: SYSTEM, action: 'consent_request.delivered', entityType: 'consent_request', entityId: m.requestId, after: meta });
      } else if (!delivered) {
        await repos.consentRequests.updateRequest(m.tenantId, m.requestId!, { lastError: `sms: Twilio ${status}${params.ErrorCode ? ` (${params.ErrorCode})` : ''}` });
        await repos.audit.append({ tenantId: m.tenantId, actor: SYSTEM, action: 'consent_request.send_failed', entityType: 'consent_request', entityId: m.requestId, after: meta });
      }
    });
    return 'ok';
  }
}

export function statusCallbackUrl(baseUrl: string, messageId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/hooks/twilio/status/${messageId}`;
}

/**
 * A provider's failure as a code, for the message row, the request and the audit row: provider texts quote
 * the number or the address ("The 'To' number +46… is not valid", SMTP "550 <anna@…> rejected"), codes do not.
 */
export function providerErrorCode(provider: string, err: unknown): string {
  const e = err as { status?: unknown; code?: unknown; responseCode?: unknown };
  const safe = [e.code, e.responseCode, e.status].find((c) => typeof c === 'number' || (typeof c === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(c)));
  return `${provider}_${safe === undefined ? 'error' : String(safe)}`;
}

/** A plain HTML twin of a text email: paragraphs, links clickable. */
function emailHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) =>
    `<p>${escapeHtml(p)
      .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
      .replace(/\n/g, '<br>')}</p>`,
  );
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">${paragraphs.join('')}</body></html>`;
}
