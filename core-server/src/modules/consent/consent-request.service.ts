import {
  AppError,
  CONSENT_REQUEST_STATUSES,
  isMinor,
  type ConsentBatchDto,
  type ConsentBulkCreate,
  type ConsentOutboxMessageDto,
  type ConsentRequestCreate,
  type ConsentRequestDto,
  type ConsentRequestListQuery,
  type ConsentRequestStatus,
} from '@likeness/shared';
import { hashToken, newToken } from '../../kernel/tokens';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { personDisplayName } from '../../kernel/person-name';
import type { AssetsFacade } from '../assets';
import type { RegisterFacade } from '../register';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { ConsentRequestRow } from './consent-request.repository';
import type { ConsentTemplateVersionRow } from './consent-template.repository';
import type { PersonWithAgreements } from '../register';
import type { AfterCommit } from '../../kernel/unit-of-work';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TenantSettings } from '../../kernel/tenant-settings';
import { receiptLink, signLink, toMessageDto, toRequestDto, type StoredContent } from './consent-request.mapper';
import type { ConsentMessenger } from './messenger';
import { strings } from './signing-page/i18n';
import { formatDate, renderTexts, type LocaleTexts } from './template.render';

const DAY = 86_400_000;
const OPEN: ConsentRequestStatus[] = ['created', 'sent', 'delivered', 'opened'];
const SYSTEM = { type: 'system' as const, id: null, label: 'consent scheduler' };

type RequestOptions = Omit<ConsentRequestCreate, 'personId' | 'templateId' | 'assetIds' | 'texts'> & {
  assetIds?: string[];
  texts?: ConsentRequestCreate['texts'];
};

interface Prepared {
  person: PersonWithAgreements;
  recipient: 'subject' | 'guardian';
  phone: string | null;
  email: string | null;
  content: LocaleTexts;
  channels: string[];
  validUntil: Date | null;
  assetIds: string[];
}

