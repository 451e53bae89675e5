import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AgreementCreate,
  type AgreementDocumentDto,
  type AgreementDto,
  type AgreementUpdate,
  type AgreementWithdraw,
} from '@likeness/shared';
import type { UploadedFile } from '../../kernel/upload';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { sniffType } from '../../media/media.inspector';
import { agreementSummary, toAgreementDto, toDocumentDto } from './register.mapper';
import type { WithdrawAgreement } from './withdraw-agreement';
import { assertNotForgedDigital, assertTermsEditable } from './sealed-agreement';
import type { RegisterRepositories, RegisterUnitOfWork } from './register.repositories';
import type { FileStorage } from '../../storage/file.storage';
import type { StatusChanges } from '../status';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TxScope } from '../../kernel/unit-of-work';

const DOCUMENT_TYPES = (mime: string) => mime === 'application/pdf' || mime.startsWith('image/') || mime.startsWith('audio/');
/** Clock skew tolerated for a withdrawal dated "now" by another machine. */
const SKEW_MS = 60_000;

export class AgreementService {
  constructor(
    private readonly repos: RegisterRepositories,
    private readonly uow: RegisterUnitOfWork,
    private readonly settings: TenantSettingsSource,
    private readonly effects: StatusChanges,
    private readonly storage: FileStorage,
    private readonly withdrawal: WithdrawAgreement,
  ) {}

  private async checkChannels(tenantId: string, channels: string[] | undefined) {
    if (!channels) return;
    const settings = await this.settings.get(tenantId);
    const unknown = channels.filter((c) => !settings.channels.includes(c));
    if (unknown.length) {
      throw new AppError('channel_unknown', `Unknown channel: ${unknown.join(', ')}.`, { unknown, channels: settings.channels });
    }
  }

  private async lead(tenantId: string) {
    return (await this.settings.get(tenantId)).warningLeadDays;
  }

  async listForPerson(ctx: RequestContext, personId: string): Promise<{ items: AgreementDto[] }> {
    const person = await this.repos.persons.findInTenant(ctx.tenantId, personId);
    if (!person) throw new AppError('not_found', 'No such person.');
    const lead = await this.lead(ctx.tenantId);
    const rows = await this.repos.agreements.listForPerson(ctx.tenantId, personId);
    return { items: rows.map((a) => toAgreementDto(a, lead)) };
  }

  async get(ctx: RequestContext, id: string): Promise<AgreementDto> {
    const a = await this.repos.agreements.findInTenant(ctx.tenantId, id);
    if (!a) throw new AppError('not_found', 'No such agreement.');
    return toAgreementDto(a, await this.lead(ctx.tenantId));
  }

  async create(ctx: RequestContext, personId: string, input: AgreementCreate): Promise<AgreementDto> {
    await this.check(ctx, input);
    const lead = await this.lead(ctx.tenantId);
    return this.uow.run(async (repos, afterCommit, scope) => {
      const person = await repos.persons.findInTenant(ctx.tenantId, personId);
      if (!person) throw new AppError('not_found', 'No such person.');
      const a = await this.insert(scope, ctx, personId, input);
      await this.effects.personsChanged(scope, ctx.tenantId, [personId]);
      return toAgreementDto(a, lead);
    });
  }

  /** The rules a new agreement must pass before anything is written (the API and the import alike). */
  async check(ctx: RequestContext, input: Pick<AgreementCreate, 'kind' | 'channels'>): Promise<void> {
    assertNotForgedDigital(ctx.actor, input.kind);
    await this.checkChannels(ctx.tenantId, input.channels);
  }

  /** Writes a checked agreement and its audit row in the caller's transaction; the caller tells the status module. */
  async insert(scope: TxScope, ctx: RequestContext, personId: string, input: AgreementCreate) {
    const [id] = await this.insertMany(scope, ctx, [{ personId, input }]);
    return (await this.uow.join(scope).agreements.findInTenant(ctx.tenantId, id!))!;
  }

  /** Checked agreements in the caller's transaction, each with its audit row (`audit` adds to it). */
  async insertMany(scope: TxScope, ctx: RequestContext, items: Array<{ personId: string; input: AgreementCreate; audit?: Record<string, unknown> }>): Promise<string[]> {
    const repos = this.uow.join(scope);
    const rows = items.map(({ personId, input }) => ({
      id: randomUUID(),
      personId,
      data: {
        kind: input.kind,
        channels: [...new Set(input.channels)],
        validFrom: new Date(input.validFrom),
        validUntil: input.validUntil ? new Date(input.validUntil) : null,
        signedBy: input.signedBy,
        guardianName: input.guardianName ?? null,
        notes: input.notes ?? null,
      },
    }));
    await repos.agreements.createMany(ctx.tenantId, rows);
    await repos.audit.appendMany(
      rows.map((r, i) => ({ ...auditMeta(ctx), action: 'agreement.created' as const, entityType: 'agreement', entityId: r.id, after: { personId: r.personId, ...agreementSummary(r.data), ...items[i]!.audit } })),
    );
    return rows.map((r) => r.id);
  }

