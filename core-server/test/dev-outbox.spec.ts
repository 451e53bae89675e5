import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { loadConfig } from '../src/kernel/config';
import { rejects } from './support/assertions';
import { TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, codeIn, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson, postForm } from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const KEY = Buffer.alloc(32, 9).toString('base64');

describe('the dev outbox is a development setting', () => {
  it('is off in production (and refused there), off when DEMO_DATA=false, and on only for the local demo start', () => {
    expect(loadConfig({ NODE_ENV: 'production', LIKENESS_SECRET_KEY: KEY }).devOutbox).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', LIKENESS_SECRET_KEY: KEY, LIKENESS_DEV_OUTBOX: 'true' })).toThrow(/LIKENESS_DEV_OUTBOX=true is not allowed/);
    expect(loadConfig({ DEMO_DATA: 'false' }).devOutbox).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://bilder.example.org' }).devOutbox).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0' }).devOutbox).toBe(false);
    // `npm start` on a laptop: the demo, on loopback.
    expect(loadConfig({ HOST: '127.0.0.1' }).devOutbox).toBe(true);
    expect(loadConfig({ HOST: '127.0.0.1', LIKENESS_DEV_OUTBOX: 'false' }).devOutbox).toBe(false);
  });
});

describe('without the dev outbox, staff cannot read links or codes, and nothing reads as sent', () => {
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let server: TestServer;
  let org: TestOrg;
  const admin = () => org.as['gdpr-admin'];

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url, devOutbox: false });
    org = await createOrg(server, 'nooutbox');
  });
  afterAll(async () => {
    await server?.stop();
    await twilio?.close();
  });

  it('GET /consent/outbox does not exist, settings say no provider, and a request that nobody could deliver is refused', async () => {
    await rejects(admin().GET('/api/v1/consent/outbox', { params: { query: {} } }), 404, 'not_found');
    await rejects(org.as.owner.GET('/api/v1/consent/outbox', { params: { query: {} } }), 404, 'not_found');
    const settings = await unwrap(admin().GET('/api/v1/consent/settings'));
    expect({ sms: settings.sms.provider, email: settings.email.provider }).toEqual({ sms: 'none', email: 'none' });

    const template = await createTemplate(org, { methods: ['sms_code', 'email_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Ingen Leverantör', phone: '+46700000201', email: 'ingen@example.org' });
    const bySms = await rejects(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, via: ['sms'] } }), 409, 'conflict');
    expect(bySms.message).toMatch(/No SMS provider/);
    await rejects(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, via: ['email'] } }), 409, 'conflict');
    await rejects(admin().POST('/api/v1/consent/requests/bulk', { body: { personIds: [personId], templateId: template.id, via: ['sms'] } } as never), 409, 'conflict');
    expect(await server.services.db.consentMessage.count()).toBe(0);
  });

  it('a message whose provider is gone by the time it is sent fails as no_provider, is not "sent", and keeps no readable link or code', async () => {
    const link = `http://127.0.0.1:${server.port}/sign/${'A'.repeat(43)}`;
    const m = await server.services.repos.consentMessages.createMessage({ tenantId: org.tenantId, requestId: null, kind: 'invite', channel: 'email', to: 'gone@example.org', subject: 'Kod', body: `123456 är din kod. ${link}` });
    await server.services.consent.messenger.deliver(m.id);
    const row = await server.services.db.consentMessage.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ status: 'failed', provider: 'none', error: 'no_provider' });
    expect(row.body).not.toContain('123456');
    expect(row.body).not.toContain('A'.repeat(43));
  });

  it('a code method without a provider is not offered; the evidence names the provider that delivered the code', async () => {
    await unwrap(admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: TWILIO_SID, twilioAuthToken: TWILIO_TOKEN, twilioFrom: TWILIO_FROM } }));
    const settings = await unwrap(admin().GET('/api/v1/consent/settings'));
    expect({ sms: settings.sms.provider, email: settings.email.provider }).toEqual({ sms: 'twilio', email: 'none' });
    const template = await createTemplate(org, { methods: ['sms_code', 'email_code'] });
    const phone = '+46700000202';
    const { personId } = await photoOfPerson(server.url, org, { name: 'Med Leverantör', phone, email: 'med@example.org' });
    const request = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: template.id, via: ['sms'] } }));
    const link = linkIn((await twilio.waitFor((m) => m.to === phone)).body);

    const page = await (await fetch(link)).text();
    expect(page).toContain('name="channel" value="sms"');
    expect(page).not.toContain('name="channel" value="email"');
    const fields = hiddenFields(page);
    const byEmail = await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'email' });
    expect(byEmail.status).not.toBe(303);
    expect(await server.services.db.consentMessage.count({ where: { kind: 'code', channel: 'email' } })).toBe(0);

    expect((await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' })).status).toBe(303);
    const sms = await twilio.waitFor((m) => m.to === phone && m.body.includes('är din kod'));
    expect((await postForm(`${link}/code/verify?lang=sv`, { ...fields, code: codeIn(sms.body), channel: 'sms' })).status).toBe(303);

    const signed = await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    expect(signed.status).toBe('signed');
    const evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: signed.agreementId! } } }));
    expect(evidence.record.code).toMatchObject({ channel: 'sms', provider: 'twilio', providerMessageId: sms.sid });
  });
});
