import type { DbOrTx } from '../../db/prisma.client';
import { MaintenanceRepository } from './maintenance.repository';

/** Housekeeping deletes what other modules left behind (expired sessions, old deliveries, orphaned files), by age only. */
export const maintenanceRepositories = (db: DbOrTx) => ({ maintenance: new MaintenanceRepository(db) });
