import { createHmac, createSign, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BankIdCompletionData, SimulatorConnectionFile } from '../src/modules/consent/bankid.client';

/**
 * A local BankID RP API v6.0 server for development and tests: HTTPS with mutual TLS (it only talks to
 * clients holding a certificate from its own CA), /auth, /sign, /collect with hint codes, /cancel, and
 * completionData with user, device, signature and ocspResponse. Certificates are made with the openssl CLI
 * when it starts, in a directory of its own; nothing secret is committed.
 *
 * Tests drive orders directly (scan, setHint, complete, fail); `npm run bankid:simulator` adds automatic
 * completion and a small control page.
 */

export interface SimUser {
  personalNumber: string;
  name: string;
  givenName: string;
  surname: string;
}

export const DEFAULT_SIM_USER: SimUser = { personalNumber: '199001012385', name: 'Anna Andersson', givenName: 'Anna', surname: 'Andersson' };

export interface SimOrder {
  orderRef: string;
  kind: 'auth' | 'sign';
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  endUserIp: string;
  userVisibleData: string | null;
  userVisibleDataFormat: string | null;
  userNonVisibleData: string | null;
  createdAt: number;
  status: 'pending' | 'failed' | 'complete';
  hintCode: string;
  completionData: BankIdCompletionData | null;
  collects: number;
  scannedQr: string | null;
  /** `requirement.personalNumber` of the order: only that person's BankID can sign it. */
  personalNumber: string | null;
}

export interface SimulatorOptions {
  /** Where the CA, server and client certificates and connection.json are written; default a new temp dir. */
  dir?: string;
  host?: string;
  port?: number;
  /** auto: each order goes outstandingTransaction → userSign → complete by itself (for trying it out). */
  mode?: 'manual' | 'auto';
  autoCompleteMs?: number;
  /** Orders not finished by then fail with expiredTransaction (BankID: about 3 minutes). */
  orderTtlMs?: number;
  user?: SimUser;
}

export interface SimulatorCertificates {
  dir: string;
  caPath: string;
  pfxPath: string;
  passphrase: string;
  serverKeyPath: string;
  serverCertPath: string;
  caKeyPath: string;
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a server certificate for localhost/127.0.0.1 and an RP client certificate as PKCS#12, made with openssl. */
export function makeCertificates(dir: string): SimulatorCertificates {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Likeness BankID Simulator CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
  for (const [name, cn] of [['server', 'localhost'], ['client', 'Likeness RP (simulator)']] as const) {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '30', '-extfile', `${name}.ext`], dir);
  }
  const passphrase = randomBytes(12).toString('base64url');
  openssl(['pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.pem', '-out', 'client.p12', '-passout', `pass:${passphrase}`, '-name', 'Likeness RP'], dir);
  for (const f of ['ca.key', 'server.key', 'client.key', 'client.p12']) fs.chmodSync(path.join(dir, f), 0o600);
  return {
    dir,
    caPath: path.join(dir, 'ca.pem'),
    pfxPath: path.join(dir, 'client.p12'),
    passphrase,
    serverKeyPath: path.join(dir, 'server.key'),
    serverCertPath: path.join(dir, 'server.pem'),
    caKeyPath: path.join(dir, 'ca.key'),
  };
}

