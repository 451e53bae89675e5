import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { AppError } from '@likeness/shared';

/**
 * Videos through ffmpeg and ffprobe, the static binaries that ship inside their npm packages
 * (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe), found at runtime. Every run has a time limit and is
 * killed when it passes it; output goes to paths the caller owns and removes.
 */

const requireFromHere = createRequire(import.meta.url);
const binaries = new Map<string, string | null>();

function binary(tool: 'ffmpeg' | 'ffprobe'): string {
  if (!binaries.has(tool)) {
    let found: string | null = null;
    try {
      const candidate = (requireFromHere(`@${tool}-installer/${tool}`) as { path: string }).path;
      fs.accessSync(candidate, fs.constants.X_OK);
      found = candidate;
    } catch {
      found = null;
    }
    binaries.set(tool, found);
  }
  const found = binaries.get(tool);
  if (!found) {
    throw new AppError('unavailable', `This server cannot process videos: there is no ${tool} for ${process.platform}-${process.arch} (npm package @${tool}-installer/${process.platform}-${process.arch}).`);
  }
  return found;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs ffmpeg or ffprobe; rejects with the tail of stderr on a non-zero exit or when `timeoutMs` passes.
 * `stderrLimit` bounds the stderr kept (its tail): raise it for output read from stderr (showinfo).
 */
export function runTool(tool: 'ffmpeg' | 'ffprobe', args: string[], timeoutMs: number, stderrLimit = 4000): Promise<RunResult> {
  const command = binary(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['-hide_banner', ...(tool === 'ffmpeg' ? ['-nostdin'] : []), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-stderrLimit)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${tool} did not finish within ${Math.round(timeoutMs / 1000)} s`));
      else if (code !== 0) reject(new Error(`${tool} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve({ stdout: Buffer.concat(out), stderr: err });
    });
  });
}

export interface VideoFacts {
  width: number;
  height: number;
  durationMs: number;
  codec: string;
  frameRate: number | null;
}

export interface VideoLimits {
  maxVideoPixels: number;
  maxVideoSeconds: number;
}

/** Duration, displayed dimensions and codec; refuses what cannot be read and what is over the limits. */
export async function probeVideo(filePath: string, limits: VideoLimits): Promise<VideoFacts> {
  let answer: { streams?: Array<Record<string, unknown>>; format?: { duration?: string } };
  try {
    // -count_packets reads the whole file (no decoding): a file cut short has fewer packets than its index lists.
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-count_packets', '-print_format', 'json', '-show_format', '-show_streams', '-select_streams', 'v:0', filePath], 120_000);
    answer = JSON.parse(stdout.toString('utf8'));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_file', 'The video could not be read; it may be damaged or cut short.');
  }
  const stream = answer.streams?.[0];
  const width = Number(stream?.width);
  const height = Number(stream?.height);
  const seconds = Number(answer.format?.duration ?? stream?.duration);
  if (!stream || !(width > 0) || !(height > 0)) throw new AppError('invalid_file', 'The file has no video picture that can be read.');
  if (!(seconds > 0)) throw new AppError('invalid_file', 'The video has no duration that can be read; it may be cut short.');
  const listed = Number(stream.nb_frames);
  const readable = Number(stream.nb_read_packets);
  if (listed > 0 && readable >= 0 && readable < listed * 0.99) {
    throw new AppError('invalid_file', `The video is cut short: ${readable} of its ${listed} frames are in the file.`);
  }
  if (width * height > limits.maxVideoPixels) {
    throw new AppError('video_too_large', `The video is ${width}×${height} pixels; the limit is ${Math.round(limits.maxVideoPixels / 1e6)} megapixels a frame.`);
  }
  if (seconds > limits.maxVideoSeconds) {
    throw new AppError('video_too_large', `The video is ${formatDuration(seconds * 1000)} long; the limit is ${formatDuration(limits.maxVideoSeconds * 1000)}.`);
  }
  // Phones record upright video as landscape with a rotation: the picture is shown turned.
  const rotation = Math.abs(Number((stream.tags as Record<string, string> | undefined)?.rotate ?? rotationOf(stream)) % 180);
  const [num, den] = String(stream.avg_frame_rate ?? '0/1').split('/').map(Number);
  return {
    width: rotation === 90 ? height : width,
    height: rotation === 90 ? width : height,
    durationMs: Math.round(seconds * 1000),
    codec: String(stream.codec_name ?? 'unknown'),
    frameRate: num && den ? Math.round((num / den) * 100) / 100 : null,
  };
}

function rotationOf(stream: Record<string, unknown>): number {
  const side = (stream.side_data_list as Array<Record<string, unknown>> | undefined)?.find((s) => typeof s.rotation === 'number');
  return side ? Number(side.rotation) : 0;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** One frame as PNG at `atMs` (the poster): the decoder proves the picture data is there, not only the header. */
export async function extractFrame(filePath: string, atMs: number, target: string): Promise<void> {
  try {
    await runTool('ffmpeg', ['-v', 'error', '-ss', (atMs / 1000).toFixed(3), '-i', filePath, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-y', target], 60_000);
    if (!fs.existsSync(target) || fs.statSync(target).size === 0) throw new Error('no frame');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_file', 'No picture could be decoded from the video; it may be damaged or cut short.');
  }
}

/** Where the poster comes from: a second in (past fades from black), never past the middle of a short clip. */
export function posterTime(durationMs: number): number {
  return Math.min(1000, Math.floor(durationMs / 2));
}

/** A short, silent MP4 to play in the dashboard: the first seconds, at most 480 px high, H.264 that every browser plays. */
export async function renderClip(filePath: string, target: string, seconds = 6): Promise<void> {
  try {
    await runTool(
      'ffmpeg',
      ['-v', 'error', '-i', filePath, '-t', String(seconds), '-an', '-vf', "scale='min(854,iw)':'min(480,ih)':force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2", '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', '-y', target],
      120_000,
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_file', 'The video could not be decoded; it may be damaged or cut short.');
  }
}
