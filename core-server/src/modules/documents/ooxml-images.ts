import path from 'node:path/posix';
import { SHAPE_TAG_KEY, assetIdFromTag } from '@likeness/office-addin/tags';
import { refuse, type OoxmlPackage, type PackageLimits } from '../../media/ooxml-package';

export type DocumentFormat = 'docx' | 'pptx';
export type LocationKind = 'slide' | 'page' | 'header' | 'footer' | 'layout' | 'master' | 'notes' | 'other';

export interface ImageLocation {
  kind: LocationKind;
  number: number | null;
}

/** One image part of the package, with every place that shows it and the asset ids its tags name. */
export interface PackageImage {
  part: string;
  contentType: string;
  locations: ImageLocation[];
  taggedAssetIds: string[];
}

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  emf: 'image/x-emf',
  wmf: 'image/x-wmf',
};
const IMAGE_REL = /\/image$/;

/** Which Office format this package is, from its main part. */
export function detectFormat(pkg: OoxmlPackage, limits: PackageLimits): DocumentFormat {
  if (!pkg.has('[Content_Types].xml')) refuse('not_office', 'This zip is not an Office document (no [Content_Types].xml).', limits);
  if (pkg.has('word/document.xml')) return 'docx';
  if (pkg.has('ppt/presentation.xml')) return 'pptx';
  refuse('not_office', 'Only Word (.docx) and PowerPoint (.pptx) documents can be checked.', limits);
}

/** Every image part, where it appears, and the add-in's tags on the pictures that show it. */
export async function findImages(pkg: OoxmlPackage, format: DocumentFormat, limits: PackageLimits): Promise<PackageImage[]> {
  const images = new Map<string, PackageImage>();
  for (const name of pkg.entries.keys()) {
    const ext = /\/media\/[^/]+\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
    if (ext && IMAGE_TYPES[ext]) images.set(name, { part: name, contentType: IMAGE_TYPES[ext]!, locations: [], taggedAssetIds: [] });
  }
  if (images.size > limits.maxImages) {
    refuse('too_many_images', `The document contains ${images.size} images; at most ${limits.maxImages} can be checked at once.`, limits);
  }
  for (const { part, location } of await partsInOrder(pkg, format)) {
    const xml = await pkg.readText(part);
    if (xml === null) continue;
    const rels = await relationships(pkg, part);
    for (const pic of pictures(xml, format)) {
      const target = rels.get(pic.embedId);
      const image = target ? images.get(target.target) : undefined;
      if (!image) continue;
      if (!image.locations.some((l) => l.kind === location.kind && l.number === location.number)) image.locations.push(location);
      const tagIds = [assetIdFromTag(pic.title), assetIdFromTag(pic.controlTag)];
      if (pic.tagsRelId) tagIds.push(await shapeTag(pkg, rels.get(pic.tagsRelId)?.target));
      for (const id of tagIds) if (id && !image.taggedAssetIds.includes(id)) image.taggedAssetIds.push(id);
    }
    // Images reached another way (VML in old documents, backgrounds) still count where their part is.
    for (const rel of rels.values()) {
      const image = rel.image ? images.get(rel.target) : undefined;
      if (image && image.locations.length === 0) image.locations.push(location);
    }
  }
  for (const image of images.values()) if (image.locations.length === 0) image.locations.push({ kind: 'other', number: null });
  return [...images.values()];
}

interface Part {
  part: string;
  location: ImageLocation;
}

