import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';

export interface TemplateVersionData {
  purpose: string;
  content: unknown;
  validityDays: number | null;
  channels: string[];
  methods: string[];
  editableText: boolean;
  editableFields: string[];
  createdById: string | null;
}

/** Consent templates and their numbered versions. */
export class ConsentTemplateRepository {
  constructor(private readonly db: DbOrTx) {}

  async createTemplate(tenantId: string, name: string, version: TemplateVersionData) {
    const template = await this.db.consentTemplate.create({ data: { tenantId, name, latestVersion: 1 } });
    const v = await this.db.consentTemplateVersion.create({ data: this.versionData(tenantId, template.id, 1, version) });
    return { template, version: v };
  }

  private versionData(tenantId: string, templateId: string, n: number, v: TemplateVersionData) {
    return {
      tenantId,
      templateId,
      version: n,
      purpose: v.purpose,
      content: jsonColumn(v.content),
      validityDays: v.validityDays,
      channels: v.channels,
      methods: v.methods,
      editableText: v.editableText,
      editableFields: v.editableFields,
      createdById: v.createdById,
    };
  }

  /** Claims the next version number on the template row (serialising concurrent editors) and writes it. */
  async addVersion(tenantId: string, templateId: string, name: string, version: TemplateVersionData) {
    const template = await this.db.consentTemplate.update({ where: { id: templateId, tenantId }, data: { name, latestVersion: { increment: 1 } } });
    const v = await this.db.consentTemplateVersion.create({ data: this.versionData(tenantId, templateId, template.latestVersion, version) });
    return { template, version: v };
  }

  findTemplate(tenantId: string, id: string) {
    return this.db.consentTemplate.findFirst({ where: { tenantId, id } });
  }

  listTemplates(tenantId: string) {
    return this.db.consentTemplate.findMany({ where: { tenantId }, orderBy: [{ archivedAt: 'asc' }, { name: 'asc' }] });
  }

  archiveTemplate(tenantId: string, id: string, at: Date) {
    return this.db.consentTemplate.update({ where: { id, tenantId }, data: { archivedAt: at } });
  }

  findVersion(templateId: string, version: number) {
    return this.db.consentTemplateVersion.findUnique({ where: { templateId_version: { templateId, version } } });
  }

  findVersionById(tenantId: string, id: string) {
    return this.db.consentTemplateVersion.findFirst({ where: { tenantId, id } });
  }

  latestVersions(templateIds: string[]) {
    return this.db.consentTemplate
      .findMany({ where: { id: { in: templateIds } }, select: { id: true, latestVersion: true } })
      .then((rows) =>
        this.db.consentTemplateVersion.findMany({ where: { OR: rows.map((r) => ({ templateId: r.id, version: r.latestVersion })) } }),
      );
  }

  listVersions(templateId: string) {
    return this.db.consentTemplateVersion.findMany({ where: { templateId }, orderBy: { version: 'desc' } });
  }
}

export type ConsentTemplateVersionRow = NonNullable<Awaited<ReturnType<ConsentTemplateRepository['findVersionById']>>>;
