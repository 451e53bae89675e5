import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../src/media/video';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';
import { photo, upload } from './support/media';
import { VideoFactory } from './support/videos';

/** Videos made here by ffmpeg (from the fixture photos) and a real recording: facts, poster, clip, and bad input. */
describe('videos', () => {
  let server: TestServer;
  let org: TestOrg;
  const videos = new VideoFactory();

  const mp4 = (file: string, name = path.basename(file)) => ({ bytes: fs.readFileSync(file), name, type: 'video/mp4' });
  const send = (file: { bytes: Buffer; name: string; type: string }) => upload(server.url, '/api/v1/assets', org.cookies.editor, file);
  const fetchVariant = async (id: string, variant: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/v1/assets/${id}/files/${variant}`, { headers: { cookie: org.cookies.viewer, ...headers } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const probe = async (bytes: Buffer) => {
    const file = path.join(videos.dir, `probe-${Date.now()}.mp4`);
    fs.writeFileSync(file, bytes);
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], 30_000);
    return JSON.parse(stdout.toString()) as { format: { duration: string }; streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }> };
  };
  const tempFiles = () => fs.readdirSync(path.join(server.config.dataDir, 'files', 'tmp'));

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'videos');
  });
  afterAll(async () => {
    videos.cleanup();
    await server.stop();
  });

  it('a slideshow of known faces with a cut: duration, size and codec, a poster from its first second, and a short clip', async () => {
    const file = await videos.slideshow('slideshow.mp4', [photo('audrey.jpg'), photo('cage.jpg')], 4);
    const res = await send(mp4(file));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'video', contentType: 'video/mp4', width: 640, height: 480, codec: 'h264', hasThumbnail: true });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(7900);
    expect(res.body.durationMs).toBeLessThanOrEqual(8100);

    for (const [variant, longSide] of [['thumbnail', 320], ['preview', 640]] as const) {
      const image = await fetchVariant(res.body.id, variant);
      expect(image.type).toBe('image/webp');
      const meta = await sharp(image.bytes).metadata();
      expect({ variant, format: meta.format, width: meta.width }).toEqual({ variant, format: 'webp', width: longSide });
    }
    // The poster is the first photo (a second in), not the second one after the cut.
    const poster = await sharp((await fetchVariant(res.body.id, 'preview')).bytes).resize(32, 24).raw().toBuffer();
    const first = await sharp(photo('audrey.jpg')).resize(640, 480, { fit: 'contain' }).resize(32, 24).raw().toBuffer();
    const second = await sharp(photo('cage.jpg')).resize(640, 480, { fit: 'contain' }).resize(32, 24).raw().toBuffer();
    const distance = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
    expect(distance(poster, first)).toBeLessThan(distance(poster, second));

    const clip = await fetchVariant(res.body.id, 'clip');
    expect(clip.type).toBe('video/mp4');
    const facts = await probe(clip.bytes);
    expect(facts.streams.map((s) => s.codec_type)).toEqual(['video']); // silent
    expect(facts.streams[0]).toMatchObject({ codec_name: 'h264', height: 480 });
    expect(Number(facts.format.duration)).toBeLessThanOrEqual(6.1);
    // Browsers seek in a video with range requests.
    const range = await fetch(`${server.url}/api/v1/assets/${res.body.id}/files/clip`, { headers: { cookie: org.cookies.viewer, range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(100);
    expect(tempFiles(), 'no poster frame left behind').toEqual([]);
  });

  it('a real recording (200 s, 360×288): read from its index, clipped to six seconds', async () => {
    const res = await send(mp4(photo('franck.mp4')));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ width: 360, height: 288, durationMs: 200_000, codec: 'h264' });
    const clip = await probe((await fetchVariant(res.body.id, 'clip')).bytes);
    expect(Number(clip.format.duration)).toBeCloseTo(6, 0);
    expect((await fetchVariant(res.body.id, 'original')).bytes.equals(fs.readFileSync(photo('franck.mp4')))).toBe(true);
  });

  it('refuses a video cut short, one with its index at the end cut off, and a picture that claims to be a video', async () => {
    const whole = fs.readFileSync(await videos.slideshow('to-cut.mp4', [photo('audrey.jpg'), photo('cage.jpg')], 3));
    const cutShort = await send({ bytes: whole.subarray(0, Math.floor(whole.length * 0.6)), name: 'cut.mp4', type: 'video/mp4' });
    expect(cutShort.status).toBe(422);
    expect(cutShort.body.error).toMatchObject({ code: 'invalid_file' });
    expect(cutShort.body.error.message).toMatch(/cut short/);

    const recording = fs.readFileSync(photo('franck.mp4'));
    const noIndex = await send({ bytes: recording.subarray(0, 3_000_000), name: 'franck-part.mp4', type: 'video/mp4' });
    expect(noIndex.status).toBe(422);
    expect(noIndex.body.error.code).toBe('invalid_file');

    const liar = await send({ bytes: fs.readFileSync(photo('cage.jpg')), name: 'holiday.mp4', type: 'video/mp4' });
    expect(liar.status).toBe(415);
    expect(liar.body.error.code).toBe('unsupported_media_type');

    // An MP4 header with nothing behind it.
    const garbage = Buffer.concat([whole.subarray(0, 32), Buffer.alloc(50_000, 7)]);
    const broken = await send({ bytes: garbage, name: 'broken.mp4', type: 'video/mp4' });
    expect([415, 422]).toContain(broken.status);
    expect(tempFiles(), 'nothing left behind').toEqual([]);
    expect(fs.readdirSync(path.join(server.config.dataDir, 'files', 'assets', org.tenantId)).length, 'only the stored videos').toBe(2);
  });

  it('refuses a 16K video before decoding a frame, and a video longer than the limit; a 4-hour one is within it', async () => {
    const huge = await send(mp4(await videos.synthetic('16k.mp4', { width: 15360, height: 8640, seconds: 1 })));
    expect(huge.status).toBe(422);
    expect(huge.body.error).toMatchObject({ code: 'video_too_large' });
    expect(huge.body.error.message).toContain('15360×8640');

    const fourHours = await videos.synthetic('4h.mp4', { width: 64, height: 48, seconds: 4 * 3600 });
    const accepted = await send(mp4(fourHours));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.durationMs).toBe(4 * 3600 * 1000);
    expect((await fetchVariant(accepted.body.id, 'thumbnail')).status).toBe(200);

    const strict = await startTestServer({ maxVideoSeconds: 3 * 3600 });
    try {
      const other = await createOrg(strict, 'videos-strict');
      const refused = await upload(strict.url, '/api/v1/assets', other.cookies.editor, { ...mp4(fourHours), name: 'long.mp4' });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'video_too_large', message: 'The video is 4:00:00 long; the limit is 3:00:00.' });
    } finally {
      await strict.stop();
    }
    expect(tempFiles()).toEqual([]);
  }, 120_000);
});
