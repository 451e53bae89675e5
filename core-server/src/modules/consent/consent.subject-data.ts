import type { SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { exportRow } from '../../kernel/subject-data';
import type { ConsentRepositories } from './consent.repositories';

/** A person's consent requests (what was sent, how they signed or declined), the sealed evidence and the PDF receipts. */
export class ConsentSubjectData implements SubjectDataSource {
  constructor(private readonly repos: ConsentRepositories) {}

  async collect(tenantId: string, personId: string): Promise<SubjectDataShare> {
    const requests = await this.repos.consentRequests.forExport(tenantId, personId);
    const evidence = requests.length ? await this.repos.consentRequests.evidenceForExport(tenantId, requests.map((r) => r.id)) : [];
    const share: SubjectDataShare = {
      sections: {
        consent_requests: requests.map(({ templateVersion, ...r }) => ({ ...exportRow(r, ['baseUrl']), template: { name: templateVersion.template.name, version: templateVersion.version } })),
        consent_evidence: evidence.map((e) => exportRow(e)),
        receipts: [],
      },
      files: [],
    };
    for (const e of evidence) {
      const index = share.sections.receipts!.push({ requestId: e.requestId, agreementId: e.agreementId, sha256: e.receiptSha256 }) - 1;
      share.files.push({ category: 'receipts', index, file: { path: `receipts/${e.requestId}.pdf`, contentType: 'application/pdf', size: e.receipt.length, sha256: e.receiptSha256, source: { bytes: e.receipt } } });
    }
    return share;
  }
}
