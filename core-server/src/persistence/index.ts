import type { Db, DbOrTx } from '../db/prisma.client';
import type { AfterCommit, UnitOfWork as KernelUnitOfWork } from '../kernel/unit-of-work';
import { AssetRepository, BoxRepository, UsageRepository } from '../modules/assets/asset.repository';
import { StatusInputRepository } from '../modules/status/status.repository';
import { AuditRepository } from '../modules/admin/audit.repository';
import { FaceRepository } from '../modules/faces/face.repository';
import { ConsentMessageRepository } from '../modules/consent/consent-message.repository';
import { ConsentRequestRepository } from '../modules/consent/consent-request.repository';
import { ConsentSettingsRepository } from '../modules/consent/consent-settings.repository';
import { ConsentTemplateRepository } from '../modules/consent/consent-template.repository';
import { SignatureRepository } from '../modules/consent/signature.repository';
import { DocumentsRepository } from '../modules/documents/documents.repository';
import { MaintenanceRepository } from '../modules/maintenance/maintenance.repository';
import { EventRepository, NotificationRepository, WebhookRepository } from '../modules/live/live.repository';
import { StatusStateRepository } from '../modules/status/status.repository';
import { AgreementRepository, DocumentRepository, PersonRepository } from '../modules/register/person.repository';
import { TenantRepository } from '../modules/admin/tenant.repository';
import { ApiKeyRepository, SessionRepository, UserRepository } from '../modules/admin/user.repository';

export function createRepositories(db: DbOrTx) {
  return {
    tenants: new TenantRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    apiKeys: new ApiKeyRepository(db),
    persons: new PersonRepository(db),
    agreements: new AgreementRepository(db),
    documents: new DocumentRepository(db),
    assets: new AssetRepository(db),
    boxes: new BoxRepository(db),
    usages: new UsageRepository(db),
    statusInputs: new StatusInputRepository(db),
    audit: new AuditRepository(db),
    statusStates: new StatusStateRepository(db),
    events: new EventRepository(db),
    webhooks: new WebhookRepository(db),
    notifications: new NotificationRepository(db),
    faces: new FaceRepository(db),
    consentSettings: new ConsentSettingsRepository(db),
    consentTemplates: new ConsentTemplateRepository(db),
    consentRequests: new ConsentRequestRepository(db),
    consentMessages: new ConsentMessageRepository(db),
    signatures: new SignatureRepository(db),
    officeDocuments: new DocumentsRepository(db),
    maintenance: new MaintenanceRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
export type UnitOfWork = KernelUnitOfWork<Repositories>;

/**
 * Runs a use case in one database transaction with repositories bound to it.
 * After-commit callbacks (cache invalidation, pushes) run only once the commit succeeded.
 */
export class PrismaUnitOfWork implements UnitOfWork {
  private readonly rollbackListeners: Array<() => void> = [];

  constructor(private readonly db: Db) {}

  /** Called after any rolled-back transaction (see the status module for why). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  async run<T>(work: (repos: Repositories, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    let result: T;
    try {
      result = await this.db.$transaction((tx) => work(createRepositories(tx), (fn) => callbacks.push(fn)), {
        timeout: 20_000,
        maxWait: 20_000,
      });
    } catch (err) {
      for (const fn of this.rollbackListeners) fn();
      throw err;
    }
    for (const fn of callbacks) fn();
    return result;
  }
}
