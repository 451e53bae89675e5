/**
 * The document-level registry of inserted images, kept in the document's own settings (saved inside the file by
 * both Word and PowerPoint). It survives the loss of an image's tags: its content hashes let the pane recognise
 * the picture again without asking the server.
 */
export interface RegistryEntry {
  assetId: string;
  sha256: string;
  phash: string | null;
  title: string;
  insertedAt: string;
}

const KEY = 'likeness.images';
const MAX_ENTRIES = 2000;

export class DocumentRegistry {
  constructor(private readonly settings: Office.Settings) {}

  entries(): RegistryEntry[] {
    const raw: unknown = this.settings.get(KEY);
    return Array.isArray(raw) ? raw.filter(isEntry) : [];
  }

  assetIds(): string[] {
    return [...new Set(this.entries().map((e) => e.assetId))];
  }

  /** The asset whose inserted bytes had this SHA-256, if this document recorded it. */
  bySha256(sha256: string): RegistryEntry | undefined {
    return this.entries().find((e) => e.sha256 === sha256);
  }

  async record(entry: RegistryEntry): Promise<void> {
    const others = this.entries().filter((e) => !(e.assetId === entry.assetId && e.sha256 === entry.sha256));
    this.settings.set(KEY, [...others, entry].slice(-MAX_ENTRIES));
    await this.save();
  }

  /** Drops entries for assets no longer in the document. */
  async retain(assetIds: Set<string>): Promise<void> {
    const kept = this.entries().filter((e) => assetIds.has(e.assetId));
    if (kept.length === this.entries().length) return;
    this.settings.set(KEY, kept);
    await this.save();
  }

  private save(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(result.error?.message ?? 'Saving the document settings failed.'))));
    });
  }
}

function isEntry(value: unknown): value is RegistryEntry {
  const e = value as Partial<RegistryEntry> | null;
  return !!e && typeof e.assetId === 'string' && typeof e.sha256 === 'string';
}
