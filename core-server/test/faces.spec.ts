/**
 * Face matching (issue #5) over real HTTP, with real photos from npm packages and the real
 * worker pool (Human on WASM). Each test waits for the background jobs through the API.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetFacesDto, FaceDto } from '@likeness/shared';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { readPhoto, upload } from './support/media';

const SLOW = 180_000;

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await fn();
  }
  return last;
}

describe('face matching', () => {
  let server: TestServer;
  let org: TestOrg;

  const faces = (o: TestOrg, assetId: string) => unwrap(o.as.viewer.GET('/api/v1/assets/{id}/faces', { params: { path: { id: assetId } } }));
  const indexed = (o: TestOrg, assetId: string) => until(`the scan of ${assetId}`, () => faces(o, assetId), (f) => f.scan !== null);
  const enable = (o: TestOrg, extra: Record<string, unknown> = {}) => unwrap(o.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true, ...extra } }));
  const uploadPhoto = async (o: TestOrg, name: string) => {
    const res = await upload(server.url, '/api/v1/assets', o.cookies.editor, readPhoto(name));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const onlyFace = (f: AssetFacesDto): FaceDto => {
    expect(f.faces).toHaveLength(1);
    return f.faces[0]!;
  };
  const person = (o: TestOrg, name: string, birthDate?: string) => unwrap(o.as['gdpr-admin'].POST('/api/v1/persons', { body: { name, ...(birthDate ? { birthDate, guardianName: 'Guardian' } : {}) } }));
  const tag = (o: TestOrg, boxId: string, personId: string | null) => unwrap(o.as.editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: boxId } }, body: { personId } }));
  const suggestedIds = (f: AssetFacesDto) => f.faces.flatMap((x) => x.suggestions.map((s) => s.personId));

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'faces');
    const settings = await enable(org);
    // Defaults measured by `npm run bench -- faceaccuracy`.
    expect(settings).toMatchObject({ faceMatching: true, faceMatchThreshold: 0.63, faceMinSizePx: 40, faceMinScore: 0.5, faceMatchMinors: false });
  }, SLOW);
  afterAll(() => server?.stop());

  // Shared by the tests below, in order.
  const franck: string[] = [];
  const strangers: string[] = [];
  let franckPerson = '';

  it('detects each face on upload as an unknown box with a score and an embedding; the status needs the person', async () => {
    for (const name of ['franck_02159.jpg', 'franck_02045.jpg', 'franck_04117.jpg', 'franck_02888.jpg', 'franck_03909.jpg']) franck.push(await uploadPhoto(org, name));
    for (const name of ['cage.jpg', 'audrey_crop.jpg', 'obama4_crop.jpg', 'kim1_crop.jpg', 'chuck_crop.jpg']) strangers.push(await uploadPhoto(org, name));
    for (const id of [...franck, ...strangers]) {
      const f = await indexed(org, id);
      expect(f.scan).toMatchObject({ status: 'done', faces: 1, error: null });
      const face = onlyFace(f);
      expect(face).toMatchObject({ source: 'detected', personId: null, embedded: true, matchable: true, suggestions: [] });
      expect(face.detectionScore).toBeGreaterThan(0.5);
      expect(face.sizePx).toBeGreaterThan(40);
      expect(face.w).toBeGreaterThan(0.1);
    }
    // An unknown face is a person without consent: the file is not approved.
    await unwrap(org.as['gdpr-admin'].PUT('/api/v1/assets/{id}/basis', { params: { path: { id: franck[1]! } }, body: { basis: 'consent' } }));
    const status = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [franck[1]!] } }));
    expect(status.items[0]!.reasons.map((r) => r.code)).toContain('unknown_box');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.indexed', entityId: franck[0]! } } }));
    expect(audit.items).toHaveLength(1);
  }, SLOW);

  it('suggests the same person in other photos after one confirmation, and nobody for different people', async () => {
    const p = await person(org, 'Franck Example');
    franckPerson = p.id;
    // Before any confirmation there is nothing to suggest.
    for (const id of franck) expect(suggestedIds(await faces(org, id))).toEqual([]);

    const first = onlyFace(await faces(org, franck[0]!));
    await tag(org, first.boxId, franckPerson);

    for (const id of franck.slice(1)) {
      const f = await until('a suggestion', () => faces(org, id), (x) => x.faces[0]!.suggestions.length > 0);
      const s = onlyFace(f).suggestions;
      expect(s.map((x) => x.personId)).toEqual([franckPerson]);
      expect(s[0]!.score).toBeGreaterThanOrEqual(0.63);
      expect(s[0]!.personName).toBe('Franck Example');
    }
    for (const id of strangers) expect(suggestedIds(await faces(org, id))).toEqual([]);

    // Approving tags the face and recomputes the status through the usual effects.
    const target = onlyFace(await faces(org, franck[1]!));
    const decision = await unwrap(org.as.editor.POST('/api/v1/face-suggestions/{id}/approve', { params: { path: { id: target.suggestions[0]!.id } } }));
    expect(decision.suggestion.status).toBe('approved');
    expect(decision.face).toMatchObject({ personId: franckPerson, personName: 'Franck Example', suggestions: [] });
    const asset = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: franck[1]! } } }));
    expect(asset.boxes[0]!.personId).toBe(franckPerson);
    const status = await unwrap(org.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [franck[1]!] } }));
    expect(status.items[0]!.reasons.map((r) => r.code)).not.toContain('unknown_box');
    expect(status.items[0]!.status).toBe('consent_missing');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.suggestion_approved' } } }));
    expect(audit.items[0]!.after).toMatchObject({ boxId: target.boxId, personId: franckPerson });

    // Deciding twice is refused; viewers may not decide at all.
    const again = await org.as.editor.POST('/api/v1/face-suggestions/{id}/approve', { params: { path: { id: target.suggestions[0]!.id } } });
    expect(again.response.status).toBe(409);
    const other = onlyFace(await faces(org, franck[2]!)).suggestions[0]!;
    expect((await org.as.viewer.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id: other.id } } })).response.status).toBe(403);
    expect((await org.as.editor.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } })).response.status).toBe(404);
    expect((await org.as.editor.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id: 'nope' } } })).response.status).toBe(400);
  }, SLOW);

  it('keeps a rejection: the person is never suggested again for that face', async () => {
    const face = onlyFace(await faces(org, franck[2]!));
    const suggestion = face.suggestions.find((s) => s.personId === franckPerson)!;
    const decision = await unwrap(org.as.editor.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id: suggestion.id } } }));
    expect(decision.suggestion.status).toBe('rejected');
    expect(decision.face.suggestions).toEqual([]);

    // Another confirmation re-matches every unknown face near it: the rejected one stays without Franck,
    // while a face that was never rejected is re-scored (proving the re-match ran).
    const before = onlyFace(await faces(org, franck[3]!)).suggestions[0]!.score;
    await tag(org, onlyFace(await faces(org, franck[4]!)).boxId, franckPerson);
    await until('a re-score', () => faces(org, franck[3]!), (f) => f.faces[0]!.suggestions[0]!.score !== before);
    // A full re-match of the tenant too (settings change): still no Franck for the rejected face.
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatchThreshold: 0.62 } }));
    await until('the full re-match', () => faces(org, franck[3]!), (f) => f.faces[0]!.suggestions.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(suggestedIds(await faces(org, franck[2]!))).toEqual([]);
    const db = server.services.db;
    const rejected = await db.faceSuggestion.findFirst({ where: { id: suggestion.id } });
    expect(rejected?.status).toBe('rejected');
  }, SLOW);

  it('leaves minors out of suggestions unless the organisation turns faceMatchMinors on', async () => {
    const kids = await createOrg(server, 'faces-minors');
    await enable(kids);
    const child = await person(kids, 'Child Example', '2016-04-01');
    expect(child.minor).toBe(true);
    const a = await uploadPhoto(kids, 'franck_02159.jpg');
    await tag(kids, onlyFace(await indexed(kids, a)).boxId, child.id);
    const b = await uploadPhoto(kids, 'franck_02045.jpg');
    await indexed(kids, b);
    await new Promise((r) => setTimeout(r, 1000));
    expect(suggestedIds(await faces(kids, b))).toEqual([]);

    await unwrap(kids.as.owner.PATCH('/api/v1/settings', { body: { faceMatchMinors: true } }));
    const f = await until('the minor suggested', () => faces(kids, b), (x) => suggestedIds(x).length > 0);
    expect(suggestedIds(f)).toEqual([child.id]);
  }, SLOW);

  it('never suggests faces confirmed in another organisation', async () => {
    const other = await createOrg(server, 'faces-other');
    await enable(other);
    const id = await uploadPhoto(other, 'franck_02221.jpg');
    await indexed(other, id);
    // Org "faces" has Franck confirmed twice; same face here, nothing suggested.
    await new Promise((r) => setTimeout(r, 1000));
    expect(suggestedIds(await faces(other, id))).toEqual([]);
    // Nor can one organisation read another's faces.
    expect((await other.as.viewer.GET('/api/v1/assets/{id}/faces', { params: { path: { id: franck[0]! } } })).response.status).toBe(404);
    // And once a person is confirmed there, their own faces are suggested: the test can fail.
    const p = await person(other, 'Local Franck');
    const second = await uploadPhoto(other, 'franck_02683.jpg');
    await tag(other, onlyFace(await indexed(other, second)).boxId, p.id);
    const f = await until('a local suggestion', () => faces(other, id), (x) => suggestedIds(x).length > 0);
    expect(suggestedIds(f)).toEqual([p.id]);
  }, SLOW);

  it('embeds a manual box drawn by an editor, which then serves as a reference once tagged', async () => {
    const m = await createOrg(server, 'faces-manual');
    const off = await uploadPhoto(m, 'franck_04035.jpg'); // uploaded while matching is off: not indexed
    await enable(m);
    const p = await person(m, 'Drawn Franck');
    const box = await unwrap(m.as.editor.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: off } }, body: { x: 0.3, y: 0.1, w: 0.4, h: 0.5, personId: p.id } }));
    const f = await until('the manual embedding', () => faces(m, off), (x) => x.faces[0]!.embedded);
    expect(onlyFace(f)).toMatchObject({ boxId: box.id, source: 'manual', personId: p.id, matchable: true });
    expect(f.scan).toBeNull();
    const probe = await uploadPhoto(m, 'franck_02888.jpg');
    const g = await until('a suggestion from the drawn face', () => faces(m, probe), (x) => suggestedIds(x).length > 0);
    expect(suggestedIds(g)).toEqual([p.id]);
    // Deleting the photo removes the reference from the vector index too.
    expect((await server.services.faces.index.personFaceCounts(m.tenantId, [p.id])).get(p.id)).toBe(1);
    await unwrap(m.as.editor.DELETE('/api/v1/assets/{id}', { params: { path: { id: off } } }));
    await until('the index to forget the photo', () => server.services.faces.index.personFaceCounts(m.tenantId, [p.id]), (c) => (c.get(p.id) ?? 0) === 0);
  }, SLOW);

  it('erasing a person deletes the embeddings of their faces, their tags and their suggestions', async () => {
    const db = server.services.db;
    const taggedBoxes = (await db.assetBox.findMany({ where: { tenantId: org.tenantId, personId: franckPerson } })).map((b) => b.id);
    expect(taggedBoxes.length).toBeGreaterThanOrEqual(3);
    expect(await db.faceEmbedding.count({ where: { boxId: { in: taggedBoxes } } })).toBe(taggedBoxes.length);
    expect(await db.faceSuggestion.count({ where: { personId: franckPerson, status: 'pending' } })).toBeGreaterThan(0);
    expect((await server.services.faces.index.personFaceCounts(org.tenantId, [franckPerson])).get(franckPerson)).toBe(taggedBoxes.length);

    await unwrap(org.as['gdpr-admin'].DELETE('/api/v1/persons/{id}', { params: { path: { id: franckPerson } } }));

    expect(await db.faceEmbedding.count({ where: { boxId: { in: taggedBoxes } } })).toBe(0);
    expect(await db.faceSuggestion.count({ where: { personId: franckPerson } })).toBe(0);
    expect(await db.assetBox.count({ where: { id: { in: taggedBoxes }, personId: { not: null } } })).toBe(0);
    await until('the index to forget', () => server.services.faces.index.personFaceCounts(org.tenantId, [franckPerson]), (c) => (c.get(franckPerson) ?? 0) === 0);
    const first = onlyFace(await faces(org, franck[0]!));
    expect(first).toMatchObject({ personId: null, embedded: false, suggestions: [] });
    for (const id of franck) expect(suggestedIds(await faces(org, id))).toEqual([]);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.embeddings_erased', entityId: franckPerson } } }));
    expect(audit.items[0]!.before).toMatchObject({ embeddings: taggedBoxes.length });
  }, SLOW);

  it('fails the indexing of a corrupt file cleanly, and the assets stay usable (videos: video-faces.spec)', async () => {
    const c = await createOrg(server, 'faces-corrupt');
    await enable(c);
    const id = await uploadPhoto(c, 'cage2_crop.jpg');
    await indexed(c, id);
    // Damage the stored original, then index again.
    const row = await server.services.db.asset.findFirstOrThrow({ where: { id } });
    fs.writeFileSync(server.services.storage.pathOf(`${row.storageKey}/original`), Buffer.from('this is not an image at all'));
    const job = await unwrap(c.as.owner.POST('/api/v1/faces/reindex', { body: { force: true } }));
    const done = await until('the reindex', () => unwrap(c.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: job.id } } })), (j) => j.status === 'done');
    expect(done).toMatchObject({ total: 1, done: 1, failed: 1 });
    const f = await faces(c, id);
    expect(f.scan).toMatchObject({ status: 'failed' });
    expect(f.scan!.error).toMatch(/could not be indexed/);
    // The earlier faces are kept, and the asset still answers.
    expect(f.faces).toHaveLength(1);
    expect((await c.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id } } })).response.status).toBe(200);
    const status = await unwrap(c.as.viewer.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [id] } }));
    expect(status.items[0]!.status).not.toBe('unknown');

  }, SLOW);

  it('re-indexes existing assets as a job with progress, and refuses bad input', async () => {
    const r = await createOrg(server, 'faces-reindex');
    const ids = [await uploadPhoto(r, 'bieber_small.jpg'), await uploadPhoto(r, 'walter2_crop.jpg'), await uploadPhoto(r, 'queen20_crop.jpg')];
    // Off: nothing was indexed, and a reindex is refused.
    expect((await faces(r, ids[0]!)).scan).toBeNull();
    expect((await r.as.owner.POST('/api/v1/faces/reindex', { body: {} })).response.status).toBe(409);
    await enable(r);
    expect((await r.as.viewer.POST('/api/v1/faces/reindex', { body: {} })).response.status).toBe(403);
    expect((await r.as.owner.POST('/api/v1/faces/reindex', { body: { force: 'yes' } as never })).response.status).toBe(400);
    expect((await r.as.owner.POST('/api/v1/faces/reindex', { body: { everything: true } as never })).response.status).toBe(400);
    expect((await r.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: 'x' } } })).response.status).toBe(400);
    expect((await r.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } })).response.status).toBe(404);
    expect((await r.as.owner.PATCH('/api/v1/settings', { body: { faceMatchThreshold: 2 } })).response.status).toBe(400);

    const job = await unwrap(r.as.owner.POST('/api/v1/faces/reindex', { body: {} }));
    expect(job).toMatchObject({ status: 'queued', force: false, done: 0 });
    const seen: number[] = [];
    const done = await until(
      'the reindex',
      async () => {
        const j = await unwrap(r.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: job.id } } }));
        seen.push(j.done);
        return j;
      },
      (j) => j.status === 'done',
    );
    expect(done).toMatchObject({ total: 3, done: 3, failed: 0 });
    expect(done.finishedAt).not.toBeNull();
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    for (const id of ids) expect((await faces(r, id)).scan).toMatchObject({ status: 'done', faces: 1 });
    const list = await unwrap(r.as.viewer.GET('/api/v1/faces/reindex'));
    expect(list.items[0]!.id).toBe(job.id);
    // A second run has nothing left to do.
    const again = await unwrap(r.as.owner.POST('/api/v1/faces/reindex', { body: {} }));
    expect((await until('the second run', () => unwrap(r.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: again.id } } })), (j) => j.status === 'done')).total).toBe(0);
  }, SLOW);

  it('switching face matching on can index the whole existing bank at once, with progress', async () => {
    const o = await createOrg(server, 'faces-switch-on');
    const ids = [await uploadPhoto(o, 'bieber_small.jpg'), await uploadPhoto(o, 'walter2_crop.jpg')];
    // Only together with matching on.
    expect((await o.as.owner.PATCH('/api/v1/settings', { body: { indexExistingFiles: true } })).response.status).toBe(400);
    expect((await o.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: false, indexExistingFiles: true } })).response.status).toBe(400);
    expect((await unwrap(o.as.viewer.GET('/api/v1/faces/reindex'))).items).toEqual([]);
    await enable(o, { indexExistingFiles: true });
    const [run] = (await unwrap(o.as.viewer.GET('/api/v1/faces/reindex'))).items;
    expect(run).toMatchObject({ force: false });
    const done = await until('the first indexing', () => unwrap(o.as.viewer.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: run!.id } } })), (j) => j.status === 'done');
    expect(done).toMatchObject({ total: 2, done: 2, failed: 0 });
    for (const id of ids) expect((await faces(o, id)).scan).toMatchObject({ status: 'done', faces: 1 });
    const audit = await unwrap(o.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.reindex_started' } } }));
    expect(audit.items.map((e) => e.entityId)).toEqual([run!.id]);
  }, SLOW);

  it('stops indexing when face matching is turned off, including jobs already queued', async () => {
    const d = await createOrg(server, 'faces-disable');
    await enable(d);
    const before = await uploadPhoto(d, 'ri_1_crop.jpg');
    await indexed(d, before);
    // Switching off erases the face data already stored, so it must be confirmed.
    await unwrap(d.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: false, confirmEraseFaceData: true } }));
    expect(await server.services.db.faceEmbedding.count({ where: { tenantId: d.tenantId } })).toBe(0);
    const after = await uploadPhoto(d, 'terminator_crop.jpg');
    // A job queued before the switch (or by another node) does nothing either.
    await server.services.infra.jobs.add('faces.index', { tenantId: d.tenantId, assetId: after });
    await new Promise((r) => setTimeout(r, 3000));
    const f = await faces(d, after);
    expect(f.scan).toBeNull();
    expect(f.faces).toEqual([]);
    expect(await server.services.db.faceEmbedding.count({ where: { assetId: after } })).toBe(0);
  }, SLOW);
});
