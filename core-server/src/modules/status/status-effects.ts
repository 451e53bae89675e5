import type { ClusterBus, EventSink } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusUnitOfWork } from './status.repositories';
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
    private readonly uow: StatusUnitOfWork,
    private readonly bus: ClusterBus,
    private readonly events: EventSink,
    private readonly scheduler: WakeUp,
  ) {}

  /** Inside the caller's transaction: after a write to these assets. */
  assetsChanged(scope: TxScope, tenantId: string, assetIds: string[]): Promise<void> {
    return this.apply(scope, tenantId, assetIds, new Date(), false);
  }

  /** Only the assets these persons appear in are touched, not the whole table. */
  async personsChanged(scope: TxScope, tenantId: string, personIds: string[]): Promise<void> {
    const assetIds = await this.assetIdsOfPersons(scope, tenantId, personIds);
    scope.afterCommit(() => this.bus.publish({ kind: 'persons', tenantId, ids: personIds }));
    await this.apply(scope, tenantId, assetIds, new Date(), false);
  }

  /** The assets these persons appear in, read inside the caller's transaction (erasure counts them before it deletes). */
  assetIdsOfPersons(scope: TxScope, tenantId: string, personIds: string[]): Promise<string[]> {
    return this.uow.join(scope).statusInputs.assetIdsOfPersons(tenantId, personIds);
  }

  /** In a transaction of its own: time moved on (the scheduler), or the tenant's rules changed (force). */
  recompute(tenantId: string, assetIds: string[], now: Date, force: boolean): Promise<void> {
    return this.uow.run((_repos, _afterCommit, scope) => this.apply(scope, tenantId, assetIds, now, force));
  }

  private async apply(scope: TxScope, tenantId: string, assetIds: string[], now: Date, force: boolean): Promise<void> {
    const { events, nextChangeAt } = await this.engine.recompute(scope, tenantId, assetIds, now, { force });
    scope.afterCommit(() => {
      this.bus.publish({ kind: 'assets', tenantId, ids: assetIds, seqs: events.map((e) => e.seq) });
      this.events.deliver(tenantId, events);
      this.scheduler.wakeAt(nextChangeAt);
    });
  }
}
