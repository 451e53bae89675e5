import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { SubjectExportRepository } from './subject-export.repository';

/** The tables the privacy module owns: the only ones it writes. */
export const privacyRepositories = (db: DbOrTx) => ({ subjectExports: new SubjectExportRepository(db) });

export type PrivacyRepositories = ModuleRepositories<ReturnType<typeof privacyRepositories>>;
export type PrivacyUnitOfWork = UnitOfWork<PrivacyRepositories>;
