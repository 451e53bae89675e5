import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { BankIdSimulator } from '../dev/bankid-simulator';
import { configureTwilio, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson } from './support/consent';
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
    server = await startTestServer({ twilioBaseUrl: twilio.url, bankid: { environment: 'simulator', url: null, pfxPath: null, passphrase: '', caPath: null, simulatorDir: sim.certs.dir } });
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
});
