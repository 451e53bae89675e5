import fs from 'node:fs';
import { sampleFrames } from '../../media/video-frames';
import type { FacePool } from './face-pool';
import { buildTracks, type FaceTrack, type FrameFaces } from './face-tracks';

/**
 * The faces of a video, one per person: frames sampled (scene changes plus a steady rate, bounded), each
 * detected and embedded in the worker pool (every worker busy), the detections merged into tracks. The
 * frames are written to `dir`, which is removed whatever happens.
 */
export async function detectVideoFaces(
  pool: FacePool,
  video: { path: string; durationMs: number; width: number | null },
  dir: string,
  maxPixels: number,
): Promise<{ tracks: FaceTrack[]; frames: number }> {
  fs.mkdirSync(dir, { recursive: true });
  try {
    const frames = await sampleFrames(video.path, video.durationMs, dir);
    if (frames.length === 0) throw new Error('no frame could be decoded');
    // Frames are at most 1280 px wide: sizes are given in the video's own pixels, as a photo's are.
    const scale = video.width && video.width > 1280 ? video.width / 1280 : 1;
    const detected = new Array<FrameFaces>(frames.length);
    let next = 0;
    const worker = async () => {
      while (next < frames.length) {
        const i = next++;
        const faces = await pool.detect({ path: frames[i]!.path, maxPixels });
        detected[i] = { atMs: frames[i]!.atMs, cut: frames[i]!.cut, faces: faces.map((f) => ({ ...f, sizePx: Math.round(f.sizePx * scale) })) };
        fs.rmSync(frames[i]!.path, { force: true }); // a long video's frames need not all sit on disk
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, pool.size) }, worker));
    return { tracks: buildTracks(detected), frames: frames.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
