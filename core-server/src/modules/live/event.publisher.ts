import { randomUUID } from 'node:crypto';
import type { StatusChangedEvent } from '@likeness/shared';
import type { EventSink, StatusChange } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { LiveUnitOfWork } from './live.repositories';

/** What hears committed events: the socket gateway and the webhook dispatcher. */
export interface EventListener {
  deliver(tenantId: string, events: StatusChangedEvent[]): void;
}

/**
 * The status module's events as the live module keeps them: numbered and stored in the change's
 * own transaction with a webhook outbox row per active hook, then fanned out after commit.
 */
export class EventPublisher implements EventSink {
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly uow: LiveUnitOfWork,
    private readonly claimSeqs: (scope: TxScope, tenantId: string, count: number) => Promise<number>,
  ) {}

  attach(listener: EventListener): void {
    this.listeners.push(listener);
  }

  async record(scope: TxScope, tenantId: string, changes: StatusChange[], now: Date): Promise<StatusChangedEvent[]> {
    if (changes.length === 0) return [];
    const repos = this.uow.join(scope);
    const first = await this.claimSeqs(scope, tenantId, changes.length);
    const events: StatusChangedEvent[] = changes.map((c, i) => ({ type: 'asset.status.changed', seq: first + i, id: randomUUID(), at: now.toISOString(), ...c }));
    await repos.events.createMany(events.map((e) => ({ tenantId, seq: e.seq, type: e.type, assetId: e.assetId, payload: e, createdAt: now })));
    const hooks = await repos.webhooks.active(tenantId);
    if (hooks.length) {
      await repos.webhooks.enqueue(hooks.flatMap((h) => events.map((e) => ({ tenantId, webhookId: h.id, eventSeq: e.seq, eventType: e.type, payload: e }))));
    }
    return events;
  }

  deliver(tenantId: string, events: StatusChangedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener.deliver(tenantId, events);
  }

  head(tenantId: string): Promise<number> {
    return this.uow.repos.events.head(tenantId);
  }

  pruneBefore(cutoff: Date): Promise<unknown> {
    return this.uow.repos.events.pruneBefore(cutoff);
  }
}
