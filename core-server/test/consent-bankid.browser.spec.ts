import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { unwrap } from '@likeness/sdk';
import { BankIdSimulator } from '../dev/bankid-simulator';
import { RFA } from '../src/modules/consent/bankid.messages';
import { LiveClient, apiKey } from './support/live';
import { CHROMIUM_ARGS, createTemplate, ensureResultsDir, freshProfile, hiddenFields, linkIn, photoOfPerson, simulatorBankId } from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/**
 * BankID through the simulator over real mutual TLS: the server's client is configured with one setting
 * (the simulator's directory), exactly as `BANKID_SIMULATOR=…` does in development.
 */
describe('BankID signing (RP API v6 simulator, mutual TLS)', () => {
  let sim: BankIdSimulator;
  let server: TestServer;
  let org: TestOrg;
  let context: BrowserContext;
  const shots = ensureResultsDir();
  const live: LiveClient[] = [];

  beforeAll(async () => {
    sim = await BankIdSimulator.start();
    server = await startTestServer({ bankid: simulatorBankId(sim) });
    org = await createOrg(server, 'bankid');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { organisationName: 'Stadsmuseet' } }));
    context = await chromium.launchPersistentContext(freshProfile(), {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
  }, 60_000);

  afterAll(async () => {
    live.forEach((c) => c.close());
    await context?.close();
    await server?.stop();
    await sim?.close();
  });

  /** A request with no messaging configured: the link lands in the dev outbox. */
  async function request(person: Record<string, unknown>, photo = 'cage.jpg', extra: Record<string, unknown> = {}) {
    const template = await createTemplate(org, { name: `BankID ${Math.random()}`, methods: ['bankid', 'sms_code'], editableFields: [] });
    const { assetId, personId } = await photoOfPerson(server.url, org, person, photo);
    const req = await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, assetIds: [assetId], via: ['sms'], session: 'Vernissage', ...extra } as never }));
    let link = '';
    await expect
      .poll(async () => {
        const outbox = await unwrap(org.as['gdpr-admin'].GET('/api/v1/consent/outbox', { params: { query: { requestId: req.id } } }));
        link = outbox.items[0] ? linkIn(outbox.items[0].body) : '';
        return outbox.items[0]?.status;
      })
      .toBe('sent');
    return { req, link, assetId, personId, token: link.split('/sign/')[1]! };
  }

  async function start(link: string, sameDevice: boolean, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0') {
    const html = await (await fetch(link)).text();
    const { lang, textHash } = hiddenFields(html);
    const res = await fetch(`${link}/bankid`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify({ sameDevice, lang, textHash, details: {} }) });
    const body = (await res.json()) as { orderId: string; autoStartUrl: string | null };
    expect(res.status).toBe(200);
    const row = await server.services.db.consentBankIdOrder.findUniqueOrThrow({ where: { id: body.orderId } });
    return { ...body, orderRef: row.orderRef, textHash };
  }

  /** Polls like the page; the server calls /collect at most every 2 s, so tests let the last call age. */
  async function poll(link: string, orderId: string, device: 'same' | 'other' = 'other') {
    await server.services.db.consentBankIdOrder.updateMany({ where: { id: orderId }, data: { lastCollectAt: null } });
    const res = await fetch(`${link}/bankid/${orderId}?device=${device}`);
    return { status: res.status, body: (await res.json()) as { status: string; hintCode: string | null; message: string | null; qr: string | null; qrImage: string | null; redirect: string | null } };
  }

  it('signs on another device in Chromium: animated QR, the app scans it, BankID messages, completion → agreement and evidence', async () => {
    const { req, link, assetId, personId } = await request({ name: 'Karin Berg', phone: '+46705550101' });
    const key = await apiKey(org, ['status:read']);
    const client = new LiveClient(server.url, { apiKey: key });
    live.push(client);
    await client.connected();

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    await page.screenshot({ path: path.join(shots, 'consent-bankid-choice-sv.png'), fullPage: true });
    await page.getByRole('button', { name: 'BankID på annan enhet' }).click();
    const qr = page.locator('#bankid-qr-img');
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/png')), { timeout: 5000 }).toBe(true);
    await expect.poll(() => page.locator('#bankid-status').textContent()).toBe(RFA.RFA1!.sv);
    const firstQr = await qr.getAttribute('src');
    await page.screenshot({ path: path.join(shots, 'consent-bankid-qr-sv.png'), fullPage: false });
    // The code is animated: a new one every second.
    await expect.poll(() => qr.getAttribute('src'), { timeout: 3000 }).not.toBe(firstQr);

    // The BankID app scans the QR code: the simulator checks the HMAC of qrStartSecret (which never reached the browser).
    const order = await server.services.db.consentBankIdOrder.findFirstOrThrow({ where: { requestId: req.id } });
    expect(await page.content()).not.toContain(order.qrStartSecret!);
    const { body } = await poll(link, order.id);
    expect(body.qr).toMatch(new RegExp(`^bankid\\.${order.qrStartToken}\\.\\d+\\.[0-9a-f]{64}$`));
    sim.scanQr(body.qr!);
    await expect.poll(() => page.locator('#bankid-status').textContent(), { timeout: 5000 }).toBe(RFA.RFA9!.sv);
    await page.screenshot({ path: path.join(shots, 'consent-bankid-usersign-sv.png'), fullPage: false });

    // What the app shows: a summary of the agreement, in simpleMarkdownV1.
    const simOrder = sim.orders.get(order.orderRef)!;
    expect(simOrder.kind).toBe('sign');
    expect(simOrder.userVisibleDataFormat).toBe('simpleMarkdownV1');
    const shown = Buffer.from(simOrder.userVisibleData!, 'base64').toString('utf8');
    expect(shown).toContain('# Samtycke till bilder från Vernissage');
    expect(shown).toContain('Jag samtycker för Karin Berg till det avtal Stadsmuseet har visat mig.');
    expect(shown).toContain(`Kontrollsumma: ${order.textHash.slice(0, 16)}`);
    expect(Buffer.from(simOrder.userNonVisibleData!, 'base64').toString()).toBe(`likeness:consent:${req.id}:${order.textHash}`);
    expect(simOrder.endUserIp).toBe('127.0.0.1');

    sim.complete(order.orderRef, { personalNumber: '198507094321', name: 'Karin Berg', givenName: 'Karin', surname: 'Berg' });
    // Bounds for a loaded machine only: the page follows BankID's 2-second collect rhythm.
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 20_000 }).toBe('Tack! Ditt samtycke är registrerat');
    expect(await page.locator('main').textContent()).toContain('BankID');
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'approved'), 15_000, 'approved');
    await page.screenshot({ path: path.join(shots, 'consent-bankid-receipt-sv.png'), fullPage: true });

    const agreements = await unwrap(org.as['gdpr-admin'].GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
    const agreement = agreements.items[0]!;
    expect(agreement).toMatchObject({ kind: 'digital', signedBy: 'subject' });
    const evidence = await unwrap(org.as['gdpr-admin'].GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreement.id } } }));
    expect(evidence.integrity.valid).toBe(true);
    const bankid = evidence.record.bankid as { orderRef: string; completionData: Record<string, any> };
    expect(evidence.record.method).toBe('bankid');
    expect(evidence.record.signer).toMatchObject({ name: 'Karin Berg' });
    expect(bankid.orderRef).toBe(order.orderRef);
    expect(Object.keys(bankid.completionData).sort()).toEqual(['bankIdIssueDate', 'device', 'ocspResponse', 'signature', 'stepUp', 'user']);
    expect(bankid.completionData.user).toEqual({ personalNumber: '198507094321', name: 'Karin Berg', givenName: 'Karin', surname: 'Berg' });
    expect(bankid.completionData.device.ipAddress).toBe('127.0.0.1');
    const xml = Buffer.from(bankid.completionData.signature, 'base64').toString();
    expect(xml).toContain(`<usrNonVisibleData>${simOrder.userNonVisibleData}</usrNonVisibleData>`);
    expect(Buffer.from(bankid.completionData.ocspResponse, 'base64').toString()).toContain(order.orderRef);
    // The QR secret is gone once the order ended.
    expect((await server.services.db.consentBankIdOrder.findUniqueOrThrow({ where: { id: order.id } })).qrStartSecret).toBeNull();

    // The receipt names BankID and a masked personal number.
    const pdf = await PDFDocument.load(Buffer.from((await server.services.db.consentEvidence.findUniqueOrThrow({ where: { agreementId: agreement.id } })).receipt));
    expect(pdf.getSubject()).toBe(`likeness-consent-receipt agreement=${agreement.id} seal=${evidence.sealHash}`);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityType: 'consent_request', entityId: req.id, limit: 50 } } }));
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['consent_request.bankid_started', 'consent_request.signed']));
    expect(errors).toEqual([]);
  });

  it('shows BankID\'s message for each hint code, and fails with the hint code of a failed order', async () => {
    const { req, link } = await request({ name: 'Leo Ek', phone: '+46705550102' }, 'audrey_crop.jpg');
    const pending = async (hint: string | null, expected: string, device: 'same' | 'other' = 'other') => {
      if (hint) sim.setHint(currentRef, hint);
      const r = await poll(link, currentId, device);
      expect(r.body).toMatchObject({ status: 'pending', message: expected });
    };
    let { orderId: currentId, orderRef: currentRef } = await start(link, false);
    await pending(null, 'RFA1');
    await pending('userMrtd', 'RFA23');
    await pending('userSign', 'RFA9');
    await pending('outstandingTransaction', 'RFA13', 'same');
    await pending('started', 'RFA14', 'same');

    sim.fail(currentRef, 'userCancel');
    expect((await poll(link, currentId)).body).toMatchObject({ status: 'failed', hintCode: 'userCancel', message: 'RFA6' });
    // The failure is final for that order: polling again gives the same answer without asking BankID.
    expect((await fetch(`${link}/bankid/${currentId}`).then((r) => r.json())) as object).toMatchObject({ status: 'failed', hintCode: 'userCancel' });

    for (const [hint, message] of [['certificateErr', 'RFA16'], ['expiredTransaction', 'RFA8'], ['startFailed', 'RFA17A'], ['cancelled', 'RFA3'], ['somethingNew', 'RFA22']] as const) {
      ({ orderId: currentId, orderRef: currentRef } = await start(link, false));
      sim.fail(currentRef, hint === 'somethingNew' ? 'userCancel' : hint);
      if (hint === 'somethingNew') sim.orders.get(currentRef)!.hintCode = hint;
      expect((await poll(link, currentId)).body).toMatchObject({ status: 'failed', hintCode: hint, message });
    }

    // Nothing was signed; the request is still open and the link still works.
    const current = await unwrap(org.as['gdpr-admin'].GET('/api/v1/consent/requests/{id}', { params: { path: { id: req.id } } }));
    expect(current).toMatchObject({ status: 'opened', agreementId: null });
    expect((await fetch(link)).status).toBe(200);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityType: 'consent_request', entityId: req.id, action: 'consent_request.bankid_failed', limit: 50 } } }));
    expect(audit.items.map((e) => (e.after as { hintCode: string }).hintCode).sort()).toEqual(['cancelled', 'certificateErr', 'expiredTransaction', 'somethingNew', 'startFailed', 'userCancel']);
  });

  it('cancels an order at BankID, and one order at a time: a new start cancels the previous one', async () => {
    const { req, link } = await request({ name: 'Mira Holm', phone: '+46705550103' }, 'bieber_small.jpg');
    const first = await start(link, true);
    expect(sim.orders.has(first.orderRef)).toBe(true);
    const res = await fetch(`${link}/bankid/${first.orderId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    // The cancel reached BankID: the simulator forgot the order, as BankID does.
    expect(sim.orders.has(first.orderRef)).toBe(false);
    expect((await poll(link, first.orderId)).body).toMatchObject({ status: 'cancelled', message: 'RFA3' });

    const second = await start(link, false);
    const third = await start(link, false);
    expect(sim.orders.has(second.orderRef)).toBe(false);
    expect((await poll(link, second.orderId)).body.status).toBe('cancelled');
    expect((await poll(link, third.orderId)).body.status).toBe('pending');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityType: 'consent_request', entityId: req.id, action: 'consent_request.bankid_cancelled', limit: 10 } } }));
    expect(audit.items).toHaveLength(1);
  });

  it('same device: the autostart link opens the BankID app (https app link on phones, bankid:/// on computers)', async () => {
    const { link } = await request({ name: 'Nils Ahl', phone: '+46705550104' }, 'cage2_crop.jpg');
    const phone = await start(link, true, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148');
    const token = sim.orders.get(phone.orderRef)!.autoStartToken;
    expect(phone.autoStartUrl).toBe(`https://app.bankid.com/?autostarttoken=${token}&redirect=null`);
    const desktop = await start(link, true);
    expect(desktop.autoStartUrl).toBe(`bankid:///?autostarttoken=${sim.orders.get(desktop.orderRef)!.autoStartToken}&redirect=null`);
    // Same device: no QR code is computed.
    expect((await poll(link, desktop.orderId, 'same')).body).toMatchObject({ status: 'pending', qr: null, message: 'RFA13' });
    const other = await start(link, false);
    expect(other.autoStartUrl).toBeNull();
  });

  it('the simulator refuses clients without an RP certificate from its CA (mutual TLS)', async () => {
    const attempt = (options: https.RequestOptions) =>
      new Promise<string>((resolve) => {
        const r = https.request(`${sim.url}/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, ...options }, (res) => resolve(`HTTP ${res.statusCode}`));
        r.on('error', (err) => resolve(err.message));
        r.end('{"orderRef":"x"}');
      });
    const ca = fs.readFileSync(sim.certs.caPath);
    expect(await attempt({ ca })).toMatch(/certificate required|alert|socket hang up|ECONNRESET/i);
    expect(await attempt({ ca, pfx: fs.readFileSync(sim.certs.pfxPath), passphrase: sim.certs.passphrase })).toBe('HTTP 400');
    // And the server's certificate is checked against the BankID CA, not trusted blindly.
    expect(await attempt({ pfx: fs.readFileSync(sim.certs.pfxPath), passphrase: sim.certs.passphrase })).toMatch(/self.signed|unable to verify|certificate/i);
  });

  it('reports BankID as unavailable when it cannot be reached, without changing the request', async () => {
    const { link, req } = await request({ name: 'Ada Ro', phone: '+46705550105' }, 'franck_01829.jpg');
    const down = await BankIdSimulator.start();
    const connection = JSON.parse(fs.readFileSync(path.join(down.certs.dir, 'connection.json'), 'utf8'));
    await down.close();
    // Point the running server at a closed port by swapping the simulator's connection file it has not read yet.
    const other = await startTestServer({ bankid: { environment: 'custom', url: connection.url, pfxPath: connection.pfxPath, passphrase: connection.passphrase, caPath: connection.caPath, simulatorDir: null } });
    try {
      const o2 = await createOrg(other, 'bankid-down');
      const t = await createTemplate(o2, { methods: ['bankid', 'sms_code'] });
      const { personId } = await photoOfPerson(other.url, o2, { name: 'Ada Ro', phone: '+46705550105' });
      const r2 = await unwrap(o2.as['gdpr-admin'].POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
      let l2 = '';
      await expect.poll(async () => {
        const ob = await unwrap(o2.as['gdpr-admin'].GET('/api/v1/consent/outbox', { params: { query: { requestId: r2.id } } }));
        l2 = ob.items[0] ? linkIn(ob.items[0].body) : '';
        return l2;
      }).not.toBe('');
      const html = await (await fetch(l2)).text();
      const res = await fetch(`${l2}/bankid`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sameDevice: false, ...hiddenFields(html), details: {} }) });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { details: { message: string } } }).error.details.message).toBe('RFA5');
    } finally {
      await other.stop();
    }
    expect((await unwrap(org.as['gdpr-admin'].GET('/api/v1/consent/requests/{id}', { params: { path: { id: req.id } } }))).status).not.toBe('signed');
    expect((await fetch(link)).status).toBe(200);
  });
});
