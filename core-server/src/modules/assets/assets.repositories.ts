import type { DbOrTx } from '../../db/prisma.client';
import type { ModuleRepositories, UnitOfWork } from '../../kernel/unit-of-work';
import { AssetRepository, BoxRepository, UsageRepository } from './asset.repository';

/** The tables the assets module owns: the only ones it writes. */
export const assetsRepositories = (db: DbOrTx) => ({
  assets: new AssetRepository(db),
  boxes: new BoxRepository(db),
  usages: new UsageRepository(db),
});

export type AssetsRepositories = ModuleRepositories<ReturnType<typeof assetsRepositories>>;
export type AssetsUnitOfWork = UnitOfWork<AssetsRepositories>;
