/**
 * Assets: the image bank (upload, variants, legal basis), the persons marked in each file (boxes),
 * and where files are published (usages).
 */
import type { Module } from '../../kernel/module';
import type { AssetsRepositories, AssetsUnitOfWork } from './assets.repositories';
import type { FileStorage } from '../../storage/file.storage';
import type { AssetObserver } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusFacade } from '../status';
import { assetRoutes } from './asset.controller';
import { AssetService } from './asset.service';
import { BoxService } from './box.service';
import { FaceBoxes } from './face-boxes';
import { UsageService } from './usage.service';
import { DownloadDeclarationService } from './download-declaration.service';
import { DeliveryService } from './delivery.service';
import { deliveryRouter } from './delivery.router';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { AssetsSubjectData } from './assets.subject-data';
import { VideoFrameService } from './video-frame.service';

export interface AssetsDeps {
  repos: AssetsRepositories;
  uow: AssetsUnitOfWork;
  storage: FileStorage;
  status: Pick<StatusFacade, 'status' | 'effects'>;
  /** Face matching, told after commit (created after this module, so reached through a relay). */
  observer: AssetObserver;
  limits: { maxUploadBytes: number; maxImagePixels: number; maxVideoPixels: number; maxVideoSeconds: number };
  /** Which channels have public delivery URLs. */
  settings: TenantSettingsSource;
}

function buildFacade(d: AssetsDeps) {
  return {
    /** An asset with its boxes, through the caller's transaction when it has one: what consent and face matching read. */
    lookup: { asset: (tenantId: string, assetId: string, scope?: TxScope) => (scope ? d.uow.join(scope) : d.uow.repos).assets.findInTenant(tenantId, assetId) },
    assets: new AssetService(d.repos, d.uow, d.status.status, d.status.effects, d.storage, d.limits, d.observer),
    boxes: new BoxService(d.uow, d.status.effects, d.observer),
    /** The box writes face matching makes inside its own transactions. */
    faceBoxes: new FaceBoxes(d.uow, d.status.effects, d.observer),
    usages: new UsageService(d.repos, d.uow),
    downloads: new DownloadDeclarationService(d.uow, d.status.status),
    /** Public, consent-enforced image URLs (/d/…) for hosts without a plugin. */
    /** Frames of a video where its face tracks are clearest. */
    frames: new VideoFrameService(d.repos, d.storage, d.limits.maxImagePixels),
    delivery: new DeliveryService(d.repos, d.status.status, d.settings, d.storage, d.limits.maxImagePixels),
    limits: d.limits,
    /** The files a person appears in and their publications, for the person's access export. */
    subjectData: new AssetsSubjectData(d.repos, d.storage),
  };
}

export type AssetsFacade = ReturnType<typeof buildFacade>;
export { assetsRepositories } from './assets.repositories';

export function createAssetsModule(d: AssetsDeps): Module<AssetsFacade> {
  const facade = buildFacade(d);
  return { facade, routes: assetRoutes(facade), routers: async () => [deliveryRouter(facade.delivery)] };
}
