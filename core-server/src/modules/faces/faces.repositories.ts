import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { FaceRepository } from './face.repository';

/** The tables the faces module owns: the only ones it writes. */
export const facesRepositories = (db: DbOrTx) => ({
  faces: new FaceRepository(db),
});

export type FacesRepositories = ModuleRepositories<ReturnType<typeof facesRepositories>>;
export type FacesUnitOfWork = UnitOfWork<FacesRepositories>;
