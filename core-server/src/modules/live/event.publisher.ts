import type { StatusChangedEvent } from '@likeness/shared';

export interface EventSink {
  /** Called after commit with events in sequence order. */
  deliver(tenantId: string, events: StatusChangedEvent[]): void;
}

/** Fans committed status events out to the socket gateway and the webhook dispatcher. */
export class EventPublisher {
  private readonly sinks: EventSink[] = [];

  attach(sink: EventSink): void {
    this.sinks.push(sink);
  }

  publish(tenantId: string, events: StatusChangedEvent[]): void {
    if (events.length === 0) return;
    for (const sink of this.sinks) sink.deliver(tenantId, events);
  }
}