  async update(ctx: RequestContext, id: string, input: AgreementUpdate): Promise<AgreementDto> {
    await this.checkChannels(ctx.tenantId, input.channels);
    const lead = await this.lead(ctx.tenantId);
    return this.uow.run(async (repos, afterCommit, scope) => {
      const current = await repos.agreements.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such agreement.');
      if (current.withdrawnAt) throw new AppError('conflict', 'A withdrawn agreement cannot be edited; record a new one.');
      assertTermsEditable(current, input);
      assertNotForgedDigital(ctx.actor, input.kind, current.kind);
      const validFrom = input.validFrom ? new Date(input.validFrom) : current.validFrom;
      const validUntil = input.validUntil === undefined ? current.validUntil : input.validUntil ? new Date(input.validUntil) : null;
      if (validUntil && validUntil <= validFrom) {
        throw new AppError('validation_failed', 'validUntil must be after validFrom.', { field: 'validUntil' });
      }
      const signedBy = input.signedBy ?? current.signedBy;
      const guardianName = input.guardianName === undefined ? current.guardianName : input.guardianName;
      if (signedBy === 'guardian' && !guardianName) {
        throw new AppError('validation_failed', 'Name the guardian who signed.', { field: 'guardianName' });
      }
      const a = await repos.agreements.update(ctx.tenantId, id, {
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.channels ? { channels: [...new Set(input.channels)] } : {}),
        validFrom,
        validUntil,
        signedBy,
        guardianName,
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
      });
      await repos.audit.append({ ...auditMeta(ctx), action: 'agreement.updated', entityType: 'agreement', entityId: id, before: agreementSummary(current), after: agreementSummary(a) });
      await this.effects.personsChanged(scope, ctx.tenantId, [a.personId]);
      return toAgreementDto(a, lead);
    });
  }

  async withdraw(ctx: RequestContext, id: string, input: AgreementWithdraw): Promise<AgreementDto> {
    const now = new Date();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() < now.getTime() - SKEW_MS) {
      throw new AppError('validation_failed', 'A withdrawal cannot be dated in the past: files already used stay used.', { field: 'at' });
    }
    const lead = await this.lead(ctx.tenantId);
    return this.uow.run(async (_repos, _afterCommit, scope) => {
      const done = await this.withdrawal.run(scope, {
        tenantId: ctx.tenantId,
        agreementId: id,
        at: at < now ? now : at,
        reason: input.reason ?? null,
        by: auditMeta(ctx),
      });
      if (!done) throw new AppError('not_found', 'No such agreement.');
      if (done.already) throw new AppError('conflict', 'This agreement is already withdrawn.');
      return toAgreementDto(done.agreement, lead);
    });
  }

  async attach(ctx: RequestContext, agreementId: string, file: UploadedFile): Promise<AgreementDocumentDto> {
    const key = `documents/${ctx.tenantId}/${randomUUID()}`;
    try {
      const contentType = await sniffType(file.path, file.declaredType, DOCUMENT_TYPES, 'a PDF, an image or an audio recording');
      const agreement = await this.repos.agreements.findInTenant(ctx.tenantId, agreementId);
      if (!agreement) throw new AppError('not_found', 'No such agreement.');
      await this.storage.moveInto(file.path, key);
      return await this.uow.run(async (repos) => {
        const doc = await repos.documents.create({
          tenantId: ctx.tenantId,
          agreementId,
          fileName: file.fileName,
          contentType,
          size: file.size,
          sha256: file.sha256,
          storageKey: key,
        });
        await repos.audit.append({
          ...auditMeta(ctx),
          action: 'document.attached',
          entityType: 'agreement',
          entityId: agreementId,
          after: { documentId: doc.id, contentType, size: file.size, sha256: file.sha256 },
        });
        return toDocumentDto(doc);
      });
    } catch (err) {
      await this.storage.discard(file.path);
      await this.storage.remove(key);
      throw err;
    }
  }

  async openDocument(ctx: RequestContext, id: string) {
    const doc = await this.repos.documents.findInTenant(ctx.tenantId, id);
    if (!doc) throw new AppError('not_found', 'No such document.');
    const path = this.storage.pathOf(doc.storageKey);
    if (!fs.existsSync(path)) throw new AppError('not_found', 'The document file is missing.');
    return { path, contentType: doc.contentType, fileName: doc.fileName, size: doc.size };
  }

  async deleteDocument(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    const key = await this.uow.run(async (repos) => {
      const doc = await repos.documents.findInTenant(ctx.tenantId, id);
      if (!doc) throw new AppError('not_found', 'No such document.');
      await repos.documents.delete(ctx.tenantId, id);
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'document.deleted',
        entityType: 'agreement',
        entityId: doc.agreementId,
        before: { documentId: id, sha256: doc.sha256 },
      });
      return doc.storageKey;
    });
    await this.storage.remove(key);
    return { ok: true };
  }
}
