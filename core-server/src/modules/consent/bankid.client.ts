import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { BankIdConfig } from '../../kernel/config';

/** BankID Relying Party API v6.0 over mutual TLS: /auth, /sign, /collect, /cancel. */

export interface BankIdStartRequest {
  endUserIp: string;
  /** Base64 (UTF-8) text shown in the BankID app. */
  userVisibleData?: string;
  userVisibleDataFormat?: 'simpleMarkdownV1';
  /** Base64 data signed but not shown. */
  userNonVisibleData?: string;
  returnUrl?: string;
  requirement?: Record<string, unknown>;
}

export interface BankIdOrderStart {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}

export interface BankIdCompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi?: string };
  bankIdIssueDate?: string;
  stepUp?: { mrtd: boolean };
  /** Base64 XML signature. */
  signature: string;
  /** Base64 OCSP response. */
  ocspResponse: string;
  risk?: string;
}

export interface BankIdCollectResponse {
  orderRef: string;
  status: 'pending' | 'failed' | 'complete';
  hintCode?: string;
  completionData?: BankIdCompletionData;
}

/** An error answer from BankID: `{ errorCode, details }` with an HTTP status. */
export class BankIdError extends Error {
  constructor(
    readonly errorCode: string,
    readonly details: string,
    readonly httpStatus: number,
  ) {
    super(`BankID ${errorCode}: ${details}`);
    this.name = 'BankIdError';
  }
}

export interface BankIdConnection {
  url: string;
  pfx: Buffer;
  passphrase: string;
  ca: Buffer | null;
}

/** What a running simulator writes next to its certificates (see bankid-simulator.ts). */
export interface SimulatorConnectionFile {
  url: string;
  pfxPath: string;
  passphrase: string;
  caPath: string;
}

export function connectionFromConfig(cfg: BankIdConfig): BankIdConnection {
  if (cfg.simulatorDir) {
    const file = path.join(cfg.simulatorDir, 'connection.json');
    if (!fs.existsSync(file)) throw new Error(`No BankID simulator at ${cfg.simulatorDir}: start it with "npm run bankid:simulator".`);
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as SimulatorConnectionFile;
    return { url: c.url, pfx: fs.readFileSync(c.pfxPath), passphrase: c.passphrase, ca: fs.readFileSync(c.caPath) };
  }
  return { url: cfg.url!, pfx: fs.readFileSync(cfg.pfxPath!), passphrase: cfg.passphrase, ca: cfg.caPath ? fs.readFileSync(cfg.caPath) : null };
}

export class BankIdClient {
  private readonly agent: https.Agent;
  private readonly base: URL;

  constructor(
    connection: BankIdConnection,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
    // The RP certificate authenticates us; BankID's server certificate is checked against its own CA, not the public roots.
    this.agent = new https.Agent({
      pfx: connection.pfx,
      passphrase: connection.passphrase,
      ...(connection.ca ? { ca: connection.ca } : {}),
      keepAlive: true,
      maxSockets: 20,
      minVersion: 'TLSv1.2',
    });
  }

  auth(body: BankIdStartRequest): Promise<BankIdOrderStart> {
    return this.post('auth', body);
  }

  sign(body: BankIdStartRequest & { userVisibleData: string }): Promise<BankIdOrderStart> {
    return this.post('sign', body);
  }

  collect(orderRef: string): Promise<BankIdCollectResponse> {
    return this.post('collect', { orderRef });
  }

  async cancel(orderRef: string): Promise<void> {
    await this.post('cancel', { orderRef });
  }

  close(): void {
    this.agent.destroy();
  }

  private post<T>(endpoint: string, body: unknown): Promise<T> {
    const url = new URL(endpoint, this.base);
    const payload = JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Accept: 'application/json' },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : {};
            } catch {
              return reject(new BankIdError('internalError', `Unreadable answer (HTTP ${res.statusCode}).`, res.statusCode ?? 500));
            }
            if (res.statusCode === 200) return resolve(json as T);
            const e = (json ?? {}) as { errorCode?: string; details?: string };
            reject(new BankIdError(e.errorCode ?? 'internalError', e.details ?? `HTTP ${res.statusCode}`, res.statusCode ?? 500));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new BankIdError('requestTimeout', 'BankID did not answer in time.', 408)));
      req.on('error', (err) => reject(err instanceof BankIdError ? err : new BankIdError('unreachable', err.message, 503)));
      req.end(payload);
    });
  }
}

/**
 * The animated QR code: `bankid.{qrStartToken}.{seconds since the order started}.{HMAC-SHA256(qrStartSecret, seconds) hex}`.
 * Computed on the server each second; the secret never leaves it.
 */
export function qrData(order: { qrStartToken: string; qrStartSecret: string }, startedAt: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000));
  const auth = createHmac('sha256', order.qrStartSecret).update(String(seconds)).digest('hex');
  return `bankid.${order.qrStartToken}.${seconds}.${auth}`;
}

/** Same device: the link that opens the BankID app. On phones BankID recommends the https form (universal/app link). */
export function autoStartUrl(autoStartToken: string, mobile: boolean): string {
  const query = `autostarttoken=${encodeURIComponent(autoStartToken)}&redirect=null`;
  return mobile ? `https://app.bankid.com/?${query}` : `bankid:///?${query}`;
}
