import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /** A phone number, an alphanumeric sender, or a messaging service SID (MG…). */
  from: string;
}

export interface SentSms {
  sid: string;
  status: string;
}

/**
 * Twilio's own HTTP client with the host swapped: every request for https://*.twilio.com goes to `baseUrl`
 * instead. Used by tests (a local server speaking the Messages API) and behind egress proxies.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const u = new URL(opts.uri);
    const base = new URL(this.baseUrl);
    u.protocol = base.protocol;
    u.host = base.host;
    u.pathname = `${base.pathname.replace(/\/$/, '')}${u.pathname}`;
    return super.request<TData>({ ...opts, uri: u.toString() });
  }
}

/** Sends SMS through the real twilio SDK (Messages API). */
export class TwilioSms {
  private readonly client: ReturnType<typeof twilio>;

  constructor(
    private readonly account: TwilioAccount,
    baseUrl: string | null,
  ) {
    this.client = twilio(account.accountSid, account.authToken, {
      ...(baseUrl ? { httpClient: new RedirectingRequestClient(baseUrl) } : { timeout: 10_000 }),
      autoRetry: true,
      maxRetries: 2,
    });
  }

  async send(to: string, body: string, statusCallback: string | null): Promise<SentSms> {
    const from = this.account.from.startsWith('MG') ? { messagingServiceSid: this.account.from } : { from: this.account.from };
    const msg = await this.client.messages.create({ to, body, ...from, ...(statusCallback ? { statusCallback } : {}) });
    return { sid: msg.sid, status: msg.status };
  }
}

/** Checks X-Twilio-Signature: HMAC-SHA1 with the account's auth token over the URL and the sorted POST parameters. */
export function twilioSignatureValid(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Twilio wants E.164; persons are stored as typed. Swedish numbers without a country code get +46. */
export function toE164(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+46${digits.slice(1)}`;
  return `+${digits}`;
}
