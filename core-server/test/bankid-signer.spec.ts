import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { BankIdSimulator } from '../dev/bankid-simulator';
import { configureTwilio, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson, simulatorBankId } from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/** The BankID signer and the person: one transaction for order and agreement, the personal number, names. */
describe('BankID signing is tied to the person and completes atomically', () => {
  let sim: BankIdSimulator;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let server: TestServer;
  let org: TestOrg;
  let templateId: string;
  let phoneSeq = 3000;

  beforeAll(async () => {
    sim = await BankIdSimulator.start();
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url, bankid: simulatorBankId(sim) });
    org = await createOrg(server, 'signer');
    await configureTwilio(org);
    templateId = (await createTemplate(org, { methods: ['bankid'], editableFields: ['name', 'email'] })).id;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    await twilio?.close();
  });

  async function requested(name: string, extra: Record<string, unknown> = {}) {
    const phone = `+4670${String(phoneSeq++).padStart(7, '0')}`;
    const { personId, assetId } = await photoOfPerson(server.url, org, { name, phone });
    const request = await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests', { body: { personId, templateId, assetIds: [assetId], via: ['sms'], ...extra } as never }));
    const sms = await twilio.waitFor((m) => m.to === phone && m.body.includes('/sign/'));
    const link = linkIn(sms.body);
    return { request, link, personId, assetId, fields: hiddenFields(await (await fetch(link)).text()) };
  }

  async function start(r: { link: string; fields: { lang: string; textHash: string } }, details: Record<string, string> = {}) {
    const res = await fetch(`${r.link}/bankid`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sameDevice: false, lang: r.fields.lang, textHash: r.fields.textHash, details }) });
    expect(res.status).toBe(200);
    const { orderId } = (await res.json()) as { orderId: string };
    const row = await server.services.db.consentBankIdOrder.findUniqueOrThrow({ where: { id: orderId } });
    return { orderId, orderRef: row.orderRef };
  }

  /** One poll like the page's; the 2 s collect spacing is lifted first. */
  async function poll(link: string, orderId: string) {
    await server.services.db.consentBankIdOrder.updateMany({ where: { id: orderId }, data: { lastCollectAt: null } });
    const res = await fetch(`${link}/bankid/${orderId}?device=other`);
    return { status: res.status, body: (await res.json()) as { status?: string; hintCode?: string | null; redirect?: string | null } };
  }

  /** A real database failure on the agreement insert, in the middle of the signing transaction. */
  async function breakAgreementInserts(on: boolean) {
    const db = server.services.db;
    if (server.config.dbProvider === 'sqlite') {
      await db.$executeRawUnsafe(on ? `CREATE TRIGGER likeness_test_crash BEFORE INSERT ON "Agreement" BEGIN SELECT RAISE(ABORT, 'simulated crash'); END` : 'DROP TRIGGER likeness_test_crash');
    } else if (on) {
      await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION likeness_test_crash() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(`CREATE TRIGGER likeness_test_crash BEFORE INSERT ON "Agreement" FOR EACH ROW EXECUTE FUNCTION likeness_test_crash()`);
    } else await db.$executeRawUnsafe(`DROP TRIGGER likeness_test_crash ON "Agreement"`);
  }

  it('a failure while the agreement is written leaves the order pending; the next poll completes it with an agreement', async () => {
    const r = await requested('Erik Ek');
    const { orderId, orderRef } = await start(r);
    sim.complete(orderRef, { personalNumber: '198501019999', name: 'Erik Ek', givenName: 'Erik', surname: 'Ek' });
    await breakAgreementInserts(true);
    try {
      expect((await poll(r.link, orderId)).status).toBeGreaterThanOrEqual(400); // the database refused: an error, not a receipt
    } finally {
      await breakAgreementInserts(false);
    }
    expect(await server.services.db.consentBankIdOrder.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: 'pending' });
    expect(await server.services.db.agreement.count({ where: { personId: r.personId } })).toBe(0);

    const again = await poll(r.link, orderId);
    expect(again).toMatchObject({ status: 200, body: { status: 'complete' } });
    expect(again.body.redirect).toMatch(/^\/sign\/receipt\//);
    expect(await server.services.db.consentBankIdOrder.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: 'complete' });
    expect(await server.services.db.agreement.count({ where: { personId: r.personId, kind: 'digital' } })).toBe(1);
  });

  const getRequest = (id: string) => unwrap(org.as['gdpr-admin'].GET('/api/v1/consent/requests/{id}', { params: { path: { id } } }));
  const STAFF_PNR = '198001012384';
  const STRANGER = { personalNumber: '199912319999', name: 'Mallory Malm', givenName: 'Mallory', surname: 'Malm' };

  it('with the personal number staff gave, BankID lets only that person sign; the number is never returned', async () => {
    const r = await requested('Fia Fors', { personalNumber: '19800101-2384' });
    expect(r.request).toMatchObject({ personalNumberRequired: true, signerCheck: null });
    expect(JSON.stringify(r.request)).not.toContain('2384');

    const first = await start(r);
    expect(sim.orders.get(first.orderRef)!.personalNumber).toBe(STAFF_PNR); // requirement.personalNumber in the order
    sim.complete(first.orderRef, STRANGER); // someone else's BankID cannot sign it
    expect((await poll(r.link, first.orderId)).body).toMatchObject({ status: 'failed' });
    expect(await server.services.db.agreement.count({ where: { personId: r.personId } })).toBe(0);

    const second = await start(r);
    sim.complete(second.orderRef, { personalNumber: STAFF_PNR, name: 'Fia Fors', givenName: 'Fia', surname: 'Fors' });
    expect((await poll(r.link, second.orderId)).body).toMatchObject({ status: 'complete' });
    expect(await getRequest(r.request.id)).toMatchObject({ status: 'signed', signerCheck: 'personal_number', personalNumberRequired: true });
  });

  it('the server checks the personal number again: a completion from anyone else makes no agreement', async () => {
    const r = await requested('Gun Gran', { personalNumber: STAFF_PNR });
    const { orderId, orderRef } = await start(r);
    sim.orders.get(orderRef)!.personalNumber = null; // as if BankID had not enforced the requirement
    sim.complete(orderRef, STRANGER);
    expect((await poll(r.link, orderId)).body).toMatchObject({ status: 'failed', hintCode: 'wrong_signer' });
    expect(await server.services.db.agreement.count({ where: { personId: r.personId } })).toBe(0);
    expect((await getRequest(r.request.id)).status).not.toBe('signed');
  });

  it('without a personal number, a BankID name unlike the register\'s is flagged to staff; a matching one is not', async () => {
    const odd = await requested('Hans Holm');
    const a = await start(odd);
    sim.complete(a.orderRef, STRANGER);
    expect((await poll(odd.link, a.orderId)).body).toMatchObject({ status: 'complete' });
    expect(await getRequest(odd.request.id)).toMatchObject({ signerCheck: 'name_mismatch', personalNumberRequired: false });
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: odd.request.id, limit: 50 } } }));
    expect(audit.items.map((e) => e.action)).toContain('consent_request.signer_mismatch');

    const same = await requested('Åsa Öberg');
    const b = await start(same);
    sim.complete(b.orderRef, { personalNumber: '197502021234', name: 'Åsa Lena Öberg', givenName: 'Åsa Lena', surname: 'Öberg' });
    expect((await poll(same.link, b.orderId)).body).toMatchObject({ status: 'complete' });
    expect((await getRequest(same.request.id)).signerCheck).toBe('name_match');
  });

  it('details the signer corrects wait for staff review; accepting writes them to the register, rejecting does not', async () => {
    const person = async (id: string) => unwrap(org.as['gdpr-admin'].GET('/api/v1/persons/{id}', { params: { path: { id } } }));
    const signWith = async (name: string, details: Record<string, string>) => {
      const r = await requested(name);
      const o = await start(r, details);
      sim.complete(o.orderRef, { personalNumber: '196001011234', name, givenName: name.split(' ')[0]!, surname: name.split(' ')[1]! });
      expect((await poll(r.link, o.orderId)).body).toMatchObject({ status: 'complete' });
      return r;
    };
    const r = await signWith('Ida Isaksson', { name: 'Ida Isaksson-Berg', email: 'ida@example.se' });
    expect((await person(r.personId)).name).toBe('Ida Isaksson'); // not straight into the register
    expect((await getRequest(r.request.id)).correction).toEqual({ status: 'pending', fields: ['name', 'email'] });

    const viewer = await org.as.viewer.POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: r.request.id } }, body: { decision: 'accept' } });
    expect(viewer.response.status).toBe(403);
    const accepted = await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: r.request.id } }, body: { decision: 'accept' } }));
    expect(accepted.correction).toEqual({ status: 'accepted', fields: ['name', 'email'] });
    expect(await person(r.personId)).toMatchObject({ name: 'Ida Isaksson-Berg', email: 'ida@example.se' });
    const again = await org.as['gdpr-admin'].POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: r.request.id } }, body: { decision: 'reject' } });
    expect(again.response.status).toBe(409);

    const s = await signWith('Jon Jonsson', { name: 'Someone Else' });
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: s.request.id } }, body: { decision: 'reject' } }));
    expect((await person(s.personId)).name).toBe('Jon Jonsson');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: s.request.id, limit: 50 } } }));
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['consent_request.correction_pending', 'consent_request.correction_rejected']));
  });
});
