import type { StatusChangedEvent } from '@likeness/shared';
import type { EventSink } from '../../kernel/ports';

/** Fans committed status events out to the socket gateway and the webhook dispatcher. */
export class EventPublisher implements EventSink {
  private readonly sinks: EventSink[] = [];

  attach(sink: EventSink): void {
    this.sinks.push(sink);
  }

  deliver(tenantId: string, events: StatusChangedEvent[]): void {
    if (events.length === 0) return;
    for (const sink of this.sinks) sink.deliver(tenantId, events);
  }
}
