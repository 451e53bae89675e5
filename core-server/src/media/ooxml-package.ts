import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import { AppError } from '@likeness/shared';

/** What an uploaded Office document may be; every refusal states them. */
export interface PackageLimits {
  maxBytes: number;
  maxEntries: number;
  maxImages: number;
  maxUncompressedBytes: number;
  /** Per entry, for entries over 1 MB uncompressed: more than this means a zip bomb. */
  maxCompressionRatio: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxEntries: 20_000,
  maxImages: 2_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

export interface PackageEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Password-protected Office files are not zips but OLE compound files holding the encrypted package. */
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const RATIO_FLOOR_BYTES = 1024 * 1024;

export function refuse(reason: string, message: string, limits: PackageLimits): never {
  throw new AppError('invalid_file', message, { reason, limits });
}

/**
 * A zip read through its central directory, from a file on disk: only the entries asked for are inflated, each
 * capped at its declared size, so neither the upload nor a bomb inside it is ever held or expanded whole.
 */
export class OoxmlPackage {
  private constructor(
    private readonly file: fs.FileHandle,
    readonly entries: Map<string, PackageEntry>,
    private readonly limits: PackageLimits,
  ) {}

  /** `what` names the expected file in refusals: Word and PowerPoint documents, or a spreadsheet. */
  static async open(path: string, limits: PackageLimits, what = 'a .docx or .pptx file'): Promise<OoxmlPackage> {
    const file = await fs.open(path, 'r');
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(8);
      await file.read(head, 0, 8, 0);
      if (head.equals(CFB_MAGIC)) {
        refuse('encrypted', 'The file is password-protected (encrypted). Remove the password in Office and upload it again.', limits);
      }
      if (head.readUInt32LE(0) !== LOCAL_SIGNATURE) refuse('not_a_zip', `This is not ${what} (not a zip package).`, limits);
      const entries = await readCentralDirectory(file, size, limits, what);
      return new OoxmlPackage(file, entries, limits);
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  async read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No entry ${name}`);
    const local = Buffer.alloc(30);
    await this.file.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) refuse('corrupt', `The package is damaged (entry ${name}).`, this.limits);
    const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const compressed = Buffer.alloc(entry.compressedSize);
    await this.file.read(compressed, 0, entry.compressedSize, dataStart);
    if (entry.method === 0) return compressed;
    try {
      // The declared size was checked against the limits; inflating past it means the header lied.
      return zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(entry.size, 1) });
    } catch {
      refuse('zip_bomb', `Entry ${name} inflates beyond its declared size: refused as a possible zip bomb.`, this.limits);
    }
  }

  async readText(name: string): Promise<string | null> {
    return this.has(name) ? (await this.read(name)).toString('utf8') : null;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

async function readCentralDirectory(file: fs.FileHandle, size: number, limits: PackageLimits, what: string): Promise<Map<string, PackageEntry>> {
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) refuse('not_a_zip', `This is not ${what} (no zip directory found; the file may be truncated).`, limits);
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) refuse('zip64', 'ZIP64 packages are not supported; Office writes them only past 4 GB.', limits);
  if (count > limits.maxEntries) refuse('too_many_entries', `The package has ${count} entries; at most ${limits.maxEntries} are accepted.`, limits);
  if (dirOffset + dirSize > size) refuse('corrupt', 'The package is damaged (its directory points past the end of the file).', limits);
  const dir = Buffer.alloc(dirSize);
  await file.read(dir, 0, dirSize, dirOffset);
  const entries = new Map<string, PackageEntry>();
  let total = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_SIGNATURE) refuse('corrupt', 'The package is damaged (bad directory entry).', limits);
    const flags = dir.readUInt16LE(p + 8);
    const method = dir.readUInt16LE(p + 10);
    const compressedSize = dir.readUInt32LE(p + 20);
    const entrySize = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const localHeaderOffset = dir.readUInt32LE(p + 42);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) refuse('encrypted', 'The package is encrypted. Remove the password and upload it again.', limits);
    if (method !== 0 && method !== 8) refuse('corrupt', `Entry ${name} uses an unsupported compression method (${method}).`, limits);
    total += entrySize;
    if (total > limits.maxUncompressedBytes) {
      refuse('zip_bomb', `The package expands to more than ${limits.maxUncompressedBytes} bytes: refused as a possible zip bomb.`, limits);
    }
    if (entrySize > RATIO_FLOOR_BYTES && entrySize > compressedSize * limits.maxCompressionRatio) {
      refuse('zip_bomb', `Entry ${name} is compressed more than ${limits.maxCompressionRatio}:1: refused as a possible zip bomb.`, limits);
    }
    entries.set(name, { name, method, compressedSize, size: entrySize, localHeaderOffset });
  }
  return entries;
}
