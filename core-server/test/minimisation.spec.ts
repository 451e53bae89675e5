import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient } from '@likeness/sdk';
import { fakeTwilio } from './support/consent';
import { signedByCode } from './support/code-signing';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';
import { rejects } from './support/assertions';
import { digitalAgreement } from './support/digital-agreement';

const DAY = 86_400_000;

/** Defect 15: each role sees and keeps only what it needs. */
describe('minimisation', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  const admin = () => org.as['gdpr-admin'];

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url });
    org = await createOrg(server, 'minimal');
  });
  afterAll(async () => {
    await server?.stop();
    await twilio?.close();
  });

  it('masks the personal number, the BankID signature and the signer\'s IP in evidence without persons:sensitive', async () => {
    const { agreement } = await signedByCode(server, org, twilio, '+46702223344');
    const evidenceAs = (client: typeof org.as.viewer) => unwrap(client.GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreement.id } } }));
    const full = await evidenceAs(admin());
    expect(full.record.ip).toMatch(/127\.0\.0\.1/);
    expect(full.masked).toEqual([]);
    const viewer = await evidenceAs(org.as.viewer);
    expect(viewer.record.ip).toBeNull();
    expect(viewer.masked).toEqual(['ip']);
    // The check is made on the stored record: masking does not break it.
    expect(viewer.integrity.valid).toBe(true);

    // A BankID record (as a BankID signature seals it).
    const person = await unwrap(admin().POST('/api/v1/persons', { body: { name: 'Bank Id' } }));
    const signed = await digitalAgreement(server, org.tenantId, person.id, { channels: ['web'], validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: null });
    const completionData = {
      user: { personalNumber: '199001011234', name: 'Bank Id', givenName: 'Bank', surname: 'Id' },
      device: { ipAddress: '192.0.2.7' },
      signature: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+c2lnbmF0dXJl',
      ocspResponse: 'MIIHfgoBAKCCB3cwggdzBgkrBgEFBQcwAQEEggdk',
    };
    await server.services.repos.signatures.createEvidence({
      tenantId: org.tenantId,
      agreementId: signed.id,
      requestId: randomUUID(),
      templateVersionId: randomUUID(),
      data: { v: 1, method: 'bankid', bankid: { orderRef: 'o-1', completionData }, ip: '192.0.2.7' },
      sealHash: 'a'.repeat(64),
      receipt: new Uint8Array([1]),
      receiptSha256: 'b'.repeat(64),
    });
    const get = (client: typeof org.as.viewer) => unwrap(client.GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: signed.id } } }));
    for (const role of ['viewer', 'editor'] as const) {
      const masked = await get(org.as[role]);
      expect(JSON.stringify(masked.record), role).not.toContain('199001011234');
      expect(JSON.stringify(masked.record), role).not.toContain('PD94bWwgdmVyc2lvbj0iMS4wIj8');
      expect(masked.record).toMatchObject({ ip: null, bankid: { completionData: { user: { personalNumber: '19900101-****' }, signature: null, ocspResponse: null } } });
      expect(masked.masked).toEqual(['bankid.completionData.user.personalNumber', 'bankid.completionData.signature', 'bankid.completionData.ocspResponse', 'ip']);
    }
    for (const role of ['gdpr-admin', 'owner'] as const) expect((await get(org.as[role])).record).toMatchObject({ ip: '192.0.2.7', bankid: { completionData } });
    // An API key sees the full record only with the scope.
    const keyWith = async (scopes: Array<'persons:read' | 'persons:sensitive'>) =>
      createLikenessClient({ baseUrl: server.url, headers: { authorization: `Bearer ${(await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: scopes.join(' '), scopes } }))).key}` } });
    expect((await get(await keyWith(['persons:read']))).masked).toHaveLength(4);
    expect((await get(await keyWith(['persons:read', 'persons:sensitive']))).masked).toEqual([]);
  });

  it('erases every face embedding when face matching is switched off, and only when the request confirms it', async () => {
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(601), name: 'ansikte.jpg', type: 'image/jpeg' });
    const box = await unwrap(org.as.editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: up.body.id } }, body: { x: 0.1, y: 0.1, w: 0.4, h: 0.4, personId: null } }));
    // An embedding as the faces job stores it (this synthetic image has no face to find).
    await server.services.repos.faces.upsertEmbedding({ boxId: box.id, tenantId: org.tenantId, assetId: up.body.id, score: 0.9, sizePx: 80, vector: new Float32Array(1024).fill(0.03), model: 'test' });
    const count = () => server.services.db.faceEmbedding.count({ where: { tenantId: org.tenantId } });
    expect(await count()).toBe(1);

    const refused = await rejects(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: false } }), 409, 'face_data_erase_unconfirmed');
    expect(refused.details).toEqual({ embeddings: 1 });
    expect((await unwrap(org.as.owner.GET('/api/v1/settings'))).faceMatching).toBe(true);
    expect(await count()).toBe(1);

    const off = await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: false, confirmEraseFaceData: true } }));
    expect(off.faceMatching).toBe(false);
    expect(await count()).toBe(0);
    expect(await server.services.db.assetBox.count({ where: { id: box.id } })).toBe(1);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.embeddings_erased', entityId: org.tenantId } } }));
    expect(audit.items[0]!.before).toMatchObject({ embeddings: 1 });
  });

  it('prunes expired sessions and old webhook deliveries on its schedule, keeping what is still live', async () => {
    const { db, repos } = server.services;
    const user = await db.user.findFirstOrThrow({ where: { tenantId: org.tenantId, role: 'viewer' } });
    const now = Date.now();
    const session = (tokenHash: string, expiresAt: number) => repos.sessions.create({ tenantId: org.tenantId, userId: user.id, tokenHash, expiresAt: new Date(expiresAt), ip: '127.0.0.1', userAgent: 'test' });
    await session('expired-long-ago', now - 10 * DAY);
    await session('still-valid', now + DAY);
    // Inactive, so the dispatcher leaves its deliveries alone while the test looks at them.
    const webhook = await db.webhook.create({ data: { tenantId: org.tenantId, name: 'hook', url: 'https://example.test/hook', secret: 's', active: false } });
    const delivery = (status: string, ageDays: number) =>
      db.webhookDelivery.create({ data: { tenantId: org.tenantId, webhookId: webhook.id, eventSeq: 1, eventType: 'status.changed', payload: {}, status, createdAt: new Date(now - ageDays * DAY) } });
    const oldDelivered = await delivery('delivered', 60);
    const oldFailed = await delivery('failed', 60);
    const oldPending = await delivery('pending', 60);
    const recent = await delivery('delivered', 1);

    const done = await server.services.maintenance.runOnce();
    expect(done).toMatchObject({ sessions: 1, deliveries: 2 });
    expect((await db.session.findMany({ where: { tenantId: org.tenantId, tokenHash: { in: ['expired-long-ago', 'still-valid'] } } })).map((s) => s.tokenHash)).toEqual(['still-valid']);
    const left = (await db.webhookDelivery.findMany({ where: { tenantId: org.tenantId } })).map((d) => d.id).sort();
    expect(left).toEqual([oldPending.id, recent.id].sort());
    expect(left).not.toContain(oldDelivered.id);
    expect(left).not.toContain(oldFailed.id);
    // Logged-in users are untouched.
    await unwrap(org.as.viewer.GET('/api/v1/auth/me'));
  });
});
