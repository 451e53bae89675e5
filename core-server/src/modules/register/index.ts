/**
 * Register: persons (with guardians, custom fields, erasure) and their agreements with scans and
 * withdrawal. Every change reports the persons it touched to the status module.
 */
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { Module } from '../../kernel/module';
import type { Repositories, UnitOfWork } from '../../persistence';
import type { FileStorage } from '../../storage/file.storage';
import type { AssetsFacade } from '../assets';
import type { FacesFacade } from '../faces';
import type { StatusFacade } from '../status';
import { AgreementService } from './agreement.service';
import { PersonService } from './person.service';
import { registerRoutes } from './register.controller';
import { WithdrawAgreement } from './withdraw-agreement';

export type { PersonWithAgreements } from './person.repository';

export interface RegisterDeps {
  repos: Repositories;
  uow: UnitOfWork;
  settings: TenantSettingsSource;
  storage: FileStorage;
  status: StatusFacade;
  faces: FacesFacade;
  usages: AssetsFacade['usages'];
  limits: { maxDocumentBytes: number };
}

function buildFacade(d: RegisterDeps) {
  const withdrawal = new WithdrawAgreement(d.status.effects);
  return {
    persons: new PersonService(d.repos, d.uow, d.settings, d.status.effects, d.storage, d.usages, d.faces.hooks),
    agreements: new AgreementService(d.repos, d.uow, d.settings, d.status.effects, d.storage, withdrawal),
    /** Withdrawing an agreement inside another module's transaction (the signer's receipt link). */
    withdrawal: withdrawal as Pick<WithdrawAgreement, 'run'>,
    limits: d.limits,
  };
}

export type RegisterFacade = ReturnType<typeof buildFacade>;

export function createRegisterModule(d: RegisterDeps): Module<RegisterFacade> {
  const facade = buildFacade(d);
  return { facade, routes: registerRoutes(facade) };
}
