/**
 * Privacy: the data subject's rights of access and portability (Art. 15 and 20). An export asks every
 * module that keeps rows about a person for its share (kernel port SubjectDataSource) and zips them in
 * a job. Erasure (Art. 17) stays with the register; the same sources prove it leaves nothing behind.
 */
import type { Logger } from 'pino';
import type { Module } from '../../kernel/module';
import type { JobQueue, SubjectDataSource } from '../../kernel/ports';
import type { RequestContext } from '../../kernel/request-context';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { FileStorage } from '../../storage/file.storage';
import { privacyRoutes } from './privacy.controller';
import type { PrivacyRepositories, PrivacyUnitOfWork } from './privacy.repositories';
import { SubjectExportService } from './subject-export.service';

export { privacyRepositories } from './privacy.repositories';

/** A finished export can be downloaded for a day; then its zip is deleted. */
export const EXPORT_TTL_MS = 24 * 3_600_000;

export interface PrivacyDeps {
  repos: PrivacyRepositories;
  uow: PrivacyUnitOfWork;
  logger: Logger;
  /** The register's check that the person exists in the caller's organisation. */
  personExists(ctx: RequestContext, personId: string): Promise<void>;
  sources: SubjectDataSource[];
  storage: FileStorage;
  settings: TenantSettingsSource;
  jobs: JobQueue;
  ttlMs?: number;
}

function buildFacade(d: PrivacyDeps) {
  const exports = new SubjectExportService(d.repos, d.uow, { ...d, ttlMs: d.ttlMs ?? EXPORT_TTL_MS });
  d.jobs.process('privacy.export', ({ tenantId, exportId }) => exports.build(tenantId, exportId));
  return { exports, sources: d.sources };
}

export type PrivacyFacade = ReturnType<typeof buildFacade>;

export function createPrivacyModule(d: PrivacyDeps): Module<PrivacyFacade> {
  const facade = buildFacade(d);
  return { facade, routes: privacyRoutes(facade) };
}
