import { randomUUID } from 'node:crypto';
import {
  AppError,
  customFieldVisible,
  isMinor,
  type PersonCreate,
  type PersonDto,
  type PersonListQuery,
  type PersonUpdate,
  type UsageDto,
} from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import { auditMeta } from '../../kernel/request-context';
import type { AssetsFacade } from '../assets';
import { searchText, toPersonDto } from './register.mapper';
import type { RegisterRepositories, RegisterUnitOfWork } from './register.repositories';
import type { PersonData, PersonWithAgreements } from './person.repository';
import type { FileStorage } from '../../storage/file.storage';
import type { StatusChanges as StatusEffects } from '../status';
import type { TxScope } from '../../kernel/unit-of-work';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TenantSettings } from '../../kernel/tenant-settings';
import { registerFilter } from './register-filter';

/** Checks custom field values against the tenant's definitions and the caller's role. */
function checkCustomFields(values: Record<string, unknown>, settings: TenantSettings, ctx: RequestContext) {
  for (const [key, value] of Object.entries(values)) {
    const def = settings.customFields.find((d) => d.key === key);
    if (!def) throw new AppError('validation_failed', `Unknown custom field "${key}".`, { field: key });
    if (!customFieldVisible(def, ctx)) throw new AppError('forbidden', `Your role may not set the field "${def.label}".`);
    const ok = value === null || (def.type === 'text' ? typeof value === 'string' : typeof value === def.type);
    if (!ok) throw new AppError('validation_failed', `The field "${def.label}" takes a ${def.type}.`, { field: key });
  }
}

const PII_FIELDS = new Set(['name', 'email', 'phone', 'birthDate', 'guardianName', 'guardianEmail', 'guardianPhone', 'notes', 'customFields']);

/** What numbering and erasure need from other modules, inside the register's transaction. */
export interface PersonCollaborators {
  /** Reserves `count` person numbers; the first is returned. */
  nextPersonRefs(scope: TxScope, tenantId: string, count: number): Promise<number>;
  faces: { personErasing(scope: TxScope, ctx: RequestContext, personId: string, personRef: number): Promise<void> };
  notifications: { forgetPerson(scope: TxScope, tenantId: string, personId: string, agreementIds: string[]): Promise<number> };
}
export class PersonService {
  constructor(
    private readonly repos: RegisterRepositories,
    private readonly uow: RegisterUnitOfWork,
    private readonly settings: TenantSettingsSource,
    private readonly effects: StatusEffects,
    private readonly storage: FileStorage,
    private readonly publications: Pick<AssetsFacade['usages'], 'forPerson'>,
    private readonly others: PersonCollaborators,
  ) {}

