import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { approvedAsset } from './support/live';
import { readPhoto, upload } from './support/media';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

describe('usage before download: where a downloaded original will be used becomes a usage of the file', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'downloads');
  });
  afterAll(() => server?.stop());

  it('is an organisation setting, off by default', async () => {
    expect((await unwrap(org.as.viewer.GET('/api/v1/settings'))).downloadNeedsUsage).toBe(false);
    expect((await org.as.editor.PATCH('/api/v1/settings', { body: { downloadNeedsUsage: true } })).response.status).toBe(403);
    expect((await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { downloadNeedsUsage: true } }))).downloadNeedsUsage).toBe(true);
  });

  it('records the declared use as a usage (the same note again refreshes it) and points at the original', async () => {
    const { assetId } = await approvedAsset(server.url, org);
    const editor = org.as.editor;
    const grant = await unwrap(editor.POST('/api/v1/assets/{id}/download', { params: { path: { id: assetId } }, body: { channel: 'web', note: 'Nyhetsbrev mars' } }));
    expect(grant.url).toBe(`/api/v1/assets/${assetId}/files/original`);
    expect(grant.usage).toMatchObject({ assetId, channel: 'web', location: 'Nyhetsbrev mars', removedAt: null });
    expect(grant.usage.integration).toMatch(/^dashboard:/);
    const original = await fetch(server.url + grant.url, { headers: { cookie: org.cookies.editor } });
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(readPhoto('cage.jpg').bytes)).toBe(true);

    const again = await unwrap(editor.POST('/api/v1/assets/{id}/download', { params: { path: { id: assetId } }, body: { channel: 'print', note: 'Nyhetsbrev mars' } }));
    expect(again.usage.id).toBe(grant.usage.id);
    const usages = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } }));
    expect(usages.items).toEqual([expect.objectContaining({ id: grant.usage.id, channel: 'print', location: 'Nyhetsbrev mars' })]);
    // The audit row names the use, never the note (the log outlives everything).
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'usage.download_declared', entityId: assetId } } }));
    expect(audit.items).toHaveLength(2);
    expect(JSON.stringify(audit.items)).not.toContain('Nyhetsbrev');
  });

  it('refuses a channel the file is not approved for, an unknown channel and bad input, and writes nothing', async () => {
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('audrey_crop.jpg'));
    const unhandled = up.body.id as string;
    const declare = (body: unknown, id = unhandled) => org.as.editor.POST('/api/v1/assets/{id}/download', { params: { path: { id } }, body: body as never });
    const refused = await declare({ channel: 'web', note: 'Webben' });
    expect(refused.response.status).toBe(409);
    expect((refused.error as { error: { code: string } }).error.code).toBe('not_approved');
    expect((await declare({ channel: 'tv', note: 'TV' })).response.status).toBe(422);
    expect((await declare({ channel: 'web', note: '   ' })).response.status).toBe(400);
    expect((await declare({ channel: 'web', note: 'x'.repeat(501) })).response.status).toBe(400);
    expect((await declare({ channel: 'web', note: 'x' }, '00000000-0000-4000-8000-000000000000')).response.status).toBe(404);
    expect((await unwrap(org.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: unhandled } } }))).items).toEqual([]);
    // Another organisation's file is not found, whatever its status.
    const other = await createOrg(server, 'downloads-other');
    const { assetId: theirs } = await approvedAsset(server.url, other, 'chuck_crop.jpg');
    expect((await declare({ channel: 'web', note: 'x' }, theirs)).response.status).toBe(404);
  });
});
