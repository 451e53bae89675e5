import { randomUUID } from 'node:crypto';
import {
  AppError,
  IMPORT_LIMITS,
  PERSON_IMPORT_FIELDS,
  PersonImportMappingSchema,
  customFieldVisible,
  type ImportInspectionDto,
  type ImportRowError,
  type ImportRowErrorCode,
  type PersonImportDto,
  type PersonImportMapping,
} from '@likeness/shared';
import type { Logger } from 'pino';
import type { JobQueue } from '../../kernel/ports';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { TenantSettings, TenantSettingsSource } from '../../kernel/tenant-settings';
import type { UploadedFile } from '../../kernel/upload';
import { readTable, type Table } from '../../media/tabular';
import type { FileStorage } from '../../storage/file.storage';
import type { StatusChanges } from '../status';
import type { AgreementService } from './agreement.service';
import { AGREEMENT_FIELD, identityKeys, mapRow, suggestMapping, type RowCandidate } from './import-rows';
import type { PersonImportRow } from './person-import.repository';
import type { PersonService } from './person.service';
import type { RegisterRepositories, RegisterUnitOfWork } from './register.repositories';

/** Who started an import: the job checks and writes as them (their rules, their name in the audit log). */
type Requester = Pick<RequestContext, 'actor' | 'role' | 'permissions' | 'ip' | 'userAgent'>;

export interface PersonImportDeps {
  settings: TenantSettingsSource;
  persons: Pick<PersonService, 'check' | 'insertMany' | 'delete'>;
  agreements: Pick<AgreementService, 'check' | 'insertMany'>;
  effects: StatusChanges;
  storage: FileStorage;
  jobs: JobQueue;
  logger: Logger;
}

const SOURCE = 'source';
const WRITE_CHUNK = 500;
type FinishResult = Omit<Parameters<RegisterRepositories['imports']['update']>[2], 'completedAt'>;
/** A running import touches its row every second or so; one untouched this long was cut off by a stop. */
const STALE_MS = 2 * 60_000;

/** Bringing an existing register in: check every row, then write every good one in a single transaction. */
export class PersonImportService {
  constructor(
    private readonly repos: RegisterRepositories,
    private readonly uow: RegisterUnitOfWork,
    private readonly d: PersonImportDeps,
  ) {}

  async inspect(ctx: RequestContext, file: UploadedFile): Promise<ImportInspectionDto> {
    try {
      const table = await readTable(file.path, IMPORT_LIMITS);
      const settings = await this.d.settings.get(ctx.tenantId);
      const visible = settings.customFields.filter((f) => customFieldVisible(f, ctx));
      return {
        format: table.format,
        sheet: table.sheet,
        rows: table.rows.length,
        columns: table.header.map((header, index) => ({ index, header, samples: table.rows.slice(0, 5).map((r) => r.cells[index] ?? '') })),
        suggested: suggestMapping(table.header, visible),
      };
    } finally {
      await this.d.storage.discard(file.path);
    }
  }