  async list(ctx: RequestContext, q: PersonListQuery): Promise<{ items: PersonDto[]; nextCursor: string | null }> {
    const settings = await this.settings.get(ctx.tenantId);
    const now = new Date();
    const { filter, keep } = registerFilter(q, now, settings);
    if (q.cursor && !(await this.repos.persons.exists(ctx.tenantId, q.cursor))) {
      throw new AppError('invalid_cursor', 'The cursor is no longer valid; start from the first page.');
    }
    const found: PersonWithAgreements[] = [];
    let cursor = q.cursor;
    for (;;) {
      const rows = await this.repos.persons.list(ctx.tenantId, filter, { limit: q.limit, cursor });
      found.push(...rows.slice(0, q.limit).filter(keep ?? (() => true)));
      if (found.length > q.limit || rows.length <= q.limit) break;
      cursor = rows[q.limit - 1]!.id;
    }
    const page = found.slice(0, q.limit);
    return {
      items: page.map((p) => toPersonDto(p, settings, ctx, now)),
      nextCursor: found.length > q.limit ? page[page.length - 1]!.id : null,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<PersonDto> {
    const [settings, person] = await Promise.all([this.settings.get(ctx.tenantId), this.repos.persons.findInTenant(ctx.tenantId, id)]);
    if (!person) throw new AppError('not_found', 'No such person.');
    return toPersonDto(person, settings, ctx);
  }

  async create(ctx: RequestContext, input: PersonCreate): Promise<PersonDto> {
    const settings = await this.settings.get(ctx.tenantId);
    this.check(ctx, input, settings);
    return this.uow.run(async (_repos, _afterCommit, scope) => toPersonDto(await this.insert(scope, ctx, input, settings), settings, ctx));
  }

  /** The rules a new person must pass before anything is written (the API and the import alike). */
  check(ctx: RequestContext, input: PersonCreate, settings: TenantSettings): void {
    if (!input.name && !settings.pseudonymousIds) {
      throw new AppError('validation_failed', 'A name is required (pseudonymous IDs are off).', { field: 'name' });
    }
    checkCustomFields(input.customFields ?? {}, settings, ctx);
  }

  /** Writes a checked person, numbered and audit-logged, inside the caller's transaction. */
  async insert(scope: TxScope, ctx: RequestContext, input: PersonCreate, settings: TenantSettings) {
    const [id] = await this.insertMany(scope, ctx, [{ input }], settings);
    return (await this.uow.join(scope).persons.findInTenant(ctx.tenantId, id!))!;
  }

  /** Checked persons in the caller's transaction, numbered in order, each with its audit row (`audit` adds to it). */
  async insertMany(scope: TxScope, ctx: RequestContext, items: Array<{ input: PersonCreate; audit?: Record<string, unknown> }>, settings: TenantSettings, importId: string | null = null): Promise<string[]> {
    if (!items.length) return [];
    const repos = this.uow.join(scope);
    const first = await this.others.nextPersonRefs(scope, ctx.tenantId, items.length);
    const now = new Date();
    const rows = items.map(({ input }, i) => {
      const ref = first + i;
      const data: PersonData = {
        name: input.name ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        birthDate: input.birthDate ? new Date(`${input.birthDate}T00:00:00Z`) : null,
        deceased: input.deceased ?? false,
        guardianName: input.guardianName ?? null,
        guardianEmail: input.guardianEmail ?? null,
        guardianPhone: input.guardianPhone ?? null,
        notes: input.notes ?? null,
        customFields: input.customFields ?? {},
        searchText: searchText(input, ref),
        importId,
      };
      return { id: randomUUID(), ref, data };
    });
    await repos.persons.createMany(ctx.tenantId, rows);
    await repos.audit.appendMany(
      rows.map((r, i) => ({
        ...auditMeta(ctx),
        action: 'person.created' as const,
        entityType: 'person',
        entityId: r.id,
        after: { ref: r.ref, minor: isMinor(r.data.birthDate, now, settings.adultAge), ...items[i]!.audit },
      })),
    );
    return rows.map((r) => r.id);
  }

  async update(ctx: RequestContext, id: string, input: PersonUpdate): Promise<PersonDto> {
    const settings = await this.settings.get(ctx.tenantId);
    checkCustomFields(input.customFields ?? {}, settings, ctx);
    return this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.persons.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such person.');
      const merged = {
        name: input.name !== undefined ? input.name : current.name,
        email: input.email !== undefined ? input.email : current.email,
        phone: input.phone !== undefined ? input.phone : current.phone,
      };
      if (!merged.name && !settings.pseudonymousIds) {
        throw new AppError('validation_failed', 'A name is required (pseudonymous IDs are off).', { field: 'name' });
      }
      const { birthDate, customFields, ...plain } = input;
      const data: Partial<PersonData> = { ...(plain as Partial<PersonData>), searchText: searchText(merged, current.ref) };
      if (birthDate !== undefined) data.birthDate = birthDate ? new Date(`${birthDate}T00:00:00Z`) : null;
      if (customFields) data.customFields = { ...(current.customFields as object), ...customFields };
      const person = await repos.persons.update(ctx.tenantId, id, data);
      const changed = Object.keys(input);
      // Only field names: the audit log outlives an erasure, so it must hold no personal data.
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'person.updated',
        entityType: 'person',
        entityId: id,
        after: { ref: current.ref, changed, deceased: person.deceased },
        before: { deceased: current.deceased, changedPersonalData: changed.some((f) => PII_FIELDS.has(f)) },
      });
      if (birthDate !== undefined || input.deceased !== undefined) await this.effects.personsChanged(scope, ctx.tenantId, [id]);
      return toPersonDto(person, settings, ctx);
    });
  }

  /** Erasure (Art. 17): details, agreements and documents go; boxes stay as unknown persons. */
  async delete(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    const keys = await this.uow.run(async (repos, afterCommit, scope) => {
      const person = await repos.persons.findInTenant(ctx.tenantId, id);
      if (!person) throw new AppError('not_found', 'No such person.');
      const documentKeys = await repos.documents.storageKeysForPerson(ctx.tenantId, id);
      const assetIds = await this.effects.assetIdsOfPersons(scope, ctx.tenantId, [id]);
      // Face matching: the embeddings of every face tagged with the person go too (their tags go with the row).
      await this.others.faces.personErasing(scope, ctx, id, person.ref);
      const notifications = await this.others.notifications.forgetPerson(scope, ctx.tenantId, id, person.agreements.map((a) => a.id));
      await repos.persons.delete(ctx.tenantId, id);
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'person.deleted',
        entityType: 'person',
        entityId: id,
        before: { ref: person.ref, agreements: person.agreements.length, documents: documentKeys.length, assets: assetIds.length, notifications },
      });
      await this.effects.assetsChanged(scope, ctx.tenantId, assetIds);
      return documentKeys;
    });
    await this.storage.remove(...keys);
    return { ok: true };
  }

  async usages(ctx: RequestContext, id: string): Promise<{ items: UsageDto[] }> {
    const person = await this.repos.persons.findInTenant(ctx.tenantId, id);
    if (!person) throw new AppError('not_found', 'No such person.');
    return { items: await this.publications.forPerson(ctx.tenantId, id) };
  }
}
