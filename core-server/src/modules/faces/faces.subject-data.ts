import type { SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { exportRow } from '../../kernel/subject-data';
import type { FacesRepositories } from './faces.repositories';

/** Face data about a person: which of their tagged faces have an embedding (never the vector itself), and the suggestions naming them. */
export class FacesSubjectData implements SubjectDataSource {
  constructor(private readonly repos: FacesRepositories) {}

  async collect(tenantId: string, personId: string): Promise<SubjectDataShare> {
    const { embeddings, suggestions } = await this.repos.faces.forExport(tenantId, personId);
    return {
      sections: {
        face_data: [
          ...embeddings.map((e) => ({ kind: 'embedding', ...exportRow(e) })),
          ...suggestions.map(({ box, ...s }) => ({ kind: 'suggestion', assetId: box.assetId, ...exportRow(s) })),
        ],
      },
      files: [],
    };
  }
}
