import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../../src/media/video';

/** Videos made by the tests with the server's own ffmpeg, in a folder removed by `cleanup()`. */
export class VideoFactory {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-videos-'));

  /** A slideshow of photos, `secondsEach` per photo, hard cuts between them, H.264 in MP4. */
  async slideshow(name: string, photos: string[], secondsEach: number, size = { width: 640, height: 480 }): Promise<string> {
    const out = path.join(this.dir, name);
    const inputs = photos.flatMap((p) => ['-loop', '1', '-t', String(secondsEach), '-framerate', '25', '-i', p]);
    const scaled = photos.map((_, i) => `[${i}:v]scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease,pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v${i}]`);
    const filter = `${scaled.join(';')};${photos.map((_, i) => `[v${i}]`).join('')}concat=n=${photos.length}:v=1:a=0[out]`;
    await runTool('ffmpeg', ['-v', 'error', ...inputs, '-filter_complex', filter, '-map', '[out]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-r', '25', '-movflags', '+faststart', '-y', out], 120_000);
    return out;
  }

  /** A synthetic picture (a moving test pattern) of any size and length, cheap to encode at a low frame rate. */
  async synthetic(name: string, { width, height, seconds, fps = 1 }: { width: number; height: number; seconds: number; fps?: number }): Promise<string> {
    const out = path.join(this.dir, name);
    await runTool('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', out], 300_000);
    return out;
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
