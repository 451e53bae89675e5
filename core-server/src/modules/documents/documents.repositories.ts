import type { DbOrTx } from '../../db/prisma.client';
import { DocumentsRepository } from './documents.repository';

/** The tables the documents module owns: the only ones it writes. */
export const documentsRepositories = (db: DbOrTx) => ({ officeDocuments: new DocumentsRepository(db) });