async function partsInOrder(pkg: OoxmlPackage, format: DocumentFormat): Promise<Part[]> {
  const names = [...pkg.entries.keys()];
  if (format === 'docx') {
    const kindOf = (n: string): LocationKind | null =>
      n === 'word/document.xml' ? 'page' : /^word\/header\d*\.xml$/.test(n) ? 'header' : /^word\/footer\d*\.xml$/.test(n) ? 'footer' : null;
    return names.flatMap((part) => {
      const kind = kindOf(part);
      return kind ? [{ part, location: { kind, number: null } }] : [];
    });
  }
  const presentationRels = await relationships(pkg, 'ppt/presentation.xml');
  const presentation = (await pkg.readText('ppt/presentation.xml')) ?? '';
  const slides: Part[] = [];
  for (const match of presentation.matchAll(/<p:sldId\b[^>]*\br:id="([^"]+)"/g)) {
    const target = presentationRels.get(match[1]!)?.target;
    if (target) slides.push({ part: target, location: { kind: 'slide', number: slides.length + 1 } });
  }
  const others = names.flatMap((part): Part[] => {
    if (/^ppt\/slideLayouts\/[^/]+\.xml$/.test(part)) return [{ part, location: { kind: 'layout', number: null } }];
    if (/^ppt\/slideMasters\/[^/]+\.xml$/.test(part)) return [{ part, location: { kind: 'master', number: null } }];
    if (/^ppt\/notesSlides\/[^/]+\.xml$/.test(part)) return [{ part, location: { kind: 'notes', number: null } }];
    return [];
  });
  return [...slides, ...others];
}

interface Relationship {
  target: string;
  image: boolean;
}

/** A part's relationships: id → target resolved to a package path. */
async function relationships(pkg: OoxmlPackage, part: string): Promise<Map<string, Relationship>> {
  const relsPath = path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
  const xml = await pkg.readText(relsPath);
  const out = new Map<string, Relationship>();
  if (!xml) return out;
  for (const match of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = match[0];
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (!id || !target || attr(tag, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : path.normalize(path.join(path.dirname(part), target));
    out.set(id, { target: resolved, image: IMAGE_REL.test(attr(tag, 'Type') ?? '') });
  }
  return out;
}

interface Picture {
  embedId: string;
  title: string | null;
  controlTag: string | null;
  tagsRelId: string | null;
}

/** The pictures of a slide (`p:pic`) or document part (`w:drawing`, inside a tagged content control or not). */
function pictures(xml: string, format: DocumentFormat): Picture[] {
  const out: Picture[] = [];
  if (format === 'pptx') {
    for (const block of xml.matchAll(/<p:pic\b[\s\S]*?<\/p:pic>/g)) {
      const embedId = /<a:blip\b[^>]*\br:embed="([^"]+)"/.exec(block[0])?.[1];
      if (!embedId) continue;
      const cNvPr = /<p:cNvPr\b[^>]*>/.exec(block[0])?.[0] ?? '';
      out.push({ embedId, title: attr(cNvPr, 'title'), controlTag: null, tagsRelId: /<p:tags\b[^>]*\br:id="([^"]+)"/.exec(block[0])?.[1] ?? null });
    }
    return out;
  }
  // Content controls around pictures: remember each control's span and tag.
  const controls = [...xml.matchAll(/<w:sdt>[\s\S]*?<\/w:sdt>/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    tag: /<w:tag\b[^>]*\bw:val="([^"]*)"/.exec(m[0])?.[1] ?? null,
  }));
  for (const block of xml.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)) {
    const embedId = /<a:blip\b[^>]*\br:embed="([^"]+)"/.exec(block[0])?.[1];
    if (!embedId) continue;
    const docPr = /<wp:docPr\b[^>]*>/.exec(block[0])?.[0] ?? '';
    const control = controls.find((c) => c.start <= block.index && block.index < c.end);
    out.push({ embedId, title: attr(docPr, 'title'), controlTag: control?.tag ? decode(control.tag) : null, tagsRelId: null });
  }
  return out;
}

async function shapeTag(pkg: OoxmlPackage, part: string | undefined): Promise<string | null> {
  const xml = part ? await pkg.readText(part) : null;
  if (!xml) return null;
  for (const match of xml.matchAll(/<p:tag\b[^>]*>/g)) {
    if (attr(match[0], 'name')?.toUpperCase() === SHAPE_TAG_KEY) return assetIdFromTag(attr(match[0], 'val'));
  }
  return null;
}

function attr(tag: string, name: string): string | null {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? null : decode(value);
}

function decode(value: string): string {
  return value.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}
