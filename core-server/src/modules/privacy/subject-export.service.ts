import fs from 'node:fs';
import { z } from 'zod';
import {
  AppError,
  SUBJECT_DATA_CATEGORIES,
  SubjectExportDocumentSchema,
  type Locale,
  type SubjectDataCategory,
  type SubjectExportDocument,
  type SubjectExportDto,
  type SubjectExportRequest,
} from '@likeness/shared';
import type { Logger } from 'pino';
import type { JobQueue, SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { auditMeta, type Actor, type RequestContext } from '../../kernel/request-context';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { FileStorage } from '../../storage/file.storage';
import { writeZip, type ArchiveEntry } from './export-archive';
import { exportSummaryHtml } from './export-summary';
import type { PrivacyRepositories, PrivacyUnitOfWork } from './privacy.repositories';
import type { SubjectExportRow } from './subject-export.repository';

const SYSTEM: Actor = { type: 'system', id: null, label: 'data-subject export' };
const ZIP_NAME = 'person-export.zip';
/** Written once per package: the documented schema of person.json, beside it in every zip. */
const DOCUMENT_SCHEMA = JSON.stringify(z.toJSONSchema(SubjectExportDocumentSchema, { unrepresentable: 'any' }), null, 2);

export interface SubjectExportDeps {
  /** Throws not_found unless the person is in the caller's organisation. */
  personExists(ctx: RequestContext, personId: string): Promise<void>;
  /** Every module's share of what it holds about a person. */
  sources: SubjectDataSource[];
  storage: FileStorage;
  settings: TenantSettingsSource;
  jobs: JobQueue;
  logger: Logger;
  /** How long a finished zip can be downloaded. */
  ttlMs: number;
}

/** Access and portability (Art. 15 and 20): one zip of everything held about a person, built by a job. */
export class SubjectExportService {
  constructor(
    private readonly repos: PrivacyRepositories,
    private readonly uow: PrivacyUnitOfWork,
    private readonly d: SubjectExportDeps,
  ) {}

  async request(ctx: RequestContext, personId: string, input: SubjectExportRequest): Promise<SubjectExportDto> {
    await this.d.personExists(ctx, personId);
    const now = new Date();
    const row = await this.uow.run(async (repos, afterCommit) => {
      const created = await repos.subjectExports.create({ tenantId: ctx.tenantId, personId, locale: input.locale ?? 'sv', requestedById: ctx.actor.id, createdAt: now, expiresAt: new Date(now.getTime() + this.d.ttlMs) });
      await repos.audit.append({ ...auditMeta(ctx), action: 'person.export_requested', entityType: 'person', entityId: personId, after: { exportId: created.id, locale: created.locale } });
      afterCommit(() => this.d.jobs.add('privacy.export', { tenantId: ctx.tenantId, exportId: created.id }));
      return created;
    });
    return toDto(row);
  }

  async get(ctx: RequestContext, id: string): Promise<SubjectExportDto> {
    return toDto(await this.find(ctx.tenantId, id));
  }

  /** The zip to send; the download itself is audit-logged (who took a copy of the person's data, and when). */
  async openDownload(ctx: RequestContext, id: string): Promise<{ path: string; fileName: string }> {
    const row = await this.find(ctx.tenantId, id);
    const dto = toDto(row);
    if (dto.status === 'expired') throw new AppError('export_expired', 'This export has expired; start a new one.');
    if (dto.status !== 'done' || !row.storageKey) throw new AppError('export_not_ready', dto.status === 'failed' ? 'This export failed; start a new one.' : 'The export is still being built.');
    const path = this.d.storage.pathOf(`${row.storageKey}/${ZIP_NAME}`);
    if (!fs.existsSync(path)) throw new AppError('export_expired', 'The export file is gone; start a new one.');
    await this.uow.run((repos) => repos.audit.append({ ...auditMeta(ctx), action: 'person.export_downloaded', entityType: 'person', entityId: row.personId, after: { exportId: id, size: row.size } }));
    return { path, fileName: `likeness-export-${row.personId.slice(0, 8)}-${row.createdAt.toISOString().slice(0, 10)}.zip` };
  }

  /** The job: collect every module's share, write the zip to a temp file, move it into place. */
  async build(tenantId: string, exportId: string): Promise<void> {
    const row = await this.repos.subjectExports.findInTenant(tenantId, exportId);
    if (!row || row.status !== 'queued') return;
    await this.repos.subjectExports.update(tenantId, exportId, { status: 'running' });
    const temp = this.d.storage.tempPath();
    try {
      const settings = await this.d.settings.get(tenantId);
      const shares = await Promise.all(this.d.sources.map((s) => s.collect(tenantId, row.personId)));
      const { doc, files } = assemble(shares, settings.name);
      if (Object.keys(doc.person).length === 0) throw new AppError('not_found', 'The person was erased.');
      const entries: ArchiveEntry[] = [
        { path: 'person.json', content: JSON.stringify(doc, null, 2) },
        { path: 'person.schema.json', content: DOCUMENT_SCHEMA },
        { path: 'summary.html', content: exportSummaryHtml(doc, row.locale as Locale) },
        ...files,
      ];
      await this.repos.subjectExports.update(tenantId, exportId, { total: entries.length });
      let reported = Date.now();
      const size = await writeZip(temp, entries, async (done) => {
        // Progress at most twice a second: one small write, not one per file.
        if (done === entries.length || Date.now() - reported > 500) {
          reported = Date.now();
          await this.repos.subjectExports.update(tenantId, exportId, { done });
        }
      });
      const key = `exports/${tenantId}/${exportId}`;
      await this.d.storage.moveInto(temp, `${key}/${ZIP_NAME}`);
      const counts = Object.fromEntries(doc.categories.map((c) => [c, Array.isArray(doc[c]) ? (doc[c] as unknown[]).length : 1]));
      await this.uow.run(async (repos) => {
        await repos.subjectExports.update(tenantId, exportId, { status: 'done', storageKey: key, size, completedAt: new Date() });
        await repos.audit.append({ tenantId, actor: SYSTEM, action: 'person.exported', entityType: 'person', entityId: row.personId, after: { exportId, size, files: files.length, counts } });
      });
    } catch (err) {
      await this.d.storage.discard(temp);
      // The reason shown to staff is ours, never a path or a row: those would carry personal data into the log.
      const reason = err instanceof AppError ? err.message : 'The export could not be written.';
      this.d.logger.error({ err: { name: (err as Error).name, code: (err as { code?: string }).code }, exportId }, 'subject export failed');
      await this.uow
        .run(async (repos) => {
          await repos.subjectExports.update(tenantId, exportId, { status: 'failed', error: reason, completedAt: new Date() });
          await repos.audit.append({ tenantId, actor: SYSTEM, action: 'person.export_failed', entityType: 'person', entityId: row.personId, after: { exportId, reason } });
        })
        .catch(() => undefined); // the person (and with them the row) may be gone
    }
  }

  /** Deletes zips past their expiry or of erased persons (their rows went with them); expired rows stay as the record. */
  async sweepExpired(now = new Date()): Promise<number> {
    const folders = new Set<string>();
    for (const f of await this.d.storage.files('exports')) {
      const parts = f.key.split('/');
      if (parts.length >= 3) folders.add(parts.slice(0, 3).join('/'));
    }
    let removed = 0;
    const all = [...folders];
    for (let i = 0; i < all.length; i += 500) {
      const page = all.slice(i, i + 500);
      const live = await this.repos.subjectExports.live(page.map((k) => k.split('/')[2]!), now);
      const gone = page.filter((k) => !live.has(k.split('/')[2]!));
      await this.d.storage.remove(...gone);
      removed += gone.length;
    }
    await this.repos.subjectExports.forgetExpiredFiles(now);
    return removed;
  }

  private async find(tenantId: string, id: string): Promise<SubjectExportRow> {
    const row = await this.repos.subjectExports.findInTenant(tenantId, id);
    if (!row) throw new AppError('not_found', 'No such export.');
    return row;
  }
}

/** One document from every module's share; each stored file named once, under the row that refers to it. */
function assemble(shares: SubjectDataShare[], organisation: string): { doc: SubjectExportDocument; files: ArchiveEntry[] } {
  const sections = Object.fromEntries(SUBJECT_DATA_CATEGORIES.map((c) => [c, [] as Array<Record<string, unknown>>])) as Record<SubjectDataCategory, Array<Record<string, unknown>>>;
  const files: ArchiveEntry[] = [];
  for (const share of shares) {
    const offset = Object.fromEntries(SUBJECT_DATA_CATEGORIES.map((c) => [c, sections[c].length]));
    for (const [c, rows] of Object.entries(share.sections) as Array<[SubjectDataCategory, Array<Record<string, unknown>>]>) sections[c].push(...rows);
    for (const { category, index, file } of share.files) {
      const row = sections[category][offset[category]! + index]!;
      const missing = 'storagePath' in file.source && !fs.existsSync(file.source.storagePath);
      row.file = missing ? null : { path: file.path, contentType: file.contentType, size: file.size, sha256: file.sha256 };
      if (!missing) files.push({ path: file.path, content: file.source });
    }
  }
  const doc: SubjectExportDocument = {
    format: 'likeness.subject-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    organisation: { name: organisation },
    categories: [...SUBJECT_DATA_CATEGORIES],
    ...sections,
    person: sections.person[0] ?? {},
    custom_fields: sections.custom_fields as SubjectExportDocument['custom_fields'],
  } as SubjectExportDocument;
  return { doc, files };
}

export function toDto(row: SubjectExportRow, now = new Date()): SubjectExportDto {
  const expired = row.expiresAt.getTime() <= now.getTime();
  return {
    id: row.id,
    personId: row.personId,
    status: expired && row.status !== 'failed' ? 'expired' : (row.status as SubjectExportDto['status']),
    locale: row.locale as Locale,
    progress: { done: row.done, total: row.total },
    size: row.size,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}
