import fsp from 'node:fs/promises';
import type { FileStorage } from '../../storage/file.storage';
import type { MaintenanceRepository } from './maintenance.repository';

interface Candidate {
  /** The key a row would hold: an asset's folder (`assets/<tenant>/<sha256>`) or a document (`documents/<tenant>/<id>`). */
  key: string;
  tenantId: string;
  kind: 'asset' | 'document';
  files: Array<{ key: string; mtimeMs: number }>;
}

/**
 * Removes files no row references: what a crash between a commit and its file removal (an erasure, a
 * deleted asset) or between writing files and their row left behind. Only files older than the grace
 * period go, so an upload in progress (files first, row last) is never touched; each file is checked
 * again just before it is removed, so several nodes sweeping at once do no harm.
 */
export class OrphanFileSweep {
  constructor(
    private readonly storage: FileStorage,
    private readonly repo: MaintenanceRepository,
    private readonly graceMs: number,
  ) {}

  async run(now = Date.now()): Promise<number> {
    const cutoff = now - this.graceMs;
    let removed = 0;
    // Temp files are never referenced: an upload is streamed, checked and moved within one request.
    for (const f of await this.storage.files('tmp')) if (f.mtimeMs < cutoff && (await this.removeIfOld(f.key, cutoff))) removed++;

    const candidates = new Map<string, Candidate>();
    for (const [prefix, kind, depth] of [['assets', 'asset', 3], ['documents', 'document', 3]] as const) {
      for (const f of await this.storage.files(prefix)) {
        const parts = f.key.split('/');
        if (parts.length < depth) continue;
        const key = parts.slice(0, depth).join('/');
        const c = candidates.get(key) ?? { key, tenantId: parts[1]!, kind, files: [] };
        c.files.push(f);
        candidates.set(key, c);
      }
    }
    // Only candidates whose every file is past the grace period: a folder being filled is young.
    const old = [...candidates.values()].filter((c) => c.files.every((f) => f.mtimeMs < cutoff));
    const byTenant = new Map<string, Candidate[]>();
    for (const c of old) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
    for (const [tenantId, list] of byTenant) {
      for (let i = 0; i < list.length; i += 500) {
        const page = list.slice(i, i + 500);
        const keys = (kind: Candidate['kind']) => page.filter((c) => c.kind === kind).map((c) => c.key);
        const referenced = await this.repo.referencedKeys(tenantId, keys('asset'), keys('document'));
        for (const c of page) {
          if (referenced.has(c.key)) continue;
          for (const f of c.files) if (await this.removeIfOld(f.key, cutoff)) removed++;
        }
      }
    }
    return removed;
  }

  /** Re-reads the file's time right before removing it: a file rewritten meanwhile stays. */
  private async removeIfOld(key: string, cutoff: number): Promise<boolean> {
    const path = this.storage.pathOf(key);
    const stat = await fsp.stat(path).catch(() => null);
    if (!stat || stat.mtimeMs >= cutoff) return false;
    await fsp.rm(path, { force: true });
    return true;
  }
}
