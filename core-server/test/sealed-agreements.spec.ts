import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient } from '@likeness/sdk';
import { randomUUID } from 'node:crypto';
import { fakeTwilio } from './support/consent';
import { signedByCode } from './support/code-signing';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { rejects } from './support/assertions';

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

/** Defect 4: what a person signed digitally cannot be rewritten by staff; only withdrawn. */
describe('sealed agreements', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let signed: Awaited<ReturnType<typeof signedByCode>>;
  const admin = () => org.as['gdpr-admin'];
  const patch = (id: string, body: Record<string, unknown>) => admin().PATCH('/api/v1/agreements/{id}', { params: { path: { id } }, body: body as never });

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url });
    org = await createOrg(server, 'sealed');
    signed = await signedByCode(server, org, twilio, '+46701112233');
  });
  afterAll(async () => {
    await server?.stop();
    await twilio?.close();
  });

  it('staff cannot record a digital agreement, nor turn one into it: only a signature makes one (422, nothing written)', async () => {
    const person = await unwrap(admin().POST('/api/v1/persons', { body: { name: 'Förfalskad Signatur' } }));
    const key = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'register sync', scopes: ['persons:read', 'persons:write'] } }));
    const viaKey = createLikenessClient({ baseUrl: server.url, apiKey: key.key });
    const digital = { kind: 'digital' as const, channels: ['web'], validFrom: inDays(-1), validUntil: null, signedBy: 'subject' as const };
    for (const client of [admin(), org.as.owner, viaKey]) {
      const err = await rejects(client.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } }, body: digital }), 422, 'digital_requires_signature');
      expect(err.details).toEqual({ field: 'kind' });
    }
    const written = await unwrap(admin().POST('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } }, body: { ...digital, kind: 'written' } }));
    await rejects(patch(written.id, { kind: 'digital' }), 422, 'digital_requires_signature');
    const list = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } } }));
    expect(list.items.map((a) => a.kind)).toEqual(['written']);
  });

  it('refuses every change to the terms of a digitally signed agreement with 409 agreement_sealed', async () => {
    const a = signed.agreement;
    expect(a).toMatchObject({ kind: 'digital', sealed: true, state: 'valid' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ channels: [...a.channels, 'print'].filter((c, i, all) => all.indexOf(c) === i) }, 'channels'],
      [{ validUntil: inDays(3000) }, 'validUntil'],
      [{ validFrom: inDays(-400) }, 'validFrom'],
      [{ kind: 'written' }, 'kind'],
      [{ signedBy: 'guardian', guardianName: 'Någon Annan' }, 'signedBy'],
    ];
    for (const [body, field] of cases) {
      const err = await rejects(patch(a.id, body), 409, 'agreement_sealed');
      expect((err.details as { fields: string[] }).fields, field).toContain(field);
    }
    const now = await unwrap(admin().GET('/api/v1/agreements/{id}', { params: { path: { id: a.id } } }));
    expect({ ...now, updatedAt: a.updatedAt }).toEqual(a);
  });

  it('still takes a note (a form that sends the same terms back included), and a withdrawal', async () => {
    const a = signed.agreement;
    const noted = await unwrap(patch(a.id, { notes: 'Ringde och bekräftade' }));
    expect(noted).toMatchObject({ notes: 'Ringde och bekräftade', channels: a.channels, validFrom: a.validFrom, validUntil: a.validUntil });
    const resent = await unwrap(
      patch(a.id, { kind: a.kind, channels: [...a.channels].reverse(), validFrom: a.validFrom, validUntil: a.validUntil, signedBy: a.signedBy, guardianName: a.guardianName, notes: 'Igen' }),
    );
    expect(resent.notes).toBe('Igen');
    const withdrawn = await unwrap(admin().POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.id } }, body: { reason: 'Ångrade sig' } }));
    expect(withdrawn.state).toBe('withdrawn');
  });

  it('seals any agreement that carries sealed evidence, whatever its kind; others stay editable', async () => {
    const person = await unwrap(admin().POST('/api/v1/persons', { body: { name: 'Pappers Person' } }));
    const paper = await unwrap(
      admin().POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: person.id } },
        body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(300) },
      }),
    );
    expect(paper.sealed).toBe(false);
    expect((await unwrap(patch(paper.id, { channels: ['web', 'print'] }))).channels).toEqual(['web', 'print']);
    // Evidence sealed for it (as a signing would write it) makes its terms immutable.
    await server.services.repos.signatures.createEvidence({
      tenantId: org.tenantId,
      agreementId: paper.id,
      requestId: randomUUID(),
      templateVersionId: randomUUID(),
      data: { v: 1 },
      sealHash: 'f'.repeat(64),
      receipt: new Uint8Array([1, 2, 3]),
      receiptSha256: '0'.repeat(64),
    });
    expect((await unwrap(admin().GET('/api/v1/agreements/{id}', { params: { path: { id: paper.id } } }))).sealed).toBe(true);
    await rejects(patch(paper.id, { validUntil: inDays(900) }), 409, 'agreement_sealed');
  });
});
