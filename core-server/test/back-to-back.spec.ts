/**
 * Issue 19 through the real API: a renewal signed in advance keeps a file approved to the renewal's end,
 * sends no expiry warning at the first end, and the register says the same as the status rules
 * (including a state of its own for the deceased).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { apiKey, approvedAsset, inDays, keyClient } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

describe('back-to-back agreements and the register', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'back-to-back');
  });
  afterAll(() => server.stop());

  const admin = () => org.as['gdpr-admin'];
  const agree = (personId: string, validFrom: string, validUntil: string | null) =>
    unwrap(admin().POST('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } }, body: { kind: 'written', channels: ['web', 'print', 'social'], validFrom, validUntil } }));
  const webStatus = async (assetId: string) => (await unwrap(admin().GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }))).statuses.find((s) => s.channel === 'web')!;
  const person = async (personId: string) => unwrap(admin().GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
  const listIds = async (filter: 'missing_consent' | 'expiring') => (await unwrap(admin().GET('/api/v1/persons', { params: { query: { filter, limit: 200 } } }))).items.map((p) => p.id);

  it('a renewal starting exactly when the current agreement ends keeps the file approved until the renewal ends', async () => {
    const firstEnd = inDays(5);
    const renewalEnd = inDays(400);
    const { assetId, personId, agreementId } = await approvedAsset(server.url, org, 'cage.jpg', firstEnd);
    expect(await webStatus(assetId)).toMatchObject({ status: 'expiring', approvedUntil: firstEnd });

    await agree(personId, firstEnd, renewalEnd);
    const web = await webStatus(assetId);
    expect(web).toMatchObject({ status: 'approved', approved: true, approvedUntil: renewalEnd });
    expect(web.reasons).toContainEqual(expect.objectContaining({ code: 'consent_valid', personId, agreementId, until: renewalEnd }));

    // The batch API that plugins cache by answers the same lease.
    const plugin = keyClient(server.url, await apiKey(org, ['status:read']));
    const batch = await unwrap(plugin.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }));
    expect(batch.items[0]).toMatchObject({ status: 'approved', approvedUntil: renewalEnd });

    // The register: consent is valid (not expiring), and the expiring filter leaves the person out.
    expect((await person(personId)).consentState).toBe('valid');
    expect(await listIds('expiring')).not.toContain(personId);

    // No expiry warning is recorded at the first end, though that agreement is inside its window.
    await server.services.scheduler.runDue();
    const notifications = await unwrap(admin().GET('/api/v1/notifications', { params: { query: {} } }));
    expect(notifications.items.filter((n) => n.agreementId === agreementId)).toEqual([]);
  });

  it('a gap of one second is a lapse: the file is expiring, the person is expiring and the warning goes out', async () => {
    const firstEnd = inDays(5);
    const { assetId, personId, agreementId } = await approvedAsset(server.url, org, 'audrey_crop.jpg', firstEnd);
    await agree(personId, new Date(Date.parse(firstEnd) + 1000).toISOString(), inDays(400));
    expect(await webStatus(assetId)).toMatchObject({ status: 'expiring', approvedUntil: firstEnd });
    expect((await person(personId)).consentState).toBe('expiring');
    expect(await listIds('expiring')).toContain(personId);
    await server.services.scheduler.runDue();
    const notifications = await unwrap(admin().GET('/api/v1/notifications', { params: { query: {} } }));
    expect(notifications.items.filter((n) => n.agreementId === agreementId)).toHaveLength(1);
  });

  it('a deceased person has their own consent state, is not "missing consent", and their files are approved', async () => {
    const { assetId, personId, agreementId } = await approvedAsset(server.url, org, 'chuck_crop.jpg');
    await unwrap(admin().POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    expect((await person(personId)).consentState).toBe('withdrawn');
    expect(await listIds('missing_consent')).toContain(personId);

    await unwrap(admin().PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { deceased: true } }));
    expect((await person(personId)).consentState).toBe('deceased');
    expect(await listIds('missing_consent')).not.toContain(personId);
    expect(await webStatus(assetId)).toMatchObject({ status: 'approved', approved: true });
  });

  it('a minor with only their own signature is missing consent in the register, as in the rules', async () => {
    const minor = await unwrap(admin().POST('/api/v1/persons', { body: { name: 'Ung Person', birthDate: '2016-05-01', guardianName: 'Förälder' } }));
    await unwrap(admin().POST('/api/v1/persons/{id}/agreements', { params: { path: { id: minor.id } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null, signedBy: 'subject' } }));
    expect((await person(minor.id)).consentState).toBe('missing');
    expect(await listIds('missing_consent')).toContain(minor.id);
    await unwrap(admin().POST('/api/v1/persons/{id}/agreements', { params: { path: { id: minor.id } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: null, signedBy: 'guardian', guardianName: 'Förälder' } }));
    expect((await person(minor.id)).consentState).toBe('valid');
    expect(await listIds('missing_consent')).not.toContain(minor.id);
  });
});
