import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { unwrap } from '@likeness/sdk';
import { LiveClient, apiKey, keyClient } from './support/live';
import {
  CHROMIUM_ARGS,
  TWILIO_FROM,
  codeIn,
  configureTwilio,
  createTemplate,
  ensureResultsDir,
  fakeTwilio,
  freshProfile,
  linkIn,
  photoOfPerson,
  receiptLinkIn,
  smtpCapture,
} from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/**
 * The whole digital-consent flow, end to end: an admin sends a request, the SMS goes out through the real twilio SDK
 * to a local server speaking Twilio's Messages API, the person opens the link in headless Chromium on a phone-sized
 * screen, signs with a code sent by SMS, and the file they appear in becomes approved, pushed live over socket.io.
 */
describe('digital consent in a browser: SMS link → code → agreement → approved live', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let smtp: Awaited<ReturnType<typeof smtpCapture>>;
  let context: BrowserContext;
  const live: LiveClient[] = [];
  const shots = ensureResultsDir();

  beforeAll(async () => {
    twilio = await fakeTwilio();
    smtp = await smtpCapture();
    server = await startTestServer({ twilioBaseUrl: twilio.url, smtpUrl: smtp.url, mailFrom: 'Likeness <samtycke@likeness.test>' });
    org = await createOrg(server, 'flow');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { organisationName: 'Solbacka skola' } }));
    await configureTwilio(org);
    context = await chromium.launchPersistentContext(freshProfile(), {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'sv-SE',
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
    });
  }, 60_000);

  afterAll(async () => {
    live.forEach((c) => c.close());
    await context?.close();
    await server?.stop();
    await twilio?.close();
    await smtp?.close();
  });

  it('sends the link by SMS, signs with a code in Chromium, creates the agreement and approves the file live', async () => {
    const admin = org.as['gdpr-admin'];
    const template = await createTemplate(org);
    const { assetId, personId } = await photoOfPerson(server.url, org, { name: 'Elsa Lind', phone: '070-123 45 67', email: 'elsa@example.se' });
    const key = await apiKey(org, ['status:read']);
    const client = new LiveClient(server.url, { apiKey: key });
    live.push(client);
    await client.connected();
    const before = await unwrap(keyClient(server.url, key).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(before.items[0]).toMatchObject({ status: 'consent_missing', approved: false });

    // The admin sends the request.
    const request = await unwrap(
      admin.POST('/api/v1/consent/requests', {
        body: { personId, templateId: template.id, assetIds: [assetId], via: ['sms'], session: 'Skolfotografering 2026', sessionDate: '2026-09-14' },
      }),
    );
    expect(request).toMatchObject({ status: 'created', recipient: 'subject', templateVersion: 1, channels: ['web', 'social'] });

    // The SMS leaves through the twilio SDK, with a status callback.
    const sms = await twilio.waitFor((m) => m.body.includes('/sign/'));
    expect(sms).toMatchObject({ to: '+46701234567', from: TWILIO_FROM });
    expect(sms.body).toContain('Solbacka skola ber om ditt samtycke');
    expect(sms.statusCallback).toMatch(/\/hooks\/twilio\/status\/[0-9a-f-]{36}$/);
    const link = linkIn(sms.body);
    await expect.poll(async () => (await unwrap(admin.GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).status).toBe('sent');

    // Twilio reports delivery (signed with the account's auth token).
    expect(await twilio.callback(sms, 'delivered')).toBe(204);
    const delivered = await unwrap(admin.GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    expect(delivered.status).toBe('delivered');
    expect(delivered.messages[0]).toMatchObject({ kind: 'invite', channel: 'sms', provider: 'twilio', status: 'delivered' });

    // The person opens the link on their phone.
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    // Script errors only: a 422 page after a wrong code is expected and logged by Chromium as a failed load.
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(m.text()));
    const response = await page.goto(link);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Solbacka skola ber om ditt samtycke');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    const doc = page.locator('.doc');
    expect(await doc.textContent()).toContain('Jag, Elsa Lind, samtycker till att Solbacka skola använder bilder där jag syns från Skolfotografering 2026 (14 september 2026)');
    expect(await doc.textContent()).toContain('webben och sociala medier');
    expect(await doc.textContent()).toContain('2 år från underskriften');
    // The thumbnail comes through the link token.
    const thumb = page.locator('.thumbs img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await thumb.getAttribute('src')).toMatch(/^\/sign\/[A-Za-z0-9_-]{43}\/assets\//);
    await page.screenshot({ path: path.join(shots, 'consent-sign-sv.png'), fullPage: true });
    await expect.poll(async () => (await unwrap(admin.GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).status).toBe('opened');

    // English switch.
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Solbacka skola asks for your consent');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.doc').textContent()).toContain('The pictures may be used on websites and social media.');
    await page.screenshot({ path: path.join(shots, 'consent-sign-en.png'), fullPage: true });
    await page.getByRole('link', { name: 'Svenska' }).click();

    // The name may be corrected (the template allows it), then a code by SMS.
    await page.getByLabel('Namn').fill('Elsa Lindqvist');
    await page.getByRole('button', { name: /Få en kod via SMS till \+4670/ }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Ange koden');
    const codeSms = await twilio.waitFor((m) => m.body.includes('är din kod'));
    expect(codeSms.body).toMatch(/@127\.0\.0\.1:\d+ #\d{6}$/);
    await page.screenshot({ path: path.join(shots, 'consent-code-sv.png'), fullPage: true });

    // A wrong code first, then the right one.
    await page.getByLabel('Kod (6 siffror)').fill('000000' === codeIn(codeSms.body) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Skriv under' }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).toBe('Fel kod. Du har 4 försök kvar.');
    await page.getByLabel('Kod (6 siffror)').fill(codeIn(codeSms.body));
    await page.getByRole('button', { name: 'Skriv under' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Tack! Ditt samtycke är registrerat');
    expect(page.url()).toMatch(/\/sign\/receipt\/[A-Za-z0-9_-]{43}\?lang=sv$/);
    expect(await page.locator('main').textContent()).toContain('Spara länken');
    await page.screenshot({ path: path.join(shots, 'consent-receipt-sv.png'), fullPage: true });

    // The file is approved and pushed to the connected integration (how fast: npm run bench -- push).
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'approved'), 10_000, 'approved event');
    const after = await unwrap(keyClient(server.url, key).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(after.items[0]).toMatchObject({ status: 'approved', approved: true, visible: true });
    const print = await unwrap(keyClient(server.url, key).POST('/api/v1/status/batch', { body: { channel: 'print', assetIds: [assetId] } }));
    expect(print.items[0]!.approved).toBe(false);

    // The agreement exists, made through the normal path; the corrected name waits for staff before it reaches the register.
    const agreements = await unwrap(admin.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
    expect(agreements.items).toHaveLength(1);
    const agreement = agreements.items[0]!;
    expect(agreement).toMatchObject({ kind: 'digital', channels: ['web', 'social'], signedBy: 'subject', state: 'valid', withdrawnAt: null });
    expect(Date.parse(agreement.validUntil!) - Date.parse(agreement.validFrom)).toBe(730 * 86_400_000);
    const person = () => unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
    expect((await person()).name).toBe('Elsa Lind');
    const signed = await unwrap(admin.GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    expect(signed).toMatchObject({ status: 'signed', agreementId: agreement.id, correction: { status: 'pending', fields: ['name'] } });
    await unwrap(admin.POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: request.id } }, body: { decision: 'accept' } }));
    expect((await person()).name).toBe('Elsa Lindqvist');

    // The evidence: template version, text hash, method, the code's channel and attempts, IP, user agent.
    const evidence = await unwrap(admin.GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreement.id } } }));
    expect(evidence.integrity).toEqual({ valid: true, checks: { seal: true, textHash: true, receipt: true, auditAnchor: true } });
    expect(evidence.record).toMatchObject({
      method: 'sms_code',
      locale: 'sv',
      template: { id: template.id, versionId: template.versionId, version: 1 },
      signer: { role: 'subject', name: 'Elsa Lindqvist', email: 'elsa@example.se' },
      corrected: ['name'],
      code: { channel: 'sms', destination: '070-123 45 67', attempts: 2 },
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: expect.stringContaining('Pixel 8'),
      assets: [assetId],
    });
    expect(evidence.record.textHash).toMatch(/^[0-9a-f]{64}$/);

    // The receipt: a PDF for the dashboard and for the signer, the same bytes, verifiable.
    const pdf = await server.services.db.consentEvidence.findUnique({ where: { agreementId: agreement.id } });
    const fromApi = await fetch(`${server.url}/api/v1/agreements/${agreement.id}/receipt`, { headers: { cookie: org.cookies['gdpr-admin'] } });
    expect(fromApi.status).toBe(200);
    expect(fromApi.headers.get('content-type')).toBe('application/pdf');
    const apiBytes = Buffer.from(await fromApi.arrayBuffer());
    expect(apiBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(apiBytes.equals(Buffer.from(pdf!.receipt))).toBe(true);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner kvitto (PDF)' }).click();
    const file = await (await download).path();
    expect((await import('node:fs')).readFileSync(file!).equals(apiBytes)).toBe(true);

    // The receipt came by SMS too, with the link to withdraw.
    const receiptSms = await twilio.waitFor((m) => m.body.includes('/sign/receipt/'));
    expect(receiptLinkIn(receiptSms.body)).toBe(page.url().replace(/\?lang=sv$/, ''));

    // The original link is spent.
    const reused = await fetch(link);
    expect(reused.status).toBe(410);
    expect(await reused.text()).not.toContain('Elsa');

    // Every step is in the audit log.
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityType: 'consent_request', entityId: request.id, limit: 50 } } }));
    expect(audit.items.map((e) => e.action).reverse()).toEqual([
      'consent_request.created',
      'consent_request.sent',
      'consent_request.delivered',
      'consent_request.opened',
      'consent_request.details_corrected',
      'consent_request.code_sent',
      'consent_request.code_failed',
      'consent_request.correction_pending',
      'consent_request.signed',
      'consent_request.correction_accepted',
      'consent_request.receipt_downloaded',
    ]);
    expect(JSON.stringify(audit.items)).not.toContain('070-123');
    expect(consoleErrors).toEqual([]);
  });

  it('withdraws from the receipt page in one step: the file is hidden live', async () => {
    const admin = org.as['gdpr-admin'];
    const template = await createTemplate(org, { name: 'Webbsamtycke', editableFields: [] });
    const { assetId, personId } = await photoOfPerson(server.url, org, { name: 'Omar Said', email: 'omar@example.se' }, 'audrey_crop.jpg');
    const key = await apiKey(org, ['status:read']);
    const client = new LiveClient(server.url, { apiKey: key });
    live.push(client);
    await client.connected();

    // By email this time, through SMTP.
    await unwrap(admin.POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, via: ['email'], locale: 'en', session: 'Open house' } }));
    const mail = await smtp.waitFor((m) => m.to.includes('omar@example.se'));
    expect(mail.subject).toBe('Solbacka skola asks for your consent: Consent to pictures from Open house');
    const page = await context.newPage();
    await page.goto(linkIn(mail.text));
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Solbacka skola asks for your consent');
    await page.getByRole('button', { name: /Get a code by email to o•••@example\.se/ }).click();
    const codeMail = await smtp.waitFor((m) => m.subject.startsWith('Your code'));
    await page.getByLabel('Code (6 digits)').fill(codeIn(codeMail.text));
    await page.getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Thank you! Your consent is recorded');
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'approved'), 2000, 'approved');

    await page.getByRole('link', { name: 'Withdraw consent' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Withdraw consent');
    await page.screenshot({ path: path.join(shots, 'consent-withdraw-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Withdraw my consent' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Your consent is withdrawn');
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'withdrawn' && e.visible === false), 10_000, 'withdrawn');
    await page.screenshot({ path: path.join(shots, 'consent-withdrawn-en.png'), fullPage: true });
    const agreements = await unwrap(admin.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
    expect(agreements.items[0]).toMatchObject({ kind: 'digital', state: 'withdrawn' });
  });
});
