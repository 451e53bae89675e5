/** What the task pane needs from a host. Word and PowerPoint each implement it; nothing else touches the host API. */
export type HostKind = 'word' | 'powerpoint';

/** Where an image sits, in the words the user sees: a slide, a page, or (when the host cannot tell pages) its position. */
export interface ImageLocation {
  kind: 'slide' | 'page' | 'position';
  number: number;
}

export interface DocumentImage {
  /** Identifies the image for select/replace/remove within one listing. */
  ref: string;
  /** The asset id read from the image's tags, or null when neither tag survived. */
  assetId: string | null;
  location: ImageLocation;
  /** The alt-text description or shape name, to help the user recognise it. */
  label: string | null;
}

export interface ImageToInsert {
  base64: string;
  assetId: string;
  title: string;
  /** Natural size in pixels; the adapter fits it to the document. */
  width: number;
  height: number;
}

export type Capability = 'insert' | 'list' | 'tagTwice' | 'readBytes' | 'select' | 'replace' | 'remove';

/** A feature the host lacks, and the requirement set that would provide it. */
export interface MissingFeature {
  capability: Capability;
  requirement: string;
}

export interface HostAdapter {
  readonly host: HostKind;
  readonly missing: MissingFeature[];
  can(capability: Capability): boolean;
  insertImage(image: ImageToInsert): Promise<void>;
  listImages(): Promise<DocumentImage[]>;
  /** The image's bytes as base64 (PNG or the original format), or null when the host cannot give them. */
  imageBytes(ref: string): Promise<string | null>;
  select(ref: string): Promise<void>;
  replace(ref: string, image: ImageToInsert): Promise<void>;
  remove(ref: string): Promise<void>;
}

/** Thrown when an action's image is no longer where the last listing found it. */
export class DocumentChangedError extends Error {
  override readonly name = 'DocumentChangedError';
}

/** Thrown when the host refused an action for a known reason the user can fix. */
export class HostActionError extends Error {
  override readonly name = 'HostActionError';
  constructor(
    readonly reason: 'image_selected' | 'no_slide' | 'host_error',
    message: string,
  ) {
    super(message);
  }
}

/** The value both tags of an inserted image carry. */
export const TAG_PREFIX = 'likeness:';
export const SHAPE_TAG_KEY = 'LIKENESS_ASSET';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tagValue(assetId: string): string {
  return TAG_PREFIX + assetId;
}

/** The asset id in a tag value (`likeness:<uuid>`), or null for anything else. */
export function assetIdFromTag(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  const id = trimmed.toLowerCase().startsWith(TAG_PREFIX) ? trimmed.slice(TAG_PREFIX.length) : trimmed;
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** Word and PowerPoint measure in points; images are fitted into the text column / slide with this box. */
export function fitInto(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  const scale = Math.min(1, maxWidth / w, maxHeight / h);
  return { width: Math.round(w * scale), height: Math.round(h * scale) };
}