  async start(ctx: RequestContext, file: UploadedFile, fields: Record<string, string>): Promise<PersonImportDto> {
    const key = `imports/${ctx.tenantId}/${randomUUID()}`;
    try {
      const mapping = parseMapping(fields.mapping);
      const flag = (name: 'dryRun' | 'skipInvalid') => {
        const v = fields[name] ?? 'false';
        if (v !== 'true' && v !== 'false') throw new AppError('validation_failed', `${name} is true or false.`, { field: name });
        return v === 'true';
      };
      const dryRun = flag('dryRun');
      const skipInvalid = flag('skipInvalid');
      const settings = await this.d.settings.get(ctx.tenantId);
      checkMapping(mapping, settings, ctx);
      const table = await readTable(file.path, IMPORT_LIMITS);
      const beyond = Object.entries(mapping.columns).find(([, i]) => i >= table.header.length);
      if (beyond) throw new AppError('validation_failed', `"${beyond[0]}" is mapped to column ${beyond[1] + 1}, but the file has ${table.header.length}.`, { field: 'mapping' });
      await this.d.storage.moveInto(file.path, `${key}/${SOURCE}`);
      const requestedBy: Requester = { actor: ctx.actor, role: ctx.role, permissions: ctx.permissions, ip: ctx.ip, userAgent: ctx.userAgent };
      const row = await this.uow.run(async (repos, afterCommit) => {
        const created = await repos.imports.create({ tenantId: ctx.tenantId, fileName: file.fileName.slice(0, 200), dryRun, skipInvalid, mapping, storageKey: key, rows: table.rows.length, requestedBy });
        await repos.audit.append({ ...auditMeta(ctx), action: 'import.started', entityType: 'import', entityId: created.id, after: { rows: table.rows.length, dryRun, skipInvalid, fields: Object.keys(mapping.columns) } });
        afterCommit(() => void this.d.jobs.add('register.import', { tenantId: ctx.tenantId, importId: created.id }, { jobId: created.id }));
        return created;
      });
      return toDto(row);
    } catch (err) {
      await this.d.storage.discard(file.path);
      await this.d.storage.remove(key);
      throw err;
    }
  }

  async get(ctx: RequestContext, id: string): Promise<PersonImportDto> {
    const row = await this.repos.imports.findInTenant(ctx.tenantId, id);
    if (!row) throw new AppError('not_found', 'No such import.');
    return toDto(row);
  }

  /** The job. Whatever happens, the uploaded file is removed at the end: it is a copy of personal data. */
  async run(tenantId: string, importId: string): Promise<void> {
    const row = await this.repos.imports.findInTenant(tenantId, importId);
    if (!row || !(await this.repos.imports.claim(tenantId, importId))) return;
    const by = row.requestedBy as unknown as Requester;
    const ctx: RequestContext = { tenantId, sessionTokenHash: null, ...by };
    try {
      const table = await readTable(this.d.storage.pathOf(`${row.storageKey}/${SOURCE}`), IMPORT_LIMITS);
      const settings = await this.d.settings.get(tenantId);
      const { candidates, errors, invalidRows } = await this.check(ctx, importId, table, row.mapping as PersonImportMapping, settings);
      const report = { invalidRows, errors: errors.slice(0, IMPORT_LIMITS.maxReportedErrors), errorsTruncated: errors.length > IMPORT_LIMITS.maxReportedErrors, checked: table.rows.length };
      const agreements = candidates.filter((c) => c.agreement).length;
      if (invalidRows > 0 && !row.skipInvalid) return await this.finish(ctx, importId, { status: 'rejected', ...report, persons: 0, agreements: 0 });
      if (row.dryRun || candidates.length === 0) return await this.finish(ctx, importId, { status: 'done', ...report, persons: candidates.length, agreements });
      await this.repos.imports.update(tenantId, importId, { status: 'writing', checked: table.rows.length });
      await this.write(ctx, importId, candidates, settings, { ...report, persons: candidates.length, agreements });
    } catch (err) {
      const reason = err instanceof AppError ? err.message : 'The import could not be written; nothing was imported.';
      this.d.logger.error({ err: { name: (err as Error).name, code: (err as { code?: string }).code }, importId }, 'register import failed');
      await this.finish(ctx, importId, { status: 'failed', error: reason, persons: 0, agreements: 0 }).catch(() => undefined);
    } finally {
      await this.d.storage.remove(row.storageKey!).catch(() => undefined);
    }
  }

