import type { components } from '../generated/openapi';

type Schemas = components['schemas'];

/** A GDPR status as the batch API and the live events report it (`unknown` = no such asset). */
export type LiveStatusValue = Schemas['BatchStatusItem']['status'];

/** One row of POST /api/v1/status/batch. */
export type BatchStatusItem = Schemas['BatchStatusItem'];

/** Server → client `status`, also the items of GET /api/v1/events. */
export type StatusChangedEvent = Schemas['StatusChangedEvent'];

/** The socket-only messages (`hello`, `resync`, and the map of every message the server sends) are declared once in shared/. */
export type { LiveHello, LiveResync, LiveServerMessages } from '@likeness/shared';

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
