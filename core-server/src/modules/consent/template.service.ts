import {
  AppError,
  type ConsentLocale,
  type ConsentTemplateCreate,
  type ConsentTemplateDto,
  type ConsentTemplatePreview,
  type ConsentTemplateUpdate,
} from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { personDisplayName } from '../../kernel/person-name';
import type { RegisterFacade } from '../register';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { ConsentTemplateVersionRow } from './consent-template.repository';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { markdownToHtml, renderTexts, textHash, unknownVariables, type LocaleTexts } from './template.render';
import { starterTemplates } from './starter-templates';

type TemplateRow = NonNullable<Awaited<ReturnType<ConsentRepositories['consentTemplates']['findTemplate']>>>;

export function toTemplateDto(t: TemplateRow, v: ConsentTemplateVersionRow): ConsentTemplateDto {
  return {
    id: t.id,
    name: t.name,
    archived: t.archivedAt !== null,
    version: v.version,
    versionId: v.id,
    purpose: v.purpose as ConsentTemplateDto['purpose'],
    texts: v.content as unknown as LocaleTexts,
    validityDays: v.validityDays,
    channels: v.channels as string[],
    methods: v.methods as ConsentTemplateDto['methods'],
    editableText: v.editableText,
    editableFields: v.editableFields as ConsentTemplateDto['editableFields'],
    createdAt: t.createdAt.toISOString(),
    updatedAt: v.createdAt.toISOString(),
  };
}

/** What an audit row may say about a template version: no text, only its shape and a hash. */
function auditSummary(v: ConsentTemplateVersionRow) {
  return { version: v.version, purpose: v.purpose, channels: v.channels, methods: v.methods, validityDays: v.validityDays, textHash: textHash('sv', (v.content as unknown as LocaleTexts).sv) };
}