  /** After a stop: imports still queued run again; those cut off mid-way are taken out and marked failed. */
  async recover(now = new Date()): Promise<void> {
    for (const r of await this.repos.imports.unfinished(new Date(now.getTime() - STALE_MS))) {
      if (r.status === 'queued') {
        await this.d.jobs.add('register.import', { tenantId: r.tenantId, importId: r.id }, { jobId: r.id });
        continue;
      }
      const ctx: RequestContext = { tenantId: r.tenantId, sessionTokenHash: null, ...(r.requestedBy as unknown as Requester) };
      await this.takeOut(ctx, r.id);
      await this.finish(ctx, r.id, { status: 'failed', error: 'The server stopped during the import; nothing was imported. Start it again.', persons: 0, agreements: 0 });
      if (r.storageKey) await this.d.storage.remove(r.storageKey);
    }
  }

  private async check(ctx: RequestContext, importId: string, table: Table, mapping: PersonImportMapping, settings: TenantSettings) {
    const rules = { channels: settings.channels, customFields: settings.customFields };
    const known = new Map<string, Pick<ImportRowError, 'code' | 'params' | 'message'>>();
    for (const p of await this.repos.persons.identities(ctx.tenantId)) {
      const ref = `P-${String(p.ref).padStart(4, '0')}`;
      for (const k of identityKeys(p)) known.set(k, { code: 'in_register', params: { ref }, message: `Already in the register as ${ref}.` });
    }
    const candidates: RowCandidate[] = [];
    const errors: ImportRowError[] = [];
    let invalidRows = 0;
    let reported = Date.now();
    for (const [i, r] of table.rows.entries()) {
      const mapped = mapRow(r.line, r.cells, table.header, mapping, rules);
      const rowErrors = [...mapped.errors];
      const c = mapped.candidate;
      if (c) {
        // A rule's error names the API's field; the report names the import's (agreement fields, custom fields).
        const fail = (asField: (name: string) => string, err: unknown) => {
          if (!(err instanceof AppError)) throw err;
          const named = (err.details as { field?: string } | undefined)?.field;
          const field = named ? asField(named) : null;
          const code: ImportRowErrorCode = err.code === 'digital_requires_signature' ? 'digital_requires_signature' : named === 'name' ? 'name_required' : 'invalid';
          rowErrors.push({ line: r.line, field, column: field && mapping.columns[field] !== undefined ? (table.header[mapping.columns[field]!] ?? null) : null, code, params: {}, message: err.message });
        };
        // The same rules as a person or agreement created one at a time.
        try {
          this.d.persons.check(ctx, c.person, settings);
        } catch (err) {
          fail((name) => ((PERSON_IMPORT_FIELDS as readonly string[]).includes(name) ? name : `custom.${name}`), err);
        }
        if (c.agreement) await this.d.agreements.check(ctx, c.agreement).catch((err: unknown) => fail((name) => AGREEMENT_FIELD[name] ?? name, err));
        const keys = identityKeys(c.person);
        const twin = keys.map((k) => known.get(k)).find(Boolean);
        if (twin) rowErrors.push({ line: r.line, field: 'name', column: null, ...twin });
        if (!rowErrors.length) for (const k of keys) known.set(k, { code: 'same_as_row', params: { row: String(r.line) }, message: `The same person as row ${r.line}.` });
      }
      if (rowErrors.length) {
        invalidRows++;
        errors.push(...rowErrors);
      } else if (c) candidates.push(c);
      // Progress at most twice a second: one small write, not one per row.
      if (Date.now() - reported > 500) {
        reported = Date.now();
        await this.repos.imports.update(ctx.tenantId, importId, { checked: i + 1 });
      }
    }
    return { candidates, errors, invalidRows };
  }

