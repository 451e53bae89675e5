/**
 * `npm run bench -- video [--seconds 60]`
 *
 * Face scanning of a video on the real server: a 1080p video made by ffmpeg from the fixture photos, three
 * people in four shots (A, B, C, then A again after the cuts), is uploaded with face matching on, and the clock
 * runs from the upload's answer until its scan is recorded. Reports the frames sampled and scanned per
 * second, the tracks found (goal: exactly 3: the person who comes back is the same track), the upload's own
 * time (probe, poster, clip), and the peak RSS of the server (workers are threads, so included).
 * Last stdout line: one JSON object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { unwrap } from '@likeness/sdk';
import { createOrg } from '../test/support/test-server';
import { photo } from '../test/support/media';
import { VideoFactory } from '../test/support/videos';
import { round, startBenchServer, type BenchMain } from './support';

const GOAL_TRACKS = 3;

const main: BenchMain = async (args) => {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string', default: '60' } } });
  const seconds = Number(values.seconds);
  const videos = new VideoFactory();
  const t0 = performance.now();
  const file = await videos.slideshow('bench-1080p.mp4', [photo('franck_02159.jpg'), photo('cage.jpg'), photo('audrey.jpg'), photo('franck_03909.jpg')], seconds / 4, { width: 1920, height: 1080 });
  const makeMs = performance.now() - t0;
  const bench = await startBenchServer();
  try {
    const { server } = bench;
    const org = await createOrg(server, 'video-bench');
    await server.services.faces.pool.warmup();
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(file)], { type: 'video/mp4' }), 'bench-1080p.mp4');
    const u0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/assets`, { method: 'POST', body: form, headers: { cookie: org.cookies.editor } });
    const uploaded = (await res.json()) as { id: string };
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(uploaded)}`);
    const uploadMs = performance.now() - u0;
    const s0 = performance.now();
    let scan: { status: string; faces: number; error: string | null } | null = null;
    while (!scan) {
      await new Promise((r) => setTimeout(r, 100));
      scan = (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}/faces', { params: { path: { id: uploaded.id } } }))).scan;
    }
    const scanMs = performance.now() - s0;
    clearInterval(sampler);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'face.indexed', entityId: uploaded.id } } }));
    const frames = Number((audit.items[0]?.after as { frames?: number } | null)?.frames ?? 0);
    const asset = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: uploaded.id } } }));
    const tracks = asset.boxes
      .filter((b) => b.startMs !== null)
      .map((b) => ({ from_s: round(b.startMs! / 1000, 1), to_s: round(b.endMs! / 1000, 1), clearest_s: round(b.frameMs! / 1000, 1) }));
    const figures = {
      bench: 'video',
      video_s: seconds,
      resolution: '1920x1080',
      cores: os.availableParallelism(),
      workers: server.services.faces.pool.size,
      scan_status: scan.status,
      scan_error: scan.error,
      frames,
      frames_per_s: round(frames / (scanMs / 1000), 2),
      scan_s: round(scanMs / 1000, 2),
      upload_s: round(uploadMs / 1000, 2),
      tracks: tracks.length,
      goal_tracks: GOAL_TRACKS,
      peak_rss_mb: round(peakRss / 2 ** 20, 0),
      make_video_s: round(makeMs / 1000, 1),
      load_average: os.loadavg().map((l) => round(l, 2)),
    };
    console.log(`video: ${seconds} s at 1920×1080, four shots of three people; ${figures.workers} face workers on ${figures.cores} cores`);
    console.log(`upload (probe, poster, clip): ${figures.upload_s} s; scan: ${frames} frames in ${figures.scan_s} s (${figures.frames_per_s} frames/s)`);
    console.log(`tracks: ${tracks.length} (goal ${GOAL_TRACKS}): ${tracks.map((t) => `${t.from_s}–${t.to_s} s`).join(', ')}; peak RSS ${figures.peak_rss_mb} MB`);
    console.log(JSON.stringify(figures));
    return tracks.length === GOAL_TRACKS && scan.status === 'done' ? 0 : 1;
  } finally {
    await bench.stop();
    videos.cleanup();
  }
};

export default main;
