import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { BankIdSimulator } from '../dev/bankid-simulator';
import { BANKID_STARTS_PER_ADDRESS, BANKID_STARTS_PER_LINK } from '../src/modules/consent/bankid-signing.service';
import { configureTwilio, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson, postForm, simulatorBankId } from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/** Signing links under attack: shared BankID polls, parallel code requests, BankID start floods. */
describe('signing links: polls, resends and starts cannot be abused', () => {
  let sim: BankIdSimulator;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let server: TestServer;
  let org: TestOrg;
  let templateId: string;
  let phoneSeq = 2000;

  beforeAll(async () => {
    sim = await BankIdSimulator.start();
    twilio = await fakeTwilio();
    // One proxy in front, so each test can speak from an address of its own.
    server = await startTestServer({ trustProxy: 1, twilioBaseUrl: twilio.url, bankid: simulatorBankId(sim) });
    org = await createOrg(server, 'abuse');
    await configureTwilio(org);
    templateId = (await createTemplate(org, { methods: ['bankid', 'sms_code'], editableFields: [] })).id;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    await twilio?.close();
  });

  async function requested(name = 'Test Person') {
    const phone = `+4670${String(phoneSeq++).padStart(7, '0')}`;
    const { personId, assetId } = await photoOfPerson(server.url, org, { name, phone });
    const request = await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests', { body: { personId, templateId, assetIds: [assetId], via: ['sms'] } as never }));
    const sms = await twilio.waitFor((m) => m.to === phone && m.body.includes('/sign/'));
    const link = linkIn(sms.body);
    return { request, link, phone, personId, fields: hiddenFields(await (await fetch(link)).text()) };
  }

  const startBankId = (link: string, fields: { lang: string; textHash: string }, ip: string) =>
    fetch(`${link}/bankid`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ sameDevice: false, lang: fields.lang, textHash: fields.textHash, details: {} }) });

  it('a BankID poll in flight for one link is never handed to another link (or a made-up token)', async () => {
    const a = await requested('Alma Ask');
    const b = await requested('Bert Björk');
    const started = await startBankId(a.link, a.fields, '198.51.100.1');
    expect(started.status).toBe(200);
    const { orderId } = (await started.json()) as { orderId: string };

    const hold = sim.holdCollects();
    const pollA = fetch(`${a.link}/bankid/${orderId}?device=other`);
    await hold.reached; // A's poll now waits on BankID's /collect
    const fromB = await fetch(`${b.link}/bankid/${orderId}?device=other`);
    expect(fromB.status).toBe(404);
    const madeUp = await fetch(`${server.url}/sign/${'x'.repeat(43)}/bankid/${orderId}?device=other`);
    expect(madeUp.status).toBe(404);
    hold.release();
    const answerA = await pollA;
    expect(answerA.status).toBe(200);
    expect(((await answerA.json()) as { status: string; qr: string | null }).status).toBe('pending');
  });

  it('parallel requests for a code send one SMS, not one each', async () => {
    const r = await requested('Cilla Carlsson');
    const before = twilio.messages.length;
    const answers = await Promise.all(Array.from({ length: 10 }, () => postForm(`${r.link}/code?lang=sv`, { ...r.fields, channel: 'sms' })));
    expect(answers.every((res) => res.status === 303)).toBe(true);
    // The nine refused ones are sent back to the page with a wait.
    expect(answers.filter((res) => /wait=\d+/.test(res.headers.get('location') ?? ''))).toHaveLength(9);
    expect(await server.services.db.consentOtp.count({ where: { requestId: r.request.id } })).toBe(1);
    await twilio.waitFor((m) => m.to === r.phone && m.body.includes('är din kod'));
    expect(await server.services.db.consentMessage.count({ where: { requestId: r.request.id, kind: 'code' } })).toBe(1);
    expect(twilio.messages.slice(before).filter((m) => m.to === r.phone && m.body.includes('är din kod'))).toHaveLength(1);
  });

  it(`BankID starts are throttled per link (${BANKID_STARTS_PER_LINK}), also when they come in parallel`, async () => {
    const r = await requested('Dan Dahl');
    const answers = await Promise.all(Array.from({ length: BANKID_STARTS_PER_LINK + 5 }, () => startBankId(r.link, r.fields, '198.51.100.20')));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(BANKID_STARTS_PER_LINK);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const refused = (await answers.find((res) => res.status === 429)!.json()) as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('rate_limited');
    expect(refused.error.message).toMatch(/BankID har startats för många gånger/);
    expect(await server.services.db.consentBankIdOrder.count({ where: { requestId: r.request.id } })).toBe(BANKID_STARTS_PER_LINK);
  });

  it(`BankID starts are throttled per address (${BANKID_STARTS_PER_ADDRESS}) across links`, async () => {
    const ip = '198.51.100.30';
    let started = 0;
    while (started < BANKID_STARTS_PER_ADDRESS) {
      const r = await requested();
      for (let i = 0; i < BANKID_STARTS_PER_LINK && started < BANKID_STARTS_PER_ADDRESS; i++, started++) expect((await startBankId(r.link, r.fields, ip)).status).toBe(200);
    }
    const fresh = await requested();
    expect((await startBankId(fresh.link, fresh.fields, ip)).status).toBe(429);
    expect((await startBankId(fresh.link, fresh.fields, '198.51.100.31')).status).toBe(200);
  });
});
