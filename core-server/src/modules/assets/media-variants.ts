import { VARIANTS, inspectImage, renderVariant } from '../../media/media.inspector';
import { extractFrame, posterTime, probeVideo, renderClip } from '../../media/video';

export interface MediaLimits {
  maxImagePixels: number;
  maxVideoPixels: number;
  maxVideoSeconds: number;
}

export interface MediaFacts {
  width: number;
  height: number;
  orientation: number | null;
  durationMs: number | null;
  codec: string | null;
  /** Rendered files, as [temp path, name under the asset's storage prefix]. */
  files: Array<[string, string]>;
}

/**
 * What an upload needs before it is stored: its facts and its variants, each rendered to a temp path the
 * caller owns (pushed to `temps` before it is written, so a failure half-way leaves nothing behind).
 * Images: thumbnail and preview WebP. Videos: the same from a poster frame, and a short MP4 clip.
 */
export async function renderMediaVariants(kind: 'image' | 'video', source: string, tempPath: () => string, temps: string[], limits: MediaLimits): Promise<MediaFacts> {
  const temp = () => {
    const path = tempPath();
    temps.push(path);
    return path;
  };
  const files: Array<[string, string]> = [];
  if (kind === 'image') {
    const facts = await inspectImage(source, limits.maxImagePixels);
    for (const [name, size] of Object.entries(VARIANTS)) {
      const target = temp();
      await renderVariant(source, target, size, limits.maxImagePixels);
      files.push([target, `${name}.webp`]);
    }
    return { ...facts, durationMs: null, codec: null, files };
  }

  const facts = await probeVideo(source, limits);
  const poster = temp();
  await extractFrame(source, posterTime(facts.durationMs), poster);
  for (const [name, size] of Object.entries(VARIANTS)) {
    const target = temp();
    await renderVariant(poster, target, size, limits.maxImagePixels);
    files.push([target, `${name}.webp`]);
  }
  const clip = temp();
  await renderClip(source, clip);
  files.push([clip, 'clip.mp4']);
  return { width: facts.width, height: facts.height, orientation: null, durationMs: facts.durationMs, codec: facts.codec, files };
}