export class ConsentTemplateService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly settings: TenantSettingsSource,
    private readonly register: RegisterFacade['signer'],
  ) {}

  private async check(tenantId: string, input: ConsentTemplateCreate) {
    const settings = await this.settings.get(tenantId);
    const unknown = input.channels.filter((c) => !settings.channels.includes(c));
    if (unknown.length) throw new AppError('channel_unknown', `Unknown channel: ${unknown.join(', ')}.`, { unknown, channels: settings.channels });
    for (const locale of ['sv', 'en'] as const) {
      const t = input.texts[locale];
      const bad = unknownVariables(`${t.title}\n${t.body}\n${t.completionText}`);
      if (bad.length) {
        throw new AppError('validation_failed', `Unknown variable ${bad.map((b) => `{{${b}}}`).join(', ')} in the ${locale === 'sv' ? 'Swedish' : 'English'} text.`, {
          field: `texts.${locale}`,
          unknown: bad,
        });
      }
    }
  }

  private versionData(ctx: RequestContext, input: ConsentTemplateCreate) {
    return {
      purpose: input.purpose,
      content: input.texts,
      validityDays: input.validityDays,
      channels: [...new Set(input.channels)],
      methods: input.methods,
      editableText: input.editableText,
      editableFields: [...new Set(input.editableFields)],
      createdById: ctx.actor.id,
    };
  }

  private async find(tenantId: string, id: string) {
    const t = await this.repos.consentTemplates.findTemplate(tenantId, id);
    if (!t) throw new AppError('not_found', 'No such consent template.');
    const v = await this.repos.consentTemplates.findVersion(t.id, t.latestVersion);
    if (!v) throw new AppError('not_found', 'The template has no version.');
    return { t, v };
  }

  async list(ctx: RequestContext): Promise<{ items: ConsentTemplateDto[] }> {
    const templates = await this.repos.consentTemplates.listTemplates(ctx.tenantId);
    if (templates.length === 0) return { items: [] };
    const versions = new Map((await this.repos.consentTemplates.latestVersions(templates.map((t) => t.id))).map((v) => [v.templateId, v]));
    return { items: templates.filter((t) => versions.has(t.id)).map((t) => toTemplateDto(t, versions.get(t.id)!)) };
  }

  async get(ctx: RequestContext, id: string): Promise<ConsentTemplateDto> {
    const { t, v } = await this.find(ctx.tenantId, id);
    return toTemplateDto(t, v);
  }

  async versions(ctx: RequestContext, id: string): Promise<{ items: ConsentTemplateDto[] }> {
    const { t } = await this.find(ctx.tenantId, id);
    return { items: (await this.repos.consentTemplates.listVersions(t.id)).map((v) => toTemplateDto(t, v)) };
  }

  async create(ctx: RequestContext, input: ConsentTemplateCreate): Promise<ConsentTemplateDto> {
    await this.check(ctx.tenantId, input);
    return this.uow.run(async (repos) => {
      const { template, version } = await repos.consentTemplates.createTemplate(ctx.tenantId, input.name, this.versionData(ctx, input));
      await repos.audit.append({ ...auditMeta(ctx), action: 'consent_template.created', entityType: 'consent_template', entityId: template.id, after: { name: template.name, ...auditSummary(version) } });
      return toTemplateDto(template, version);
    });
  }

  /** A new organisation's ready-made templates, through the same checks and audit as any template; only into an empty list. */
  async installStarters(ctx: RequestContext): Promise<ConsentTemplateDto[]> {
    if ((await this.repos.consentTemplates.listTemplates(ctx.tenantId)).length > 0) return [];
    const { channels } = await this.settings.get(ctx.tenantId);
    const created: ConsentTemplateDto[] = [];
    for (const template of starterTemplates(channels)) created.push(await this.create(ctx, template));
    return created;
  }

  async update(ctx: RequestContext, id: string, input: ConsentTemplateUpdate): Promise<ConsentTemplateDto> {
    await this.check(ctx.tenantId, input);
    return this.uow.run(async (repos) => {
      const current = await repos.consentTemplates.findTemplate(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such consent template.');
      if (current.archivedAt) throw new AppError('conflict', 'This template is archived.');
      const before = await repos.consentTemplates.findVersion(id, current.latestVersion);
      const { template, version } = await repos.consentTemplates.addVersion(ctx.tenantId, id, input.name, this.versionData(ctx, input));
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'consent_template.updated',
        entityType: 'consent_template',
        entityId: id,
        before: before ? { name: current.name, ...auditSummary(before) } : null,
        after: { name: template.name, ...auditSummary(version) },
      });
      return toTemplateDto(template, version);
    });
  }

  async archive(ctx: RequestContext, id: string): Promise<ConsentTemplateDto> {
    return this.uow.run(async (repos) => {
      const current = await repos.consentTemplates.findTemplate(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such consent template.');
      const t = current.archivedAt ? current : await repos.consentTemplates.archiveTemplate(ctx.tenantId, id, new Date());
      const v = await repos.consentTemplates.findVersion(id, t.latestVersion);
      if (!current.archivedAt) {
        await repos.audit.append({ ...auditMeta(ctx), action: 'consent_template.archived', entityType: 'consent_template', entityId: id, before: { name: t.name } });
      }
      return toTemplateDto(t, v!);
    });
  }

  async preview(ctx: RequestContext, id: string, input: ConsentTemplatePreview) {
    const { v } = await this.find(ctx.tenantId, id);
    const settings = await this.settings.get(ctx.tenantId);
    let personName = 'Anna Andersson';
    let guardianName: string | null = null;
    if (input.personId) {
      const p = await this.register.person(ctx.tenantId, input.personId);
      if (!p) throw new AppError('not_found', 'No such person.');
      personName = personDisplayName(p);
      guardianName = p.guardianName;
    }
    const locale: ConsentLocale = input.locale;
    const texts = renderTexts(v.content as unknown as LocaleTexts, {
      personName,
      guardianName,
      organisation: settings.name,
      session: input.session ?? null,
      sessionDate: new Date(),
      channels: v.channels as string[],
      validityDays: v.validityDays,
      validUntil: null,
    });
    const t = texts[locale];
    return { locale, title: t.title, markdown: t.body, html: markdownToHtml(t.body), textHash: textHash(locale, t) };
  }
}
