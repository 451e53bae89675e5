import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { NotificationRepository } from './notification.repository';
import { StatusInputRepository, StatusStateRepository } from './status.repository';

/** The tables the status module owns: the only ones it writes. */
export const statusRepositories = (db: DbOrTx) => ({
  statusInputs: new StatusInputRepository(db),
  statusStates: new StatusStateRepository(db),
  notifications: new NotificationRepository(db),
});

export type StatusRepositories = ModuleRepositories<ReturnType<typeof statusRepositories>>;
export type StatusUnitOfWork = UnitOfWork<StatusRepositories>;