export class ConsentRequestService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly settings: TenantSettingsSource,
    /** Whom a request is for, and which of their files it names: the register's and the assets module's rows. */
    private readonly register: RegisterFacade['signer'],
    private readonly assets: AssetsFacade['lookup'],
    private readonly messenger: ConsentMessenger,
    /** Configured base of signing links (PublicUrls.signing): never the Host header of the admin's request. */
    private readonly signingBase: () => string,
    private readonly bankidAvailable: boolean,
    private readonly providers: (tenantId: string) => Promise<{ sms: boolean; email: boolean }> = async () => ({ sms: true, email: true }),
    private readonly devOutbox = false,
  ) {}

  /** A request by SMS or email needs someone to carry it; without one it would only sit readable for staff. */
  private async requireProviders(tenantId: string, via: Array<'sms' | 'email'>): Promise<void> {
    const can = await this.providers(tenantId);
    if (via.includes('sms') && !can.sms) throw new AppError('conflict', 'No SMS provider is configured: add a Twilio account under consent settings. / Ingen SMS-leverantör är inställd: lägg till ett Twilio-konto under samtyckesinställningarna.', { field: 'via', missing: 'sms_provider' });
    if (via.includes('email') && !can.email) throw new AppError('conflict', 'No email server is configured (SMTP_URL). / Ingen e-postserver är inställd (SMTP_URL).', { field: 'via', missing: 'email_provider' });
  }

  private baseUrl(): string {
    return this.signingBase();
  }

  private async template(tenantId: string, templateId: string) {
    const t = await this.repos.consentTemplates.findTemplate(tenantId, templateId);
    if (!t) throw new AppError('not_found', 'No such consent template.');
    if (t.archivedAt) throw new AppError('conflict', 'This template is archived.');
    const v = await this.repos.consentTemplates.findVersion(t.id, t.latestVersion);
    if (!v) throw new AppError('not_found', 'The template has no version.');
    return v;
  }

  /** Checks one person against a template and the options; throws an AppError saying what is missing. */
  private async prepare(tenant: TenantSettings, person: PersonWithAgreements, v: ConsentTemplateVersionRow, o: RequestOptions): Promise<Prepared> {
    if (person.deceased) throw new AppError('validation_failed', 'The person is deceased.', { field: 'personId' });
    const minor = isMinor(person.birthDate, new Date(), tenant.adultAge);
    const recipient = minor ? 'guardian' : 'subject';
    const phone = minor ? person.guardianPhone : person.phone;
    const email = minor ? person.guardianEmail : person.email;
    for (const via of o.via) {
      if (via === 'sms' && !phone) throw new AppError('validation_failed', minor ? 'The guardian has no mobile number.' : 'The person has no mobile number.', { field: 'via', missing: minor ? 'guardianPhone' : 'phone' });
      if (via === 'email' && !email) throw new AppError('validation_failed', minor ? 'The guardian has no email address.' : 'The person has no email address.', { field: 'via', missing: minor ? 'guardianEmail' : 'email' });
    }
    if (minor && !person.guardianName) throw new AppError('validation_failed', 'The person is a minor: name the guardian first.', { field: 'guardianName' });
    const methods = v.methods as string[];
    const usable = methods.filter((m) => (m === 'bankid' ? this.bankidAvailable : m === 'sms_code' ? !!phone : !!email));
    if (usable.length === 0) throw new AppError('validation_failed', 'None of the template\'s signing methods can be used for this person.', { field: 'methods', methods });

    const channels = [...new Set(o.channels ?? (v.channels as string[]))];
    const unknown = channels.filter((c) => !tenant.channels.includes(c));
    if (unknown.length) throw new AppError('channel_unknown', `Unknown channel: ${unknown.join(', ')}.`, { unknown, channels: tenant.channels });
    const validUntil = o.validUntil ? new Date(o.validUntil) : null;
    if (validUntil && validUntil.getTime() <= Date.now()) throw new AppError('validation_failed', 'validUntil must be in the future.', { field: 'validUntil' });

    const assetIds = [...new Set(o.assetIds ?? [])];
    for (const id of assetIds) {
      const asset = await this.assets.asset(tenant.id, id);
      if (!asset) throw new AppError('not_found', `No such asset: ${id}.`, { field: 'assetIds', assetId: id });
      if (!asset.boxes.some((b) => b.personId === person.id)) throw new AppError('validation_failed', 'The person is not marked in one of the files.', { field: 'assetIds', assetId: id });
    }

    const base = v.content as unknown as LocaleTexts;
    let texts = base;
    if (o.texts && (o.texts.sv || o.texts.en)) {
      if (!v.editableText) throw new AppError('validation_failed', 'This template\'s text may not be edited.', { field: 'texts' });
      texts = {
        sv: { ...base.sv, ...o.texts.sv },
        en: { ...base.en, ...o.texts.en },
      };
    }
    const content = renderTexts(texts, {
      personName: personDisplayName(person),
      guardianName: person.guardianName,
      organisation: tenant.name,
      session: o.session ?? null,
      sessionDate: o.sessionDate ? new Date(o.sessionDate) : null,
      channels,
      validityDays: v.validityDays,
      validUntil,
    });
    return { person, recipient, phone, email, content, channels, validUntil, assetIds };
  }

  /** Writes a request, its sign token and its invitations in the current transaction. */
  private async write(
    repos: ConsentRepositories,
    afterCommit: AfterCommit,
    ctx: RequestContext,
    tenant: TenantSettings,
    v: ConsentTemplateVersionRow,
    p: Prepared,
    o: RequestOptions,
    baseUrl: string,
    batchId: string | null,
  ) {
    const cs = await repos.consentSettings.settings(ctx.tenantId);
    const now = Date.now();
    const expiresAt = new Date(now + (o.expiresInDays ?? cs?.linkValidityDays ?? 14) * DAY);
    const remindDays = o.remindAfterDays === undefined ? (cs?.reminderAfterDays ?? null) : o.remindAfterDays;
    const remindAt = remindDays && now + remindDays * DAY < expiresAt.getTime() ? new Date(now + remindDays * DAY) : null;
    const content: StoredContent = { locale: o.locale, texts: p.content };
    const r = await repos.consentRequests.createRequest({
      tenantId: ctx.tenantId,
      personId: p.person.id,
      templateVersionId: v.id,
      batchId,
      recipient: p.recipient,
      via: o.via,
      phone: p.phone,
      email: p.email,
      content,
      channels: p.channels,
      validityDays: p.validUntil ? null : v.validityDays,
      validUntil: p.validUntil,
      assetIds: p.assetIds,
      session: o.session ?? null,
      sessionDate: o.sessionDate ? new Date(o.sessionDate) : null,
      baseUrl,
      expiresAt,
      remindAt,
      createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      expectedPersonalNumber: o.personalNumber ?? null,
    });
    await repos.audit.append({
      ...auditMeta(ctx),
      action: 'consent_request.created',
      entityType: 'consent_request',
      entityId: r.id,
      after: { personId: p.person.id, templateVersionId: v.id, version: v.version, recipient: p.recipient, via: o.via, channels: p.channels, assets: p.assetIds.length, batchId, expiresAt: expiresAt.toISOString(), personalNumberRequired: Boolean(o.personalNumber) },
    });
    await this.sendInvites(repos, afterCommit, r.id, 'invite');
    return r;
  }

  /** A fresh sign link (earlier ones stay valid until the request expires) and one message per way. */
  private async sendInvites(repos: ConsentRepositories, afterCommit: AfterCommit, requestId: string, kind: 'invite' | 'reminder') {
    const r = (await repos.consentRequests.findRequestFull(requestId))!;
    const token = newToken();
    await repos.consentRequests.createToken({ tenantId: r.tenantId, requestId, purpose: 'sign', tokenHash: hashToken(token), expiresAt: r.expiresAt });
    const { locale, texts } = r.content as unknown as StoredContent;
    const s = strings(locale);
    const link = signLink(r.baseUrl, token);
    const until = formatDate(r.expiresAt, locale);
    const org = r.tenant.name;
    const title = texts[locale].title;
    const child = r.recipient === 'guardian' ? personDisplayName(r.person) : null;
    const prefix = kind === 'reminder' ? s.reminderPrefix : '';
    for (const via of r.via as string[]) {
      if (via === 'sms' && r.phone) {
        const body = child ? s.smsInviteGuardian({ org, title, link, until, child }) : s.smsInvite({ org, title, link, until });
        await this.messenger.queue(repos, afterCommit, { tenantId: r.tenantId, requestId, kind, channel: 'sms', to: r.phone, subject: null, body: prefix + body });
      }
      if (via === 'email' && r.email) {
        const name = (r.recipient === 'guardian' ? r.person.guardianName : r.person.name) ?? '';
        await this.messenger.queue(repos, afterCommit, {
          tenantId: r.tenantId,
          requestId,
          kind,
          channel: 'email',
          to: r.email,
          subject: prefix + s.emailSubject(org, title),
          body: s.emailInvite({ org, title, link, until, name, child }),
        });
      }
    }
  }

  async create(ctx: RequestContext, input: ConsentRequestCreate): Promise<ConsentRequestDto> {
    const [tenant, v, person] = await Promise.all([
      this.settings.get(ctx.tenantId),
      this.template(ctx.tenantId, input.templateId),
      this.register.person(ctx.tenantId, input.personId),
    ]);
    if (!person) throw new AppError('not_found', 'No such person.');
    await this.requireProviders(ctx.tenantId, input.via);
    const baseUrl = this.baseUrl();
    const p = await this.prepare(tenant, person, v, input);
    const id = await this.uow.run(async (repos, afterCommit) => (await this.write(repos, afterCommit, ctx, tenant, v, p, input, baseUrl, null)).id);
    return this.get(ctx, id);
  }

  async bulk(ctx: RequestContext, input: ConsentBulkCreate): Promise<ConsentBatchDto> {
    const [tenant, v] = await Promise.all([this.settings.get(ctx.tenantId), this.template(ctx.tenantId, input.templateId)]);
    await this.requireProviders(ctx.tenantId, input.via);
    const persons = new Map((await this.register.persons(ctx.tenantId, input.personIds)).map((p) => [p.id, p]));
    const ready: Prepared[] = [];
    const skipped: Array<{ personId: string; reason: string }> = [];
    for (const personId of input.personIds) {
      const person = persons.get(personId);
      if (!person) {
        skipped.push({ personId, reason: 'No such person.' });
        continue;
      }
      try {
        ready.push(await this.prepare(tenant, person, v, input));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        skipped.push({ personId, reason: err.message });
      }
    }
    const baseUrl = this.baseUrl();
    const batch = await this.uow.run(async (repos) => {
      const b = await repos.consentRequests.createBatch({ tenantId: ctx.tenantId, templateId: input.templateId, name: input.name ?? null, total: ready.length, skipped, createdById: ctx.actor.type === 'user' ? ctx.actor.id : null });
      await repos.audit.append({ ...auditMeta(ctx), action: 'consent_batch.created', entityType: 'consent_batch', entityId: b.id, after: { templateId: input.templateId, version: v.version, requests: ready.length, skipped: skipped.length, via: input.via } });
      return b;
    });
    // In chunks: one short transaction each, so a whole school does not hold the database for long.
    for (let i = 0; i < ready.length; i += 25) {
      const chunk = ready.slice(i, i + 25);
      await this.uow.run(async (repos, afterCommit) => {
        for (const p of chunk) await this.write(repos, afterCommit, ctx, tenant, v, p, input, baseUrl, batch.id);
      });
    }
    return this.batch(ctx, batch.id);
  }

  async batch(ctx: RequestContext, id: string): Promise<ConsentBatchDto> {
    const b = await this.repos.consentRequests.findBatch(ctx.tenantId, id);
    if (!b) throw new AppError('not_found', 'No such batch.');
    const counts = Object.fromEntries(CONSENT_REQUEST_STATUSES.map((s) => [s, 0])) as Record<ConsentRequestStatus, number>;
    for (const row of await this.repos.consentRequests.countByStatus(b.id)) counts[row.status as ConsentRequestStatus] = row._count._all;
    const total = Object.values(counts).reduce((a, n) => a + n, 0);
    const pending = OPEN.reduce((a, s) => a + counts[s], 0);
    return {
      id: b.id,
      templateId: b.templateId,
      name: b.name,
      total,
      counts,
      signed: counts.signed,
      pending,
      progress: total === 0 ? 1 : Math.round(((total - pending) / total) * 1000) / 1000,
      skipped: b.skipped as ConsentBatchDto['skipped'],
      createdAt: b.createdAt.toISOString(),
    };
  }

  async list(ctx: RequestContext, q: ConsentRequestListQuery): Promise<{ items: ConsentRequestDto[]; nextCursor: string | null }> {
    const rows = await this.repos.consentRequests.listRequests(ctx.tenantId, q, q);
    const page = rows.slice(0, q.limit);
    return { items: page.map(toRequestDto), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
  }

  async get(ctx: RequestContext, id: string): Promise<ConsentRequestDto> {
    const r = await this.repos.consentRequests.findRequest(ctx.tenantId, id);
    if (!r) throw new AppError('not_found', 'No such consent request.');
    return toRequestDto(r);
  }

  async cancel(ctx: RequestContext, id: string, reason: string | null | undefined): Promise<ConsentRequestDto> {
    await this.uow.run(async (repos) => {
      const r = await repos.consentRequests.findRequest(ctx.tenantId, id);
      if (!r) throw new AppError('not_found', 'No such consent request.');
      const now = new Date();
      if (!(await repos.consentRequests.transition(ctx.tenantId, id, OPEN, { status: 'cancelled', cancelledAt: now, completedAt: now }))) {
        throw new AppError('conflict', `The request is already ${r.status}.`, { status: r.status });
      }
      await repos.consentRequests.useTokens(ctx.tenantId, id, 'sign', now);
      await repos.audit.append({ ...auditMeta(ctx), action: 'consent_request.cancelled', entityType: 'consent_request', entityId: id, before: { status: r.status }, after: { status: 'cancelled', reason: reason ?? null } });
    });
    return this.get(ctx, id);
  }

  async remind(ctx: RequestContext, id: string): Promise<ConsentRequestDto> {
    await this.uow.run(async (repos, afterCommit) => {
      const r = await repos.consentRequests.findRequest(ctx.tenantId, id);
      if (!r) throw new AppError('not_found', 'No such consent request.');
      if (!OPEN.includes(r.status as ConsentRequestStatus)) throw new AppError('conflict', `The request is already ${r.status}.`, { status: r.status });
      if (r.expiresAt <= new Date()) throw new AppError('conflict', 'The request has expired.');
      await repos.consentRequests.updateRequest(ctx.tenantId, id, { reminders: r.reminders + 1, remindAt: null });
      await this.sendInvites(repos, afterCommit, id, 'reminder');
      await repos.audit.append({ ...auditMeta(ctx), action: 'consent_request.reminded', entityType: 'consent_request', entityId: id, after: { reminders: r.reminders + 1 } });
    });
    return this.get(ctx, id);
  }

  async outbox(ctx: RequestContext, q: { limit: number; cursor?: string; requestId?: string }): Promise<{ items: ConsentOutboxMessageDto[]; nextCursor: string | null }> {
    if (!this.devOutbox) throw new AppError('not_found', 'The dev outbox is off (LIKENESS_DEV_OUTBOX, development only).');
    const rows = await this.repos.consentMessages.listOutbox(ctx.tenantId, q, q);
    const page = rows.slice(0, q.limit);
    return { items: page.map((m) => ({ ...toMessageDto(m), body: m.body })), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
  }

  /** Expires what is overdue and sends the reminders that are due. Run periodically; each step claims its row. */
  async sweep(now = new Date()): Promise<{ expired: number; reminded: number }> {
    let expired = 0;
    let reminded = 0;
    for (const r of await this.repos.consentRequests.overdue(now, 200)) {
      if (await this.expire(r.id, r.tenantId, now)) expired++;
    }
    for (const r of await this.repos.consentRequests.dueReminders(now, 200)) {
      const done = await this.uow.run(async (repos, afterCommit) => {
        const current = await repos.consentRequests.findRequest(r.tenantId, r.id);
        if (!current || !current.remindAt || current.remindAt > now) return false;
        if (!(await repos.consentRequests.transition(r.tenantId, r.id, ['sent', 'delivered', 'opened'], { status: current.status, remindAt: null, reminders: current.reminders + 1 }))) return false;
        await this.sendInvites(repos, afterCommit, r.id, 'reminder');
        await repos.audit.append({ tenantId: r.tenantId, actor: SYSTEM, action: 'consent_request.reminded', entityType: 'consent_request', entityId: r.id, after: { reminders: current.reminders + 1, automatic: true } });
        return true;
      });
      if (done) reminded++;
    }
    return { expired, reminded };
  }

  /** Moves an open request past its expiry to `expired`, once. */
  async expire(id: string, tenantId: string, now = new Date()): Promise<boolean> {
    return this.uow.run(async (repos) => {
      if (!(await repos.consentRequests.transition(tenantId, id, OPEN, { status: 'expired', completedAt: now }))) return false;
      await repos.consentRequests.useTokens(tenantId, id, 'sign', now);
      await repos.audit.append({ tenantId, actor: SYSTEM, action: 'consent_request.expired', entityType: 'consent_request', entityId: id, after: { status: 'expired' } });
      return true;
    });
  }
}
