import type { StatusChangedEvent, SubjectDataCategory } from '@likeness/shared';
import type { RequestContext } from './request-context';
import type { TxScope } from './unit-of-work';

/**
 * Ports: what modules need from the infrastructure, declared here so that modules depend on the
 * interface and the composition root picks the implementation (in-process or Redis/BullMQ/SMTP).
 */

export interface BoxChange {
  boxId: string;
  /** The person the box was tagged with before the change (untag, re-tag, delete). */
  formerPersonId: string | null;
  /** Its geometry changed (or it is new): its embedding must be computed again. */
  moved: boolean;
  /** Erasure just deleted its embedding: the follow-up refreshes the index but never embeds it again. */
  erased?: boolean;
}

export interface JobMap {
  'webhook.deliver': { deliveryId: string };
  'tenant.recompute': { tenantId: string };
  'status.due': { at: number };
  /** Face matching (src/faces): index one asset; follow up box changes; re-match faces (null: all of the tenant); a reindex run. */
  'faces.index': { tenantId: string; assetId: string };
  'faces.boxes': { tenantId: string; changes: BoxChange[] };
  'faces.match': { tenantId: string; boxIds: string[] | null };
  'faces.reindex': { tenantId: string; jobId: string };
  'consent.message': { messageId: string };
  'consent.sweep': { slot: number };
  /** Housekeeping (modules/maintenance): orphaned files, expired sessions, old webhook deliveries; once per slot across nodes. */
  'maintenance.sweep': { slot: number };
  /** Builds one data-subject export's zip (modules/privacy). */
  'privacy.export': { tenantId: string; exportId: string };
  /** Checks, then writes, one register import (modules/register). */
  'register.import': { tenantId: string; importId: string };
}
export type JobName = keyof JobMap;
export type JobHandler<N extends JobName> = (data: JobMap[N]) => Promise<void>;

export interface JobOptions {
  delayMs?: number;
  /** Jobs with the same id are added once (until they ran): how a scheduled moment fires once across nodes. */
  jobId?: string;
}

export interface JobQueue {
  add<N extends JobName>(name: N, data: JobMap[N], options?: JobOptions): Promise<void>;
  process<N extends JobName>(name: N, handler: JobHandler<N>): void;
  close(): Promise<void>;
}

/** Cache invalidations every node must apply after a write on any node. */
export type ClusterMessage =
  /** `seqs`: the status events the commit recorded, so nodes can tell a missed message by the gap. */
  | { kind: 'assets'; tenantId: string; ids: string[]; seqs?: number[] }
  | { kind: 'persons'; tenantId: string; ids: string[] }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'settings'; tenantId: string }
  | { kind: 'roles'; tenantId: string }
  | { kind: 'api_key'; id: string }
  /** A session ended (logout) or all of a user's did (disabled, new password, new role): their live sockets close. */
  | { kind: 'session_ended'; tokenHash: string }
  | { kind: 'user_sessions_ended'; userId: string }
  /** Face embeddings or their tags changed: every node re-reads these faces into its vector index (null: drop the tenant's). */
  | { kind: 'faces'; tenantId: string; ids: string[] | null };

export interface ClusterBus {
  /** Applies locally at once, then tells the other nodes. */
  publish(message: ClusterMessage): void;
  subscribe(handler: (message: ClusterMessage) => void): void;
  close(): Promise<void>;
}

/** Fixed-window counters: in Redis when there is one (shared by every node), per process otherwise. */
export interface RateCounter {
  /** Counts one more in `key`'s current window (opening one of `windowMs`) and returns the new count. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
  /** Takes one count back (an attempt that turned out not to count). */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Optional HTML alternative to `text`. */
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A status change before it is numbered and stored as an event. */
export type StatusChange = Omit<StatusChangedEvent, 'seq' | 'id' | 'at' | 'type'>;

/** Where status events go: the numbered event log and the webhook outbox, then the socket gateway. */
export interface EventSink {
  /** Inside the transaction of the change: numbers the events, stores them and queues their webhook deliveries. */
  record(scope: TxScope, tenantId: string, changes: StatusChange[], now: Date): Promise<StatusChangedEvent[]>;
  /** Called after commit with events in sequence order. */
  deliver(tenantId: string, events: StatusChangedEvent[]): void;
  /** The newest event's number (0 when none): how a node tells it missed an invalidation. */
  head(tenantId: string): Promise<number>;
  /** Drops events older than the replay window. */
  pruneBefore(cutoff: Date): Promise<unknown>;
}


/**
 * The organisation's face data (biometric, Art. 9), as the settings see it: switching face
 * matching off erases it in the settings change's transaction. The faces module implements it.
 */
export interface FaceDataStore {
  countEmbeddings(scope: TxScope, tenantId: string): Promise<number>;
  eraseTenant(scope: TxScope, tenantId: string): Promise<{ embeddings: number; suggestions: number }>;
  /** Switched on with indexExistingFiles: a re-indexing run of the whole bank, opened in the settings' transaction. */
  startIndexing(scope: TxScope, ctx: RequestContext): Promise<void>;
}

/** What the assets module tells whoever follows its files (face matching), after commit. */
export interface AssetObserver {
  assetUploaded(tenantId: string, assetId: string): void;
  boxesChanged(tenantId: string, changes: BoxChange[]): void;
}

/** A stored file that belongs in a person's export, and where it goes in the zip. */
export interface SubjectFile {
  path: string;
  contentType: string;
  size: number;
  sha256: string | null;
  /** Reads the bytes when the zip is written: a storage path, or bytes kept in a row (receipts). */
  source: { storagePath: string } | { bytes: Uint8Array };
}

/** One module's share of what it holds about a person: JSON-safe rows per category, and their files. */
export interface SubjectDataShare {
  sections: Partial<Record<SubjectDataCategory, Array<Record<string, unknown>>>>;
  /** Per section row (same category and index), the file it refers to. */
  files: Array<{ category: SubjectDataCategory; index: number; file: SubjectFile }>;
}

/**
 * Every module that keeps rows about a person implements this (the privacy module asks them all): the
 * export lists exactly what is held, and after erasure every source answers empty.
 */
export interface SubjectDataSource {
  collect(tenantId: string, personId: string): Promise<SubjectDataShare>;
}

