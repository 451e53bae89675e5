import fs from 'node:fs';
import path from 'node:path';
import { runTool } from './video';

export interface SampledFrame {
  path: string;
  atMs: number;
  /** A scene change (a cut) just before this frame: what was on screen before is not continued in place. */
  cut: boolean;
}

/** At most this many frames are read from one video, however long: a scan stays bounded. */
export const MAX_SAMPLED_FRAMES = 360;
/** Videos longer than this are sampled from key frames only (no full decode for scene changes). */
const SCENE_DETECTION_MAX_MS = 20 * 60_000;

/**
 * Frames for face detection, written as JPEG (at most 1280 px wide) into `dir`: one at every scene change
 * (a cut brings new faces) and otherwise one every `interval`, the interval widening for long videos so that
 * no more than MAX_SAMPLED_FRAMES are read. Returns them in time order with their times.
 */
export async function sampleFrames(filePath: string, durationMs: number, dir: string): Promise<SampledFrame[]> {
  const intervalS = Math.max(1, durationMs / 1000 / (MAX_SAMPLED_FRAMES * 0.75));
  const long = durationMs > SCENE_DETECTION_MAX_MS;
  const pick = long ? `isnan(prev_selected_t)+gte(t-prev_selected_t\\,${intervalS.toFixed(3)})` : `isnan(prev_selected_t)+gt(scene\\,0.3)+gte(t-prev_selected_t\\,${intervalS.toFixed(3)})`;
  const args = [
    '-v', 'info',
    ...(long ? ['-skip_frame', 'nokey'] : []),
    '-i', filePath,
    '-an',
    '-vf', `select='${pick}',metadata=print:key=lavfi.scene_score,scale='min(1280,iw)':-2`,
    '-vsync', 'vfr',
    '-frames:v', String(MAX_SAMPLED_FRAMES),
    '-q:v', '3',
    '-f', 'image2',
    path.join(dir, '%05d.jpg'),
  ];
  // A generous limit: a full decode of a long 4K video takes a while on one core.
  const { stderr } = await runTool('ffmpeg', args, 30 * 60_000, 4_000_000);
  // The metadata filter prints each selected frame's time, then its scene score (when scenes are detected).
  const selected: Array<{ atMs: number; cut: boolean }> = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('Parsed_metadata')) continue;
    const time = /\bpts_time:\s*(-?[\d.]+)/.exec(line);
    const score = /lavfi\.scene_score=([\d.]+)/.exec(line);
    if (time) selected.push({ atMs: Math.max(0, Math.round(Number(time[1]) * 1000)), cut: false });
    else if (score && selected.length > 1) selected[selected.length - 1]!.cut = Number(score[1]) > 0.3;
  }
  const files = fs.readdirSync(dir).filter((f) => /^\d{5}\.jpg$/.test(f)).sort();
  return files.map((f, i) => ({ path: path.join(dir, f), atMs: selected[i]?.atMs ?? Math.round(i * intervalS * 1000), cut: selected[i]?.cut ?? false }));
}
