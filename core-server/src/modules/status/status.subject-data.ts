import type { SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { exportRow } from '../../kernel/subject-data';
import type { StatusRepositories } from './status.repositories';

/** The dashboard's warnings about a person (an agreement about to end). */
export class StatusSubjectData implements SubjectDataSource {
  constructor(private readonly repos: StatusRepositories) {}

  async collect(tenantId: string, personId: string): Promise<SubjectDataShare> {
    return { sections: { notifications: (await this.repos.notifications.forPerson(tenantId, personId)).map((n) => exportRow(n)) }, files: [] };
  }
}
