import type { AssetObserver } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusChanges } from '../status';
import type { AssetsUnitOfWork } from './assets.repositories';

/**
 * The boxes face matching reads and writes, inside its own transactions: the assets module owns
 * the box table, so detection and review go through here rather than around it.
 */
export class FaceBoxes {
  constructor(
    private readonly uow: AssetsUnitOfWork,
    private readonly effects: StatusChanges,
    private readonly observer: AssetObserver,
  ) {}

  box(scope: TxScope, tenantId: string, boxId: string) {
    return this.uow.join(scope).boxes.findInTenant(tenantId, boxId);
  }

  /** A face the detector found outside every box: an unknown person, until someone tags it. */
  /** A detected face; in a video with the span of its track (`startMs`, `endMs`) and its clearest frame. */
  addDetected(scope: TxScope, tenantId: string, assetId: string, at: { x: number; y: number; w: number; h: number; startMs?: number; endMs?: number; frameMs?: number }) {
    return this.uow.join(scope).boxes.create({ tenantId, assetId, personId: null, ...at, source: 'detected' });
  }

  /** An approved suggestion tags the box: the asset's status changes, and face matching follows up after commit. */
  async tag(scope: TxScope, tenantId: string, boxId: string, personId: string) {
    const box = await this.uow.join(scope).boxes.update(tenantId, boxId, { personId });
    await this.effects.assetsChanged(scope, tenantId, [box.assetId]);
    scope.afterCommit(() => this.observer.boxesChanged(tenantId, [{ boxId, formerPersonId: null, moved: false }]));
    return box;
  }
}
