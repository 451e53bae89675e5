import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';
import { rejects } from './support/assertions';

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

/** Defect 3: a basis other than consent must not silently override a person's withdrawal. */
describe('the legal basis and withdrawals', () => {
  let server: TestServer;
  let org: TestOrg;
  let assetId: string;
  let personId: string;
  let agreementId: string;
  const basisOf = (body: Record<string, unknown>, as = org.as['gdpr-admin']) =>
    as.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: body as never });

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'override');
    const admin = org.as['gdpr-admin'];
    personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Vera Holm' } }))).id;
    agreementId = (
      await unwrap(
        admin.POST('/api/v1/persons/{id}/agreements', {
          params: { path: { id: personId } },
          body: { kind: 'written', channels: ['web', 'print'], validFrom: inDays(-10), validUntil: null },
        }),
      )
    ).id;
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(311), name: 'vera.jpg', type: 'image/jpeg' });
    assetId = up.body.id;
    await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
    await unwrap(org.as.editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.3, h: 0.3, personId } }));
  });
  afterAll(() => server.stop());

  it('is its own permission: the editor and an assets:write key are refused, an assets:basis key may', async () => {
    const denied = await rejects(basisOf({ basis: 'contract' }, org.as.editor), 403, 'forbidden');
    expect(denied.details).toEqual({ permission: 'assets:basis' });
    const keyFor = async (scope: 'assets:write' | 'assets:basis') => {
      const { key } = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: scope, scopes: [scope] } }));
      return createLikenessClient({ baseUrl: server.url, headers: { authorization: `Bearer ${key}` } });
    };
    await rejects(basisOf({ basis: 'consent' }, await keyFor('assets:write')), 403, 'forbidden');
    expect((await unwrap(basisOf({ basis: 'consent' }, await keyFor('assets:basis')))).basis).toBe('consent');
    const me = await unwrap(org.as.editor.GET('/api/v1/auth/me'));
    expect(me.permissions).not.toContain('assets:basis');
    expect((await unwrap(org.as['gdpr-admin'].GET('/api/v1/auth/me'))).permissions).toContain('assets:basis');
  });

  it('refuses a basis other than consent over a withdrawal with 409 unless confirmed with a reason, which the audit keeps', async () => {
    const admin = org.as['gdpr-admin'];
    // Without a withdrawal, another basis needs no confirmation.
    expect((await unwrap(basisOf({ basis: 'contract' }))).basis).toBe('contract');
    await unwrap(basisOf({ basis: 'consent' }));
    await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: { reason: 'Vill inte synas' } }));

    const refused = await rejects(basisOf({ basis: 'legitimate_interest', note: 'Intresseavvägning' }), 409, 'withdrawal_override_required');
    expect(refused.details).toEqual({
      withdrawals: [
        { channel: 'web', personId, agreementId },
        { channel: 'print', personId, agreementId },
      ],
    });
    // Nothing changed: the file is still withdrawn and not approved anywhere.
    const still = await unwrap(admin.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    expect(still.basis).toBe('consent');
    expect(still.statuses.find((s) => s.channel === 'web')).toMatchObject({ status: 'withdrawn', approved: false });
    // A too short reason is a validation error, not an override.
    await rejects(basisOf({ basis: 'legitimate_interest', overrideWithdrawal: { reason: ' ' } }), 400, 'validation_failed');

    const overridden = await unwrap(basisOf({ basis: 'legitimate_interest', overrideWithdrawal: { reason: 'Dokumentation av olycka, beslut 2026-12' } }));
    expect(overridden.basis).toBe('legitimate_interest');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: assetId, action: 'asset.basis_set' } } }));
    const row = audit.items.find((e) => (e.after as { basis?: string }).basis === 'legitimate_interest')!;
    expect(row.after).toMatchObject({
      overrideWithdrawal: { reason: 'Dokumentation av olycka, beslut 2026-12', withdrawals: [{ channel: 'web', personId, agreementId }, { channel: 'print', personId, agreementId }] },
    });
    // Back to consent needs no confirmation: it restores what the person said.
    expect((await unwrap(basisOf({ basis: 'consent' }))).statuses.find((s) => s.channel === 'web')?.status).toBe('withdrawn');
  });
});
