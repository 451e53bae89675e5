import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { AgreementRepository, DocumentRepository, PersonRepository } from './person.repository';
import { PersonImportRepository } from './person-import.repository';

/** The tables the register module owns: the only ones it writes. */
export const registerRepositories = (db: DbOrTx) => ({
  persons: new PersonRepository(db),
  agreements: new AgreementRepository(db),
  documents: new DocumentRepository(db),
  imports: new PersonImportRepository(db),
});

export type RegisterRepositories = ModuleRepositories<ReturnType<typeof registerRepositories>>;
export type RegisterUnitOfWork = UnitOfWork<RegisterRepositories>;
