import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { readPhoto, upload } from './support/media';

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

describe('the three approval steps over real HTTP', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'flow');
  });
  afterAll(() => server.stop());

  it('takes an asset from unhandled to approved and back to withdrawn', async () => {
    const admin = org.as['gdpr-admin'];
    const editor = org.as.editor;

    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('cage.jpg'), { title: 'Invigning' });
    expect(up.status).toBe(201);
    const assetId: string = up.body.id;
    expect(up.body).toMatchObject({ kind: 'image', title: 'Invigning', duplicate: false, hasThumbnail: true });
    expect(up.body.statuses.map((s: { status: string }) => s.status)).toEqual(['unhandled', 'unhandled', 'unhandled']);

    const batch = async () =>
      (await unwrap(editor.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }))).items[0]!;
    expect(await batch()).toMatchObject({ status: 'unhandled', approved: false, visible: false });

    // Step 1: the legal basis.
    await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
    expect((await batch()).status).toBe('persons_missing');

    // Step 2: the persons in the file.
    const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Olle Nilsson', email: 'olle@example.se' } }));
    const box = await unwrap(
      editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.2, y: 0.1, w: 0.5, h: 0.6, personId: null } }),
    );
    expect((await batch()).reasons).toContainEqual({ code: 'unknown_box', boxId: box.id });
    const tagged = await unwrap(editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: box.id } }, body: { personId: person.id } }));
    expect(tagged.personName).toBe('Olle Nilsson');
    expect(await batch()).toMatchObject({ status: 'consent_missing', approved: false });

    // Step 3: a valid consent for every person.
    const agreement = await unwrap(
      admin.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: person.id } },
        body: { kind: 'written', channels: ['web', 'print'], validFrom: inDays(-1), validUntil: inDays(100) },
      }),
    );
    const approved = await batch();
    expect(approved).toMatchObject({ status: 'approved', approved: true, visible: true, approvedUntil: agreement.validUntil });

    const asset = await unwrap(editor.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    expect(Object.fromEntries(asset.statuses.map((s) => [s.channel, s.status]))).toEqual({ web: 'approved', print: 'approved', social: 'consent_missing' });

    // Withdrawal takes effect in the same request.
    const withdrawn = await unwrap(
      admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreement.id } }, body: { reason: 'Vill inte synas' } }),
    );
    expect(withdrawn.state).toBe('withdrawn');
    expect(await batch()).toMatchObject({ status: 'withdrawn', approved: false, visible: false, approvedUntil: null });

    // The history is kept.
    const list = await unwrap(admin.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } } }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.withdrawalReason).toBe('Vill inte synas');
  });

  it('reports expiring inside the lead time and requires a guardian for minors', async () => {
    const admin = org.as['gdpr-admin'];
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('audrey_crop.jpg'));
    const assetId: string = up.body.id;
    await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
    const child = await unwrap(
      admin.POST('/api/v1/persons', { body: { name: 'Elsa Lund', birthDate: '2016-05-01', guardianName: 'Karin Lund' } }),
    );
    expect(child.minor).toBe(true);
    await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0, y: 0, w: 1, h: 1, personId: child.id } }));
    await unwrap(
      admin.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: child.id } },
        body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(10) },
      }),
    );
    const status = async () =>
      (await unwrap(admin.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }))).items[0]!;
    const own = await status();
    expect(own.status).toBe('consent_missing');
    expect(own.reasons.map((r) => r.code)).toContain('guardian_required');

    await unwrap(
      admin.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: child.id } },
        body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: inDays(10), signedBy: 'guardian', guardianName: 'Karin Lund' },
      }),
    );
    const guarded = await status();
    expect(guarded).toMatchObject({ status: 'expiring', approved: true, visible: true });
    expect(guarded.reasons.map((r) => r.code)).toContain('expiring_soon');
  });

  it('answers unknown for ids that do not exist, are malformed or belong to another organisation', async () => {
    const other = await createOrg(server, 'flow-other');
    const foreign = await upload(server.url, '/api/v1/assets', other.cookies.editor, readPhoto('chuck_crop.jpg'));
    await unwrap(other.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: foreign.body.id } }, body: { basis: 'contract' } }));
    const res = await unwrap(
      org.as.viewer.POST('/api/v1/status/batch', {
        body: { channel: 'web', assetIds: [foreign.body.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'] },
      }),
    );
    expect(res.items.map((i) => [i.status, i.approved])).toEqual([
      ['unknown', false],
      ['unknown', false],
      ['unknown', false],
    ]);
    // The same id is approved for its own organisation.
    const own = await unwrap(other.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [foreign.body.id] } }));
    expect(own.items[0]!.approved).toBe(true);
  });
});
