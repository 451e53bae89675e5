import type { ClusterBus, EventSink } from '../../kernel/ports';
import type { AfterCommit, UnitOfWork } from '../../kernel/unit-of-work';
import type { Repositories } from '../../persistence';
import type { StatusEngine } from './status-engine';

export interface WakeUp {
  /** A status may change by time alone at this moment. */
  wakeAt(at: Date | null): void;
}

/**
 * What every recompute must do, in one place, whoever triggers it (a write, the scheduler, a
 * settings change): recompute the affected assets inside the transaction, then after commit
 * invalidate caches on every node, push the events, and tell the scheduler when to wake.
 */
export class StatusEffects {
  constructor(
    private readonly engine: StatusEngine,
    private readonly uow: UnitOfWork<Repositories>,
    private readonly bus: ClusterBus,
    private readonly events: EventSink,
    private readonly scheduler: WakeUp,
  ) {}

  /** Inside the caller's transaction: after a write to these assets. */
  assetsChanged(repos: Repositories, afterCommit: AfterCommit, tenantId: string, assetIds: string[]): Promise<void> {
    return this.apply(repos, afterCommit, tenantId, assetIds, new Date(), false);
  }

  /** Only the assets these persons appear in are touched, not the whole table. */
  async personsChanged(repos: Repositories, afterCommit: AfterCommit, tenantId: string, personIds: string[]): Promise<void> {
    const assetIds = await repos.assets.idsForPersons(tenantId, personIds);
    afterCommit(() => this.bus.publish({ kind: 'persons', tenantId, ids: personIds }));
    await this.apply(repos, afterCommit, tenantId, assetIds, new Date(), false);
  }

  /** In a transaction of its own: time moved on (the scheduler), or the tenant's rules changed (force). */
  recompute(tenantId: string, assetIds: string[], now: Date, force: boolean): Promise<void> {
    return this.uow.run((repos, afterCommit) => this.apply(repos, afterCommit, tenantId, assetIds, now, force));
  }

  private async apply(repos: Repositories, afterCommit: AfterCommit, tenantId: string, assetIds: string[], now: Date, force: boolean): Promise<void> {
    const { events, nextChangeAt } = await this.engine.recompute(repos, tenantId, assetIds, now, { force });
    afterCommit(() => {
      this.bus.publish({ kind: 'assets', tenantId, ids: assetIds, seqs: events.map((e) => e.seq) });
      this.events.deliver(tenantId, events);
      this.scheduler.wakeAt(nextChangeAt);
    });
  }
}
