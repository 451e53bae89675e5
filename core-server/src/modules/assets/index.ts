/**
 * Assets: the image bank (upload, variants, legal basis), the persons marked in each file (boxes),
 * and where files are published (usages).
 */
import type { Module } from '../../kernel/module';
import type { Repositories, UnitOfWork } from '../../persistence';
import type { FileStorage } from '../../storage/file.storage';
import type { FacesFacade } from '../faces';
import type { StatusFacade } from '../status';
import { assetRoutes } from './asset.controller';
import { AssetService } from './asset.service';
import { BoxService } from './box.service';
import { UsageService } from './usage.service';

export interface AssetsDeps {
  repos: Repositories;
  uow: UnitOfWork;
  storage: FileStorage;
  status: StatusFacade;
  faces: FacesFacade;
  limits: { maxUploadBytes: number; maxImagePixels: number };
}

function buildFacade(d: AssetsDeps) {
  return {
    assets: new AssetService(d.repos, d.uow, d.status.status, d.status.effects, d.storage, { maxImagePixels: d.limits.maxImagePixels }, d.faces.hooks),
    boxes: new BoxService(d.uow, d.status.effects, d.faces.hooks),
    usages: new UsageService(d.repos, d.uow),
    limits: d.limits,
  };
}

export type AssetsFacade = ReturnType<typeof buildFacade>;

export function createAssetsModule(d: AssetsDeps): Module<AssetsFacade> {
  const facade = buildFacade(d);
  return { facade, routes: assetRoutes(facade) };
}
