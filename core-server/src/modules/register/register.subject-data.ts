import type { SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { exportRow, safeName } from '../../kernel/subject-data';
import type { FileStorage } from '../../storage/file.storage';
import type { RegisterRepositories } from './register.repositories';

/** The register's part of a person's export: their details, every custom field, agreements and attached documents. */
export class RegisterSubjectData implements SubjectDataSource {
  constructor(
    private readonly repos: RegisterRepositories,
    private readonly storage: FileStorage,
  ) {}

  async collect(tenantId: string, personId: string): Promise<SubjectDataShare> {
    const person = await this.repos.persons.forExport(tenantId, personId);
    if (!person) return { sections: {}, files: [] };
    const { agreements, customFields, searchText: _derived, ...details } = person;
    const share: SubjectDataShare = {
      sections: {
        person: [exportRow(details)],
        // Every field, shown or hidden in the dashboard: the person has a right to all of it.
        custom_fields: Object.entries((customFields ?? {}) as Record<string, unknown>).map(([field, value]) => ({ field, value })),
        agreements: agreements.map(({ documents: _docs, ...a }) => exportRow(a)),
        agreement_documents: [],
      },
      files: [],
    };
    for (const a of agreements) {
      for (const d of a.documents) {
        const index = share.sections.agreement_documents!.push(exportRow(d, ['storageKey'])) - 1;
        const path = `documents/${d.id}-${safeName(d.fileName)}`;
        share.files.push({ category: 'agreement_documents', index, file: { path, contentType: d.contentType, size: d.size, sha256: d.sha256, source: { storagePath: this.storage.pathOf(d.storageKey) } } });
      }
    }
    return share;
  }
}

