import type { LiveResync } from '@likeness/shared';
import type { EventRepository } from './live.repository';

/** A client further behind than this refetches every status instead of replaying events. */
export const MAX_REPLAY = 1000;

/**
 * Replay or resync: the one rule for a client coming back with the last sequence number it saw,
 * whether it reconnects its socket (`auth.since`) or polls `GET /events?since=`.
 */
export class ReplayPolicy {
  constructor(private readonly events: Pick<EventRepository, 'head' | 'oldestSeq'>) {}

  /** `resync` is null when every event after `since` is still kept and few enough to replay. */
  async decide(tenantId: string, since: number): Promise<{ head: number; resync: LiveResync['reason'] | null }> {
    const head = await this.events.head(tenantId);
    if (since >= head) return { head, resync: null };
    if (head - since > MAX_REPLAY) return { head, resync: 'too_far_behind' };
    const oldest = await this.events.oldestSeq(tenantId);
    return { head, resync: oldest === null || oldest > since + 1 ? 'history_pruned' : null };
  }
}
