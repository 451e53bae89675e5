import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { EventRepository, WebhookRepository } from './live.repository';

/** The tables the live module owns: the only ones it writes. */
export const liveRepositories = (db: DbOrTx) => ({
  events: new EventRepository(db),
  webhooks: new WebhookRepository(db),
});

export type LiveRepositories = ModuleRepositories<ReturnType<typeof liveRepositories>>;
export type LiveUnitOfWork = UnitOfWork<LiveRepositories>;
