import type { components } from '../generated/openapi';

type Schemas = components['schemas'];

/** A GDPR status as the batch API and the live events report it (`unknown` = no such asset). */
export type LiveStatusValue = Schemas['BatchStatusItem']['status'];

/** One row of POST /api/v1/status/batch. */
export type BatchStatusItem = Schemas['BatchStatusItem'];

/** Server → client `status`, also the items of GET /api/v1/events. */
export type StatusChangedEvent = Schemas['StatusChangedEvent'];

/*
 * The socket-only messages below mirror shared/src/schemas/event.schema.ts (LiveHello, LiveResync). They are
 * not in the OpenAPI document (no REST endpoint carries them), so they are declared here, structurally
 * identical; the SDK never imports from shared/ or core-server/.
 */

/** Server → client `hello`: the head sequence, and whether the `since` the client sent could be replayed. */
export interface LiveHello {
  seq: number;
  resumed: boolean;
  channel: string | null;
}

/** Server → client `resync`: the client fell behind; refetch every tracked id, then continue from `seq`. */
export interface LiveResync {
  seq: number;
  reason: 'too_far_behind' | 'history_pruned';
}

/** What a host sees for one asset, with lease end and staleness already applied (fail-closed). */
export interface LiveState {
  assetId: string;
  /** `expired` once the lease ended; `unknown` before the first answer. */
  status: LiveStatusValue;
  approved: boolean;
  /** May the host show it now. */
  visible: boolean;
  /** ISO instant at which the approval ends at the latest; null = no end. */
  approvedUntil: string | null;
  /** false until the server has answered for this id. */
  known: boolean;
  /** true when not confirmed within `leaseCapMs` (never true while the socket is live). */
  stale: boolean;
}

/** The payload of the `change` event. */
export type LiveChange = Pick<LiveState, 'assetId' | 'visible' | 'approved' | 'status' | 'approvedUntil'>;