const FAILED_HINTS = new Set(['expiredTransaction', 'certificateErr', 'userCancel', 'cancelled', 'startFailed', 'userDeclinedCall', 'notSupportedByUserApp', 'transactionRiskBlocked']);
const IP = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class BankIdSimulator {
  readonly orders = new Map<string, SimOrder>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  private held: { reached: () => void; release: Promise<void> } | null = null;
  url = '';

  private constructor(
    readonly certs: SimulatorCertificates,
    private readonly server: https.Server,
    private readonly options: Required<Pick<SimulatorOptions, 'mode' | 'autoCompleteMs' | 'orderTtlMs' | 'user'>>,
  ) {}

  static async start(options: SimulatorOptions = {}): Promise<BankIdSimulator> {
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bankid-sim-'));
    const certs = makeCertificates(dir);
    const server = https.createServer({
      key: fs.readFileSync(certs.serverKeyPath),
      cert: fs.readFileSync(certs.serverCertPath),
      ca: fs.readFileSync(certs.caPath),
      // Mutual TLS: a client without a certificate from our CA does not get past the handshake.
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    const sim = new BankIdSimulator(certs, server, {
      mode: options.mode ?? 'manual',
      autoCompleteMs: options.autoCompleteMs ?? 5000,
      orderTtlMs: options.orderTtlMs ?? 180_000,
      user: options.user ?? DEFAULT_SIM_USER,
    });
    server.on('request', (req, res) => sim.handle(req, res));
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    sim.url = `https://${host.includes(':') ? `[${host}]` : host}:${port}/rp/v6.0`;
    const connection: SimulatorConnectionFile = { url: sim.url, pfxPath: certs.pfxPath, passphrase: certs.passphrase, caPath: certs.caPath };
    fs.writeFileSync(path.join(dir, 'connection.json'), `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
    return sim;
  }

  /** What the Likeness server needs to reach this simulator. */
  get connection(): SimulatorConnectionFile {
    return { url: this.url, pfxPath: this.certs.pfxPath, passphrase: this.certs.passphrase, caPath: this.certs.caPath };
  }

  // ---- driving ------------------------------------------------------------------------------

  latest(): SimOrder | undefined {
    return [...this.orders.values()].at(-1);
  }

  /** Resolves with the first order (newest first) matching `predicate`. */
  async waitForOrder(predicate: (o: SimOrder) => boolean = () => true, ms = 5000): Promise<SimOrder> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = [...this.orders.values()].reverse().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('BankID simulator: no such order in time');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  private order(orderRef: string): SimOrder {
    const o = this.orders.get(orderRef);
    if (!o) throw new Error(`BankID simulator: no order ${orderRef}`);
    return o;
  }

  /** What the app does when it scans a QR code: check the HMAC against the order's secret. */
  scanQr(content: string): SimOrder {
    const m = /^bankid\.([0-9a-f-]+)\.(\d+)\.([0-9a-f]{64})$/.exec(content);
    if (!m) throw new Error('BankID simulator: not a BankID QR code');
    const order = [...this.orders.values()].find((o) => o.qrStartToken === m[1]);
    if (!order) throw new Error('BankID simulator: unknown qrStartToken');
    const expected = createHmac('sha256', order.qrStartSecret).update(m[2]!).digest();
    if (!timingSafeEqual(expected, Buffer.from(m[3]!, 'hex'))) throw new Error('BankID simulator: QR code HMAC does not match');
    const age = (Date.now() - order.createdAt) / 1000;
    if (Math.abs(age - Number(m[2])) > 5) throw new Error('BankID simulator: QR code is stale');
    order.scannedQr = content;
    if (order.status === 'pending') order.hintCode = 'userSign';
    return order;
  }

  setHint(orderRef: string, hintCode: string): void {
    const o = this.order(orderRef);
    if (o.status !== 'pending') return;
    if (FAILED_HINTS.has(hintCode)) return this.fail(orderRef, hintCode);
    o.hintCode = hintCode;
  }

  fail(orderRef: string, hintCode = 'userCancel'): void {
    const o = this.order(orderRef);
    if (o.status !== 'pending') return;
    o.status = 'failed';
    o.hintCode = hintCode;
  }

  /**
   * Holds every /collect answer until `release()`: lets a test keep a poll in flight. `reached` resolves when
   * the first held /collect arrives.
   */
  holdCollects(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const releaseP = new Promise<void>((r) => (release = r));
    this.held = { reached, release: releaseP };
    return { reached: reachedP, release: () => ((this.held = null), release()) };
  }

  /**
   * The user signs in the app. With `requirement.personalNumber` BankID only lets that person's BankID sign:
   * anyone else's app finds no usable BankID and the order ends unsigned (failed, startFailed).
   */
  complete(orderRef: string, user: SimUser = this.options.user): void {
    const o = this.order(orderRef);
    if (o.status !== 'pending') return;
    if (o.personalNumber && o.personalNumber !== user.personalNumber) return this.fail(orderRef, 'startFailed');
    o.status = 'complete';
    o.hintCode = '';
    o.completionData = {
      user: { ...user },
      device: { ipAddress: o.endUserIp, uhi: randomBytes(20).toString('base64url') },
      bankIdIssueDate: new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10),
      stepUp: { mrtd: false },
      signature: Buffer.from(this.signatureXml(o, user)).toString('base64'),
      ocspResponse: Buffer.from(`SIMULATED-OCSP good ${o.orderRef} ${new Date().toISOString()}`).toString('base64'),
    };
  }

  /** An XML document shaped like BankID's, signed (ECDSA) with the simulator CA key over what was shown and not shown. */
  private signatureXml(o: SimOrder, user: SimUser): string {
    const signedInfo =
      `<bankIdSignedData><srvInfo><nonce>${randomBytes(16).toString('base64')}</nonce></srvInfo>` +
      `<clientInfo><funcId>${o.kind === 'sign' ? 'Signing' : 'Identification'}</funcId><version>simulator</version></clientInfo>` +
      `<usrVisibleData charset="UTF-8" visible="wysiwys">${o.userVisibleData ?? ''}</usrVisibleData>` +
      `<usrNonVisibleData>${o.userNonVisibleData ?? ''}</usrNonVisibleData>` +
      `<usrInfo><pnr>${user.personalNumber}</pnr><name>${user.name}</name></usrInfo></bankIdSignedData>`;
    const signer = createSign('sha256');
    signer.update(signedInfo);
    const value = signer.sign(fs.readFileSync(this.certs.caKeyPath)).toString('base64');
    return `<?xml version="1.0" encoding="UTF-8" standalone="no"?><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>${signedInfo}</SignedInfo><SignatureValue>${value}</SignatureValue></Signature>`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  // ---- the RP API -----------------------------------------------------------------------------

  private handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const invalid = (details: string) => send(400, { errorCode: 'invalidParameters', details });
      if (req.method !== 'POST') return send(405, { errorCode: 'methodNotAllowed', details: 'Use POST.' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(415, { errorCode: 'unsupportedMediaType', details: 'Use application/json.' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return invalid('Invalid JSON.');
      }
      const endpoint = (req.url ?? '').replace(/^\/rp\/v6\.0\//, '');
      if (endpoint === 'auth' || endpoint === 'sign') {
        if (typeof body.endUserIp !== 'string' || !IP.test(body.endUserIp)) return invalid('Invalid endUserIp.');
        if (endpoint === 'sign' && (typeof body.userVisibleData !== 'string' || !body.userVisibleData)) return invalid('Invalid userVisibleData.');
        for (const f of ['userVisibleData', 'userNonVisibleData'] as const) {
          const v = body[f];
          if (v !== undefined && (typeof v !== 'string' || !BASE64.test(v) || v.length > (f === 'userVisibleData' ? 40_000 : 200_000))) return invalid(`Invalid ${f}.`);
        }
        if (body.userVisibleDataFormat !== undefined && body.userVisibleDataFormat !== 'simpleMarkdownV1') return invalid('Invalid userVisibleDataFormat.');
        const requirement = body.requirement as Record<string, unknown> | undefined;
        if (requirement !== undefined && (typeof requirement !== 'object' || requirement === null || Array.isArray(requirement))) return invalid('Invalid requirement.');
        const pnr = requirement?.personalNumber;
        // BankID wants twelve digits (YYYYMMDDNNNN) and refuses anything else with invalidParameters.
        if (pnr !== undefined && (typeof pnr !== 'string' || !/^(19|20)\d{10}$/.test(pnr))) return invalid('Invalid personalNumber.');
        const order: SimOrder = {
          orderRef: randomUUID(),
          kind: endpoint,
          autoStartToken: randomUUID(),
          qrStartToken: randomUUID(),
          qrStartSecret: randomUUID(),
          endUserIp: body.endUserIp,
          userVisibleData: typeof body.userVisibleData === 'string' ? body.userVisibleData : null,
          userVisibleDataFormat: typeof body.userVisibleDataFormat === 'string' ? body.userVisibleDataFormat : null,
          userNonVisibleData: typeof body.userNonVisibleData === 'string' ? body.userNonVisibleData : null,
          createdAt: Date.now(),
          status: 'pending',
          hintCode: 'outstandingTransaction',
          completionData: null,
          collects: 0,
          scannedQr: null,
          personalNumber: typeof pnr === 'string' ? pnr : null,
        };
        this.orders.set(order.orderRef, order);
        this.schedule(order);
        for (const w of this.waiters.splice(0)) w();
        return send(200, { orderRef: order.orderRef, autoStartToken: order.autoStartToken, qrStartToken: order.qrStartToken, qrStartSecret: order.qrStartSecret });
      }
      if (endpoint === 'collect' || endpoint === 'cancel') {
        const order = typeof body.orderRef === 'string' ? this.orders.get(body.orderRef) : undefined;
        if (!order) return invalid('No such order.');
        if (endpoint === 'cancel') {
          // BankID forgets a cancelled order: a later collect answers invalidParameters.
          this.orders.delete(order.orderRef);
          return send(200, {});
        }
        order.collects++;
        const answer = () => {
          if (order.status === 'pending' && Date.now() - order.createdAt > this.options.orderTtlMs) this.fail(order.orderRef, 'expiredTransaction');
          send(200, {
            orderRef: order.orderRef,
            status: order.status,
            ...(order.status !== 'complete' ? { hintCode: order.hintCode } : {}),
            ...(order.completionData ? { completionData: order.completionData } : {}),
          });
        };
        const held = this.held;
        if (!held) return answer();
        held.reached();
        void held.release.then(answer);
        return;
      }
      send(404, { errorCode: 'notFound', details: 'No such endpoint.' });
    });
  }

  private schedule(order: SimOrder) {
    if (this.options.mode !== 'auto') return;
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.orders.has(order.orderRef)) fn();
      }, ms);
      t.unref();
      this.timers.add(t);
    };
    later(Math.min(1500, this.options.autoCompleteMs / 2), () => this.setHint(order.orderRef, 'userSign'));
    later(this.options.autoCompleteMs, () => this.complete(order.orderRef));
  }
}
