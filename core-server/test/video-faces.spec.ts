/**
 * Face matching in videos, with the real worker pool: a slideshow made by ffmpeg from the fixture photos
 * (a person, a cut to a stranger, a cut back) gives one face per person with the span it is on screen,
 * suggested like a photo's faces; the frame where each is clearest is served; a scan that cannot read its
 * video fails visibly and leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetFacesDto } from '@likeness/shared';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { photo, readPhoto, upload } from './support/media';
import { VideoFactory } from './support/videos';

const SLOW = 180_000;

describe('face matching in videos', () => {
  let server: TestServer;
  let org: TestOrg;
  const videos = new VideoFactory();

  const faces = (assetId: string) => unwrap(org.as.viewer.GET('/api/v1/assets/{id}/faces', { params: { path: { id: assetId } } }));
  const asset = (assetId: string) => unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
  async function scanned(assetId: string, since?: string): Promise<AssetFacesDto> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const f = await faces(assetId);
      if (f.scan && (!since || f.scan.at !== since)) return f;
      if (Date.now() > deadline) throw new Error(`no scan of ${assetId}: ${JSON.stringify(f).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const send = async (file: string, name = path.basename(file)) => {
    const res = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: fs.readFileSync(file), name, type: 'video/mp4' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const tempFiles = () => fs.readdirSync(path.join(server.config.dataDir, 'files', 'tmp'));

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'video-faces');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
  }, SLOW);
  afterAll(async () => {
    videos.cleanup();
    await server?.stop();
  });

  let videoId = '';

  it('one face per person, with the span on screen and the clearest frame; a known person is suggested', async () => {
    // Franck is known from one confirmed photo.
    const ref = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('franck_02159.jpg'));
    const refFaces = await scanned(ref.body.id);
    const franck = await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Franck Example' } }));
    await unwrap(org.as.editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: refFaces.faces[0]!.boxId } }, body: { personId: franck.id } }));

    // Franck (3 s), a cut to a stranger (3 s), a cut back to Franck in another frame (3 s).
    const file = await videos.slideshow('franck-cage-franck.mp4', [photo('franck_02045.jpg'), photo('cage.jpg'), photo('franck_04117.jpg')], 3);
    videoId = await send(file);
    const f = await scanned(videoId);
    expect(f.scan).toMatchObject({ status: 'done', faces: 2, error: null });
    const boxes = (await asset(videoId)).boxes.sort((a, b) => a.startMs! - b.startMs!);
    expect(boxes).toHaveLength(2);
    const [him, stranger] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
    // Franck is on screen from the start to the end (the two parts are one track); the stranger in the middle.
    expect(him.startMs).toBeLessThan(1000);
    expect(him.endMs).toBeGreaterThanOrEqual(6000);
    expect(stranger.startMs).toBeGreaterThanOrEqual(2900);
    expect(stranger.endMs).toBeLessThan(6100);
    for (const b of boxes) expect(b.frameMs).toBeGreaterThanOrEqual(b.startMs!), expect(b.frameMs).toBeLessThanOrEqual(b.endMs!);

    // Matching follows the scan in the background: wait for its suggestion, then check both faces.
    const suggested = async (boxId: string) => (await faces(videoId)).faces.find((x) => x.boxId === boxId)!.suggestions.map((s) => s.personId);
    for (const deadline = Date.now() + 60_000; (await suggested(him.id)).length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
    expect(await suggested(him.id)).toEqual([franck.id]);
    expect(await suggested(stranger.id)).toEqual([]);
    expect(tempFiles(), 'no sampled frames left behind').toEqual([]);
  }, SLOW);

  it('serves the frame where a face is clearest, and nothing past the end or for a photo', async () => {
    const boxes = (await asset(videoId)).boxes;
    const at = boxes[0]!.frameMs!;
    const res = await fetch(`${server.url}/api/v1/assets/${videoId}/frames/${at}`, { headers: { cookie: org.cookies.viewer } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width]).toEqual(['webp', 640]);
    const past = await fetch(`${server.url}/api/v1/assets/${videoId}/frames/600000`, { headers: { cookie: org.cookies.viewer } });
    expect(past.status).toBe(404);
    const bad = await fetch(`${server.url}/api/v1/assets/${videoId}/frames/-5`, { headers: { cookie: org.cookies.viewer } });
    expect(bad.status).toBe(400);
    const photoAsset = (await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { limit: 50 } } }))).items.find((a) => a.kind === 'image')!;
    expect((await fetch(`${server.url}/api/v1/assets/${photoAsset.id}/frames/0`, { headers: { cookie: org.cookies.viewer } })).status).toBe(404);
  });

  it('a 4-hour video is scanned within bounds: key frames only, never more than 360 frames', async () => {
    const id = await send(await videos.synthetic('four-hours.mp4', { width: 64, height: 48, seconds: 4 * 3600 }));
    const f = await scanned(id);
    expect(f.scan).toMatchObject({ status: 'done', faces: 0, error: null });
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.indexed', entityId: id } } }));
    const frames = (audit.items[0]!.after as { frames: number }).frames;
    expect(frames).toBeGreaterThan(20);
    expect(frames).toBeLessThanOrEqual(360);
    expect(tempFiles()).toEqual([]);
  }, SLOW);

  it('a video whose file cannot be read fails its scan visibly, with the reason, and leaves no temp files', async () => {
    const id = await send(await videos.slideshow('lost.mp4', [photo('audrey.jpg')], 2));
    const first = await scanned(id);
    expect(first.scan!.status).toBe('done');
    // The stored original is gone (a disk fault): a re-index must fail, not hang.
    const stored = await server.services.db.asset.findUniqueOrThrow({ where: { id } });
    fs.rmSync(path.join(server.config.dataDir, 'files', stored.storageKey, 'original'));
    const job = await unwrap(org.as.owner.POST('/api/v1/faces/reindex', { body: { force: true } }));
    const failed = await scanned(id, first.scan!.at);
    expect(failed.scan).toMatchObject({ status: 'failed', faces: 0 });
    expect(failed.scan!.error).toMatch(/^The video could not be indexed: /);
    // The run re-scans the other files too: once it is over, nothing of any scan is left in the temp folder.
    for (let status = job.status; status === 'queued' || status === 'running'; ) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await unwrap(org.as.owner.GET('/api/v1/faces/reindex/{id}', { params: { path: { id: job.id } } }))).status;
    }
    expect(tempFiles()).toEqual([]);
  }, SLOW);
});
