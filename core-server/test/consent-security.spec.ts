import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { unwrap } from '@likeness/sdk';
import { LiveClient, apiKey, keyClient } from './support/live';
import {
  TWILIO_TOKEN,
  codeIn,
  configureTwilio,
  createTemplate,
  fakeTwilio,
  hiddenFields,
  linkIn,
  photoOfPerson,
  postForm,
  receiptLinkIn,
} from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const yearsAgo = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000).toISOString().slice(0, 10);

describe('digital consent: links, codes, declines, withdrawals, minors, receipts, callbacks', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let templateId: string;
  const live: LiveClient[] = [];

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url });
    org = await createOrg(server, 'secure');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { organisationName: 'Norrby kommun' } }));
    await configureTwilio(org);
    templateId = (await createTemplate(org, { methods: ['sms_code'] })).id;
  });
  afterAll(async () => {
    live.forEach((c) => c.close());
    await server?.stop();
    await twilio?.close();
  });

  const admin = () => org.as['gdpr-admin'];
  let phoneSeq = 1000;

  /** A person in a photo, a request by SMS, and the link from the SMS. */
  async function requested(person: Record<string, unknown> = {}, photo = 'cage.jpg', extra: Record<string, unknown> = {}) {
    const phone = `+4670${String(phoneSeq++).padStart(7, '0')}`;
    const { assetId, personId } = await photoOfPerson(server.url, org, { name: 'Test Person', phone, ...person }, photo);
    const request = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId, assetIds: [assetId], via: ['sms'], ...extra } as never }));
    const to = (person.guardianPhone as string | undefined) ?? phone;
    const sms = await twilio.waitFor((m) => m.to === to && m.body.includes('/sign/'));
    return { request, link: linkIn(sms.body), assetId, personId, phone: to, sms };
  }

  async function askCode(link: string, to: string) {
    const html = await (await fetch(link)).text();
    const fields = hiddenFields(html);
    const before = twilio.messages.length;
    const res = await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' });
    expect(res.status).toBe(303);
    const sms = await twilio.waitFor((m) => m.to === to && m.body.includes('är din kod') && twilio.messages.indexOf(m) >= before);
    return { fields, code: codeIn(sms.body) };
  }

  async function signWithCode(link: string, to: string) {
    const { fields, code } = await askCode(link, to);
    const res = await postForm(`${link}/code/verify?lang=sv`, { ...fields, code, channel: 'sms' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/sign\/receipt\/[A-Za-z0-9_-]{43}\?lang=sv$/);
    return `${server.url}${location.replace(/\?.*$/, '')}`;
  }

  it('link tokens: 256 random bits, stored only hashed; an unknown link shows nothing', async () => {
    const { request, link } = await requested({ name: 'Hemlig Person' });
    const token = link.split('/sign/')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await server.services.db.consentToken.findMany({ where: { requestId: request.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    // Once Twilio has the SMS, our copy of it no longer holds the link.
    await expect.poll(async () => (await server.services.db.consentMessage.findFirst({ where: { requestId: request.id } }))!.body).toContain('/sign/[redacted]');

    for (const bad of [`${server.url}/sign/${'A'.repeat(43)}`, `${server.url}/sign/${token.slice(0, 42)}B`, `${server.url}/sign/short`]) {
      const res = await fetch(bad);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('Länken fungerar inte');
      expect(html).not.toContain('Hemlig');
      expect(html).not.toContain('Norrby');
    }
  });

  it('an expired link shows no person data, and the request becomes expired (also by the periodic sweep)', async () => {
    const { request, link } = await requested({ name: 'Utgången Person' });
    await server.services.db.consentRequest.update({ where: { id: request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await fetch(link);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('Länken har gått ut');
    expect(html).toContain('Kontakta Norrby kommun');
    expect(html).not.toContain('Utgången');
    expect((await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).status).toBe('expired');
    // The code step refuses too.
    expect((await postForm(`${link}/code`, { lang: 'sv', textHash: '0'.repeat(64), channel: 'sms' })).status).toBe(410);

    const other = await requested({ name: 'Sveppad Person' }, 'audrey_crop.jpg');
    await server.services.db.consentRequest.update({ where: { id: other.request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const swept = await server.services.consent.requests.sweep();
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: other.request.id } } }))).status).toBe('expired');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: other.request.id, action: 'consent_request.expired' } } }));
    expect(audit.items).toHaveLength(1);
  });

  it('a link works once: after signing it is spent, for every step', async () => {
    const { link, phone } = await requested({ name: 'Engång Person' }, 'bieber_small.jpg');
    const receipt = await signWithCode(link, phone);
    expect((await fetch(receipt)).status).toBe(200);
    const again = await fetch(link);
    expect(again.status).toBe(410);
    const html = await again.text();
    expect(html).toContain('Länken är redan använd');
    expect(html).not.toContain('Engång');
    expect((await postForm(`${link}/code`, { lang: 'sv', textHash: '0'.repeat(64), channel: 'sms' })).status).toBe(410);
    expect((await postForm(`${link}/decline`, {})).status).toBe(410);
    expect((await fetch(`${link}/bankid`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    // A receipt link cannot be used to sign, nor a sign link as a receipt.
    expect((await fetch(`${server.url}/sign/${receipt.split('/receipt/')[1]}`)).status).toBe(404);
    expect((await fetch(`${server.url}/sign/receipt/${link.split('/sign/')[1]}`)).status).toBe(404);
  });

  it('a brute-forced code is locked after 5 attempts: even the right code is then refused', async () => {
    const { request, link, phone } = await requested({ name: 'Gissad Person' }, 'cage2_crop.jpg');
    const { fields, code } = await askCode(link, phone);
    const wrong = code === '999999' ? '888888' : '999999';
    const texts: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await postForm(`${link}/code/verify?lang=sv`, { ...fields, code: wrong, channel: 'sms' });
      expect(res.status).toBe(i < 5 ? 422 : 429);
      texts.push((/<div class="notice notice-error"[^>]*>([^<]*)</.exec(await res.text()) ?? [])[1]!);
    }
    expect(texts).toEqual(['Fel kod. Du har 4 försök kvar.', 'Fel kod. Du har 3 försök kvar.', 'Fel kod. Du har 2 försök kvar.', 'Fel kod. Du har 1 försök kvar.', 'För många felaktiga försök. Koden är spärrad. Begär en ny kod.']);
    const right = await postForm(`${link}/code/verify?lang=sv`, { ...fields, code, channel: 'sms' });
    expect(right.status).toBe(429);
    const otp = await server.services.db.consentOtp.findFirstOrThrow({ where: { requestId: request.id } });
    expect(otp).toMatchObject({ attempts: 5, verifiedAt: null });
    expect(otp.lockedAt).not.toBeNull();
    expect(otp.codeHash).not.toContain(code);
    expect((await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).agreementId).toBeNull();
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: request.id, limit: 50 } } }));
    expect(audit.items.filter((e) => e.action === 'consent_request.code_failed')).toHaveLength(5);
    expect(audit.items.filter((e) => e.action === 'consent_request.code_locked')).toHaveLength(1);

    // A new code is rate-limited…
    const soon = await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' });
    expect(soon.status).toBe(303);
    expect(soon.headers.get('location')).toMatch(/wait=\d+/);
    expect(await (await fetch(`${server.url}${soon.headers.get('location')}`)).text()).toMatch(/Vänta \d+ sekunder/);
    // …then allowed, with a limit on how many codes one link may get.
    for (let i = 0; i < 4; i++) {
      await server.services.db.consentOtp.updateMany({ where: { requestId: request.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
      expect((await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' })).status).toBe(303);
    }
    await server.services.db.consentOtp.updateMany({ where: { requestId: request.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const tooMany = await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' });
    expect(tooMany.status).toBe(429);
    expect(await tooMany.text()).toContain('för många koder');
  });

  it('a code expires after 10 minutes', async () => {
    const { request, link, phone } = await requested({ name: 'Sen Person' }, 'franck_01829.jpg');
    const { fields, code } = await askCode(link, phone);
    const otp = await server.services.db.consentOtp.findFirstOrThrow({ where: { requestId: request.id } });
    expect(otp.expiresAt.getTime() - otp.createdAt.getTime()).toBe(10 * 60_000);
    await server.services.db.consentOtp.update({ where: { id: otp.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const res = await postForm(`${link}/code/verify?lang=sv`, { ...fields, code, channel: 'sms' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Koden har gått ut');
  });

  it('declining records the answer, makes no agreement, and spends the link', async () => {
    const { request, link, assetId } = await requested({ name: 'Nej Person' }, 'franck_02045.jpg');
    const page = await (await fetch(`${link}/decline?lang=en`)).text();
    expect(page).toContain('Decline');
    const res = await postForm(`${link}/decline?lang=en`, { reason: 'I would rather not' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You have declined');
    const r = await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    expect(r).toMatchObject({ status: 'declined', declineReason: 'I would rather not', agreementId: null });
    expect((await fetch(link)).status).toBe(410);
    const status = await unwrap(keyClient(server.url, await apiKey(org, ['status:read'])).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(status.items[0]!.approved).toBe(false);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: request.id, action: 'consent_request.declined' } } }));
    // The reason is the signer's own words: kept on the request, not copied into the audit log.
    expect(audit.items[0]!.after).toEqual({ status: 'declined', reasonGiven: true });
  });

  it('withdrawing from the receipt takes effect at once and hides the file live; it is recorded', async () => {
    const { link, phone, assetId, personId, request } = await requested({ name: 'Ångrar Person' }, 'franck_02159.jpg');
    const key = await apiKey(org, ['status:read']);
    const client = new LiveClient(server.url, { apiKey: key });
    live.push(client);
    await client.connected();
    const receipt = await signWithCode(link, phone);
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'approved'), 2000, 'approved');
    const html = await (await fetch(receipt)).text();
    expect(html).toContain('Återkalla samtycke');
    expect(await (await fetch(`${receipt}/withdraw`)).text()).toContain('Återkalla mitt samtycke');

    const res = await postForm(`${receipt}/withdraw?lang=sv`, { reason: '' });
    expect(res.status).toBe(303);
    await client.until(() => client.events.some((e) => e.assetId === assetId && e.channel === 'web' && e.newStatus === 'withdrawn' && !e.visible), 2000, 'withdrawn');
    const status = await unwrap(keyClient(server.url, key).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(status.items[0]).toMatchObject({ status: 'withdrawn', visible: false });
    const after = await (await fetch(receipt)).text();
    expect(after).toContain('Ditt samtycke är återkallat');
    expect(after).not.toContain('/withdraw');
    const agreements = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
    expect(agreements.items[0]).toMatchObject({ state: 'withdrawn' });
    // Twice is harmless.
    expect((await postForm(`${receipt}/withdraw`, {})).status).toBe(303);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: request.id, action: 'consent_request.withdrawn' } } }));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]!.actorLabel).toBe('signer (link)');
    expect(audit.items[0]!.ip).toMatch(/127\.0\.0\.1/);
  });

  it('a minor\'s request goes to the guardian, who signs as guardian: the file is approved', async () => {
    const child = { name: 'Liten Elev', birthDate: yearsAgo(9), phone: null, guardianName: 'Vera Förälder', guardianPhone: '+46709998877', guardianEmail: 'vera@example.se' };
    const { request, link, phone, assetId, personId } = await requested(child, 'franck_02221.jpg');
    expect(phone).toBe('+46709998877');
    expect(request.recipient).toBe('guardian');
    const sms = twilio.messages.find((m) => m.to === '+46709998877')!;
    expect(sms.body).toContain('som vårdnadshavare för Liten Elev');
    const html = await (await fetch(link)).text();
    expect(html).toContain('Norrby kommun ber om ditt samtycke som vårdnadshavare för Liten Elev');
    expect(html).toContain('Vera Förälder');
    await signWithCode(link, phone);
    const agreements = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }));
    expect(agreements.items[0]).toMatchObject({ kind: 'digital', signedBy: 'guardian', guardianName: 'Vera Förälder' });
    const status = await unwrap(keyClient(server.url, await apiKey(org, ['status:read'])).POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(status.items[0]).toMatchObject({ status: 'approved' });
    const evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreements.items[0]!.id } } }));
    expect(evidence.record.signer).toMatchObject({ role: 'guardian', name: 'Vera Förälder', onBehalfOf: 'Liten Elev' });

    // A minor with no guardian contact cannot be asked.
    const { personId: orphan } = await photoOfPerson(server.url, org, { name: 'Ensam Elev', birthDate: yearsAgo(10), phone: '+46700000001' }, 'franck_02683.jpg');
    const refused = await admin().POST('/api/v1/consent/requests', { body: { personId: orphan, templateId, via: ['sms'] } });
    expect(refused.response.status).toBe(400);
    expect((refused.error as { error: { message: string } }).error.message).toBe('The guardian has no mobile number.');
  });

  it('receipts: the signer\'s and the dashboard\'s are the same PDF; a tampered receipt or evidence is detected', async () => {
    const { link, phone, personId } = await requested({ name: 'Kvitto Person' }, 'franck_02888.jpg');
    const receipt = await signWithCode(link, phone);
    const receiptSms = await twilio.waitFor((m) => m.to === phone && m.body.includes('/sign/receipt/'));
    expect(receiptLinkIn(receiptSms.body)).toBe(receipt);
    const signerPdf = Buffer.from(await (await fetch(`${receipt}/receipt.pdf`)).arrayBuffer());
    const agreementId = (await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }))).items[0]!.id;
    const adminRes = await fetch(`${server.url}/api/v1/agreements/${agreementId}/receipt`, { headers: { cookie: org.cookies.viewer } });
    expect(adminRes.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''kvitto-samtycke-[0-9a-f]{8}\.pdf$/);
    const adminPdf = Buffer.from(await adminRes.arrayBuffer());
    expect(adminPdf.equals(signerPdf)).toBe(true);

    const verify = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), 'receipt.pdf');
      const res = await fetch(`${server.url}/api/v1/consent/receipts/verify`, { method: 'POST', body: form, headers: { cookie: org.cookies.viewer } });
      expect(res.status).toBe(200);
      return (await res.json()) as { valid: boolean; reason: string | null; agreementId: string | null };
    };
    expect(await verify(signerPdf)).toMatchObject({ valid: true, agreementId, reason: null });

    // One byte changed inside the page content of the receipt.
    const flipped = Buffer.from(signerPdf);
    const at = flipped.indexOf('stream') + 40;
    expect(at).toBeGreaterThan(40);
    flipped[at] = flipped[at]! ^ 0x01;
    expect(await verify(flipped)).toMatchObject({ valid: false, reason: expect.stringContaining('altered') });

    // A receipt re-saved with another seal in its metadata.
    const doc = await PDFDocument.load(signerPdf);
    doc.setSubject(doc.getSubject()!.replace(/seal=[0-9a-f]{64}/, `seal=${'ab'.repeat(32)}`));
    expect(await verify(await doc.save())).toMatchObject({ valid: false, reason: 'The seal on the receipt does not match the evidence.' });
    expect(await verify(Buffer.from('%PDF-1.7 not really'))).toMatchObject({ valid: false, agreementId: null });

    // The evidence edited in the database: the seal no longer matches, and the audit anchor still names the original.
    const row = await server.services.db.consentEvidence.findUniqueOrThrow({ where: { agreementId } });
    const data = row.data as Record<string, any>;
    await server.services.db.consentEvidence.update({ where: { agreementId }, data: { data: { ...data, signer: { ...data.signer, name: 'Someone Else' } } } });
    let evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreementId } } }));
    expect(evidence.integrity).toEqual({ valid: false, checks: { seal: false, textHash: true, receipt: true, auditAnchor: true } });
    expect(await verify(signerPdf)).toMatchObject({ valid: false, reason: 'The stored evidence no longer matches its seal.' });
    // Even with a recomputed seal, the audit chain still holds the original one.
    const { sealOf } = await import('../src/modules/consent/evidence.service');
    const forged = { ...data, signer: { ...data.signer, name: 'Someone Else' } };
    await server.services.db.consentEvidence.update({ where: { agreementId }, data: { sealHash: sealOf(forged) } });
    evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreementId } } }));
    expect(evidence.integrity.checks).toEqual({ seal: true, textHash: true, receipt: true, auditAnchor: false });
    expect(evidence.integrity.valid).toBe(false);
    // And a changed text breaks its hash.
    await server.services.db.consentEvidence.update({ where: { agreementId }, data: { data: { ...data, text: `${data.text} (ändrad)` }, sealHash: row.sealHash } });
    evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreementId } } }));
    expect(evidence.integrity.checks.textHash).toBe(false);
  });

  it('Twilio status callbacks: a forged signature is refused, a signed one marks the SMS delivered', async () => {
    const { request, sms } = await requested({ name: 'Levererad Person' }, 'franck_03909.jpg');
    await expect.poll(async () => (await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).status).toBe('sent');
    expect(await twilio.callback(sms, 'delivered', 'not-the-auth-token-000000')).toBe(403);
    // Signed, but for another message SID than the one we sent.
    expect(await twilio.callback({ ...sms, sid: `SM${'0'.repeat(32)}` }, 'delivered')).toBe(403);
    // No signature at all.
    const bare = await fetch(sms.statusCallback!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'MessageStatus=delivered' });
    expect(bare.status).toBe(403);
    expect((await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }))).status).toBe('sent');
    expect(await twilio.callback(sms, 'delivered', TWILIO_TOKEN)).toBe(204);
    const r = await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    expect(r.status).toBe('delivered');
    expect(r.messages.find((m) => m.kind === 'invite')).toMatchObject({ provider: 'twilio', status: 'delivered' });
    // An unknown message id.
    expect((await fetch(`${server.url}/hooks/twilio/status/${crypto.randomUUID()}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(404);
  });

  it('the page is sanitised, carries strict security headers, and refuses cross-site posts', async () => {
    const t = await createTemplate(org, {
      name: 'XSS',
      methods: ['sms_code'],
      texts: {
        sv: { title: 'Titel <b>{{person.name}}</b>', body: 'Hej {{person.name}}\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[länk](javascript:alert(3)) [ok](https://example.se)', completionText: '' },
        en: { title: 'Title', body: 'Hello', completionText: '' },
      },
    });
    const { personId } = await photoOfPerson(server.url, org, { name: '<img src=x onerror=alert(4)>**fet**', phone: '+46701112233' }, 'SeanConnery.jpg');
    await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    const sms = await twilio.waitFor((m) => m.to === '+46701112233');
    const link = linkIn(sms.body);
    const res = await fetch(link);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const doc = /<div class="doc"[^>]*>([\s\S]*?)<\/div>/.exec(html)![1]!;
    expect(doc).not.toMatch(/<script|<img|javascript:/i);
    expect(doc).toContain('<a href="https://example.se" rel="noopener noreferrer nofollow" target="_blank">ok</a>');
    // The person's name is text, not Markdown or HTML.
    expect(doc).toContain('Hej &lt;img src=x onerror=alert(4)&gt;**fet**');
    expect(html).toContain('Titel &lt;b&gt;&lt;img src=x onerror=alert(4)&gt;**fet**&lt;/b&gt;');
    expect(html).not.toMatch(/<script(?! (type="application\/json"|src="\/sign\/static))/);

    const { lang, textHash } = hiddenFields(html);
    const cross = await postForm(`${link}/code`, { lang, textHash, channel: 'sms' }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    // A tampered text hash (the text the signer saw is not the text on file) is refused.
    const changed = await postForm(`${link}/code`, { lang, textHash: 'f'.repeat(64), channel: 'sms' });
    expect(changed.status).toBe(409);
    expect(await changed.text()).toContain('Avtalstexten har ändrats');
  });

  it('a cancelled request\'s link stops working at once', async () => {
    const { request, link } = await requested({ name: 'Avbruten Person' }, 'chuck_crop.jpg');
    await unwrap(admin().POST('/api/v1/consent/requests/{id}/cancel', { params: { path: { id: request.id } }, body: { reason: 'fel person' } }));
    const res = await fetch(link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Förfrågan är återkallad');
    const again = await admin().POST('/api/v1/consent/requests/{id}/cancel', { params: { path: { id: request.id } }, body: {} });
    expect(again.response.status).toBe(409);
  });
});