  /**
   * Every good row, 500 to a transaction (so the rest of the server is never held up for long, SQLite included),
   * each chunk with its progress. If a chunk fails, the persons already written are taken out again through the
   * register's own erasure: either the whole import ends up in the register, or none of it.
   */
  private async write(ctx: RequestContext, importId: string, candidates: RowCandidate[], settings: TenantSettings, result: FinishResult) {
    let persons = 0;
    let agreements = 0;
    try {
      for (let at = 0; at < candidates.length; at += WRITE_CHUNK) {
        const chunk = candidates.slice(at, at + WRITE_CHUNK);
        const last = at + WRITE_CHUNK >= candidates.length;
        await this.uow.run(async (repos, _afterCommit, scope) => {
          const ids = await this.d.persons.insertMany(scope, ctx, chunk.map((c) => ({ input: c.person, audit: { importId, line: c.line } })), settings, importId);
          const withAgreement = chunk.flatMap((c, i) => (c.agreement ? [{ personId: ids[i]!, input: c.agreement, audit: { importId } }] : []));
          await this.d.agreements.insertMany(scope, ctx, withAgreement);
          await this.d.effects.personsChanged(scope, ctx.tenantId, withAgreement.map((a) => a.personId));
          persons += ids.length;
          agreements += withAgreement.length;
          if (last) await this.finishIn(repos, ctx, importId, { status: 'done', ...result });
          else await repos.imports.update(ctx.tenantId, importId, { persons, agreements });
        });
      }
    } catch (err) {
      await this.takeOut(ctx, importId);
      throw err;
    }
  }

  /** Erases what an unfinished import wrote, person by person, with the same use case as the dashboard's. */
  private async takeOut(ctx: RequestContext, importId: string): Promise<void> {
    for (const id of await this.repos.persons.idsOfImport(ctx.tenantId, importId)) {
      await this.d.persons.delete(ctx, id).catch((err: unknown) => this.d.logger.error({ err: { name: (err as Error).name }, importId }, 'could not take an imported person out'));
    }
  }

  private finish(ctx: RequestContext, importId: string, result: FinishResult) {
    return this.uow.run((repos) => this.finishIn(repos, ctx, importId, result));
  }

  private async finishIn(repos: RegisterRepositories, ctx: RequestContext, importId: string, result: FinishResult) {
    await repos.imports.update(ctx.tenantId, importId, { ...result, completedAt: new Date() });
    const { errors: _errors, ...summary } = result;
    await repos.audit.append({ ...auditMeta(ctx), action: 'import.finished', entityType: 'import', entityId: importId, after: summary });
  }
}

function parseMapping(raw: string | undefined): PersonImportMapping {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    throw new AppError('validation_failed', 'mapping is the column mapping as JSON.', { field: 'mapping' });
  }
  const parsed = PersonImportMappingSchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_failed', `mapping: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: 'mapping', issues: parsed.error.issues });
  if (Object.keys(parsed.data.columns).length === 0) throw new AppError('validation_failed', 'Map at least one column.', { field: 'mapping' });
  return parsed.data;
}

/** Custom fields the caller may not set, and default channels the organisation does not have, stop the import before it starts. */
function checkMapping(mapping: PersonImportMapping, settings: TenantSettings, ctx: RequestContext): void {
  for (const field of Object.keys(mapping.columns).filter((f) => f.startsWith('custom.'))) {
    const def = settings.customFields.find((f) => f.key === field.slice(7));
    if (!def) throw new AppError('validation_failed', `There is no custom field "${field.slice(7)}".`, { field: 'mapping' });
    if (!customFieldVisible(def, ctx)) throw new AppError('forbidden', `Your role may not set the field "${def.label}".`);
  }
  const unknown = (mapping.defaults?.agreementChannels ?? []).filter((c) => !settings.channels.includes(c));
  if (unknown.length) throw new AppError('channel_unknown', `Unknown channel: ${unknown.join(', ')}.`, { unknown, channels: settings.channels });
}

function toDto(r: PersonImportRow): PersonImportDto {
  return {
    id: r.id,
    status: r.status as PersonImportDto['status'],
    fileName: r.fileName,
    dryRun: r.dryRun,
    skipInvalid: r.skipInvalid,
    rows: r.rows,
    checked: r.checked,
    persons: r.persons,
    agreements: r.agreements,
    invalidRows: r.invalidRows,
    errors: r.errors as ImportRowError[],
    errorsTruncated: r.errorsTruncated,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}
