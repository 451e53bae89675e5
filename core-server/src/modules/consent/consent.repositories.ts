import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { ConsentMessageRepository } from './consent-message.repository';
import { ConsentRequestRepository } from './consent-request.repository';
import { ConsentSettingsRepository } from './consent-settings.repository';
import { ConsentTemplateRepository } from './consent-template.repository';
import { SignatureRepository } from './signature.repository';

/** The tables the consent module owns: the only ones it writes. */
export const consentRepositories = (db: DbOrTx) => ({
  consentSettings: new ConsentSettingsRepository(db),
  consentTemplates: new ConsentTemplateRepository(db),
  consentRequests: new ConsentRequestRepository(db),
  consentMessages: new ConsentMessageRepository(db),
  signatures: new SignatureRepository(db),
});

export type ConsentRepositories = ModuleRepositories<ReturnType<typeof consentRepositories>>;
export type ConsentUnitOfWork = UnitOfWork<ConsentRepositories>;
