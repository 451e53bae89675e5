import type { ClusterBus } from '../cluster/cluster.bus';
import type { EventPublisher } from '../live/event.publisher';
import type { Repositories } from '../repositories';
import type { StatusEngine } from './status-engine';

export type AfterCommit = (fn: () => void) => void;

export interface WakeUp {
  /** A status may change by time alone at this moment. */
  wakeAt(at: Date | null): void;
}

/**
 * What every write that can change a status must do, in one place: recompute the affected
 * assets inside the transaction, then after commit invalidate caches on every node,
 * push the events, and tell the scheduler when to wake.
 */
export class StatusEffects {
  constructor(
    private readonly engine: StatusEngine,
    private readonly bus: ClusterBus,
    private readonly publisher: EventPublisher,
    private readonly scheduler: WakeUp,
  ) {}

  async assetsChanged(repos: Repositories, afterCommit: AfterCommit, tenantId: string, assetIds: string[]): Promise<void> {
    const { events, nextChangeAt } = await this.engine.recompute(repos, tenantId, assetIds);
    afterCommit(() => {
      this.bus.publish({ kind: 'assets', tenantId, ids: assetIds });
      this.publisher.publish(tenantId, events);
      this.scheduler.wakeAt(nextChangeAt);
    });
  }

  /** Only the assets these persons appear in are touched, not the whole table. */
  async personsChanged(repos: Repositories, afterCommit: AfterCommit, tenantId: string, personIds: string[]): Promise<void> {
    const assetIds = await repos.assets.idsForPersons(tenantId, personIds);
    afterCommit(() => this.bus.publish({ kind: 'persons', tenantId, ids: personIds }));
    await this.assetsChanged(repos, afterCommit, tenantId, assetIds);
  }
}
