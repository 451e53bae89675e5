import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { unwrap } from '@likeness/sdk';
import { readPhoto, upload } from './media';
import type { BankIdSimulator } from '../../dev/bankid-simulator';
import type { TestOrg } from './test-server';

export const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_TOKEN = 'test-auth-token-0123456789abcdef';
export const TWILIO_FROM = '+46700000000';

export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  statusCallback: string | null;
  accountSid: string;
}

/** Twilio's X-Twilio-Signature: base64 HMAC-SHA1 over the URL and the POST parameters sorted by name. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/**
 * A local HTTP server speaking Twilio's Messages API (POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded,
 * HTTP Basic auth with the account SID and auth token), answering as Twilio does, and able to call the
 * StatusCallback back with a signed request like Twilio.
 */
export async function fakeTwilio(account = { sid: TWILIO_SID, token: TWILIO_TOKEN }) {
  const messages: TwilioMessage[] = [];
  const waiters: Array<() => void> = [];
  let failNext: { status: number; code: number; message: string } | null = null;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
      if (!m || req.method !== 'POST') return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== `${account.sid}:${account.token}` || m[1] !== account.sid) return json(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return json(400, { code: 20001, message: 'Bad content type', status: 400 });
      const p = new URLSearchParams(raw);
      if (!p.get('To') || !p.get('Body') || (!p.get('From') && !p.get('MessagingServiceSid'))) {
        return json(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
      }
      if (failNext) {
        const f = failNext;
        failNext = null;
        return json(f.status, { code: f.code, message: f.message, status: f.status });
      }
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const msg: TwilioMessage = { sid, to: p.get('To')!, from: p.get('From'), body: p.get('Body')!, statusCallback: p.get('StatusCallback'), accountSid: m[1]! };
      messages.push(msg);
      for (const w of waiters.splice(0)) w();
      const now = new Date().toUTCString();
      json(201, {
        account_sid: m[1],
        api_version: '2010-04-01',
        body: msg.body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: msg.from,
        messaging_service_sid: p.get('MessagingServiceSid'),
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid,
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${m[1]}/Messages/${sid}/Media.json` },
        to: msg.to,
        uri: `/2010-04-01/Accounts/${m[1]}/Messages/${sid}.json`,
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    failNext(f: { status: number; code: number; message: string }) {
      failNext = f;
    },
    /** Waits for the n-th message (1-based) matching `predicate`. */
    async waitFor(predicate: (m: TwilioMessage) => boolean = () => true, ms = 5000): Promise<TwilioMessage> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = [...messages].reverse().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no Twilio message in time; got ${JSON.stringify(messages.map((x) => x.body))}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 50);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    /** Calls the message's StatusCallback the way Twilio does; `token` signs it (a wrong one makes a forged callback). */
    async callback(msg: TwilioMessage, status: string, token = account.token, extra: Record<string, string> = {}) {
      const params: Record<string, string> = { AccountSid: msg.accountSid, ApiVersion: '2010-04-01', From: msg.from ?? '', MessageSid: msg.sid, MessageStatus: status, SmsSid: msg.sid, SmsStatus: status, To: msg.to, ...extra };
      const res = await fetch(msg.statusCallback!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token, msg.statusCallback!, params), 'user-agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(params).toString(),
      });
      return res.status;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The text/plain part of a MIME message, decoded. */
function textPart(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const [head, ...body] = part.split(/\r?\n\r?\n/);
    if (!/content-type:\s*text\/plain/i.test(head ?? '')) continue;
    const content = body.join('\n\n');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head!)) return decodeQuotedPrintable(content);
    if (/content-transfer-encoding:\s*base64/i.test(head!)) return Buffer.from(content.replace(/\s/g, ''), 'base64').toString('utf8');
    return content;
  }
  return raw;
}

function decodeHeader(v: string): string {
  return v.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  ).replace(/\?=\s+=\?/g, '');
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
export async function smtpCapture() {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        const subject = decodeHeader((/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? '').replace(/\r?\n[ \t]/g, ' '));
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, subject, text: textPart(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(predicate: (m: CapturedMail) => boolean = () => true, ms = 5000): Promise<CapturedMail> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = [...mails].reverse().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no mail in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const linkIn = (text: string): string => {
  const m = /(https?:\/\/[^\s)]+\/sign\/[A-Za-z0-9_-]{43})/.exec(text);
  if (!m) throw new Error(`no signing link in: ${text}`);
  return m[1]!;
};

export const receiptLinkIn = (text: string): string => {
  const m = /(https?:\/\/[^\s)]+\/sign\/receipt\/[A-Za-z0-9_-]{43})/.exec(text);
  if (!m) throw new Error(`no receipt link in: ${text}`);
  return m[1]!;
};

export const codeIn = (text: string): string => {
  const m = /\b(\d{6})\b/.exec(text);
  if (!m) throw new Error(`no code in: ${text}`);
  return m[1]!;
};

export const TEMPLATE = {
  name: 'Fotosamtycke',
  purpose: 'consent' as const,
  texts: {
    sv: {
      title: 'Samtycke till bilder från {{session}}',
      body:
        'Jag, **{{person.name}}**, samtycker till att {{organisation}} använder bilder där jag syns från {{session}} ({{session.date}}).\n\n' +
        '## Var bilderna används\n\nBilderna får användas i {{channels}}.\n\n' +
        '## Hur länge\n\nSamtycket gäller {{validity}}. Du kan när som helst återkalla det, utan att ange skäl.\n\n' +
        '- Vi sparar bilderna så länge samtycket gäller.\n- Vi säljer aldrig bilderna vidare.',
      completionText: 'Tack! Vi har tagit emot ditt samtycke. **Spara länken** om du vill återkalla senare.',
    },
    en: {
      title: 'Consent to pictures from {{session}}',
      body:
        'I, **{{person.name}}**, consent to {{organisation}} using pictures showing me from {{session}} ({{session.date}}).\n\n' +
        '## Where the pictures are used\n\nThe pictures may be used on {{channels}}.\n\n' +
        '## For how long\n\nThe consent is valid {{validity}}. You can withdraw it at any time, without giving a reason.\n\n' +
        '- We keep the pictures while the consent is valid.\n- We never sell the pictures on.',
      completionText: 'Thank you! We have received your consent. **Keep the link** if you want to withdraw later.',
    },
  },
  validityDays: 730,
  channels: ['web', 'social'],
  methods: ['bankid' as const, 'sms_code' as const, 'email_code' as const],
  editableText: false,
  editableFields: ['name' as const, 'email' as const],
};

export async function createTemplate(org: TestOrg, overrides: Partial<typeof TEMPLATE> = {}) {
  return unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/templates', { body: { ...TEMPLATE, ...overrides } as never }));
}

export async function configureTwilio(org: TestOrg) {
  return unwrap(org.as['gdpr-admin'].PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: TWILIO_SID, twilioAuthToken: TWILIO_TOKEN, twilioFrom: TWILIO_FROM } }));
}

/** A photo with the basis "consent" and one person marked in it, without any agreement: status consent_missing. */
export async function photoOfPerson(baseUrl: string, org: TestOrg, person: Record<string, unknown>, photo = 'cage.jpg') {
  const admin = org.as['gdpr-admin'];
  const up = await upload(baseUrl, '/api/v1/assets', org.cookies.editor, readPhoto(photo));
  const assetId: string = up.body.id;
  await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
  const p = await unwrap(admin.POST('/api/v1/persons', { body: person as never }));
  await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: p.id } }));
  return { assetId, personId: p.id as string };
}

/** A form POST like a browser's, without following redirects. */
export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}

/** The hidden fields of the signing page: locale and the hash of the text shown. */
export function hiddenFields(html: string): { lang: string; textHash: string } {
  return { lang: /name="lang" value="(\w+)"/.exec(html)![1]!, textHash: /name="textHash" value="([0-9a-f]{64})"/.exec(html)![1]! };
}

export const resultsDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../test-results');
export function ensureResultsDir() {
  fs.mkdirSync(resultsDir, { recursive: true });
  return resultsDir;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const freshProfile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-chromium-'));

/** The server's BankID settings for talking to a local simulator over mutual TLS. */
export const simulatorBankId = (sim: BankIdSimulator) => ({ environment: 'simulator' as const, url: null, pfxPath: null, passphrase: '', caPath: null, simulatorDir: sim.certs.dir });
