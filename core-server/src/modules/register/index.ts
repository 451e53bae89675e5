/**
 * Register: persons (with guardians, custom fields, erasure) and their agreements with scans and
 * withdrawal. Every change reports the persons it touched to the status module.
 */
import type { Logger } from 'pino';
import type { JobQueue } from '../../kernel/ports';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { Module } from '../../kernel/module';
import type { RegisterRepositories, RegisterUnitOfWork } from './register.repositories';
import type { FileStorage } from '../../storage/file.storage';
import type { AdminFacade } from '../admin';
import type { AssetsFacade } from '../assets';
import type { FacesFacade } from '../faces';
import type { StatusFacade } from '../status';
import { AgreementService } from './agreement.service';
import { PersonCountsService } from './person-counts.service';
import { PersonImportService } from './person-import.service';
import { PersonService } from './person.service';
import { registerRoutes } from './register.controller';
import { SignerRegister } from './signer-register';
import { WithdrawAgreement } from './withdraw-agreement';
import { RegisterSubjectData } from './register.subject-data';

export type { PersonWithAgreements } from './person.repository';
export { registerRepositories } from './register.repositories';

export interface RegisterDeps {
  repos: RegisterRepositories;
  uow: RegisterUnitOfWork;
  settings: TenantSettingsSource;
  /** The admin module's running person number. */
  nextPersonRefs: AdminFacade['sequences']['nextPersonRefs'];
  storage: FileStorage;
  status: Pick<StatusFacade, 'effects'> & { notifications: Pick<StatusFacade['notifications'], 'forgetPerson'> };
  /** Erasure takes the person's face embeddings with it. */
  faces: { hooks: Pick<FacesFacade['hooks'], 'personErasing'> };
  /** A person's page lists where their files are published. */
  usages: Pick<AssetsFacade['usages'], 'forPerson'>;
  limits: { maxDocumentBytes: number };
  /** Imports run as jobs. */
  jobs: JobQueue;
  logger: Logger;
}

function buildFacade(d: RegisterDeps) {
  const withdrawal = new WithdrawAgreement(d.status.effects, d.uow);
  const persons = new PersonService(d.repos, d.uow, d.settings, d.status.effects, d.storage, d.usages, { nextPersonRefs: d.nextPersonRefs, faces: d.faces.hooks, notifications: d.status.notifications });
  const agreements = new AgreementService(d.repos, d.uow, d.settings, d.status.effects, d.storage, withdrawal);
  return {
    persons,
    /** The overview's numbers per register filter. */
    personCounts: new PersonCountsService(d.repos, d.settings),
    agreements,
    /** A spreadsheet of persons and agreements, checked and written through the same use cases. */
    imports: new PersonImportService(d.repos, d.uow, { settings: d.settings, persons, agreements, effects: d.status.effects, storage: d.storage, jobs: d.jobs, logger: d.logger }),
    /** Withdrawing an agreement inside another module's transaction (the signer's receipt link). */
    withdrawal: withdrawal as Pick<WithdrawAgreement, 'run'>,
    /** The persons and agreements the consent module reads and writes. */
    signer: new SignerRegister(d.uow, d.status.effects),
    limits: d.limits,
    /** What the register holds about a person, for their access export. */
    subjectData: new RegisterSubjectData(d.repos, d.storage),
  };
}

export type RegisterFacade = ReturnType<typeof buildFacade>;

export function createRegisterModule(d: RegisterDeps): Module<RegisterFacade> {
  const facade = buildFacade(d);
  d.jobs.process('register.import', ({ tenantId, importId }) => facade.imports.run(tenantId, importId));
  // Imports a stopped node left behind are picked up at start and then every few minutes.
  let sweep: NodeJS.Timeout | undefined;
  const recover = () => facade.imports.recover().catch((err: unknown) => d.logger.error({ err: { name: (err as Error).name } }, 'import recovery failed'));
  return {
    facade,
    routes: registerRoutes(facade),
    start: async () => {
      await recover();
      sweep = setInterval(() => void recover(), 3 * 60_000);
      sweep.unref();
    },
    stop: async () => clearInterval(sweep),
  };
}
