import { io as defaultIo, type Socket } from 'socket.io-client';
import type { LikenessClient } from '../client';
import { batchViaClient, batchViaFetch, type StatusBatchFetcher } from './batch-api';
import { BatchQueue } from './batch-queue';
import { FlipTimer, later } from './flip-timer';
import type { BatchStatusItem, LiveChange, LiveHello, LiveResync, LiveState, LiveStatusValue, StatusChangedEvent } from './types';

export interface LiveStatusOptions {
  /** The core-server's origin, e.g. `https://likeness.example.se`. */
  baseUrl: string;
  /** An integration's API key. Omit in a browser session that uses the cookie. */
  apiKey?: string;
  /** The channel whose status counts, e.g. `web`. */
  channel: string;
  /** A typed client for the batch API (default: plain fetch to baseUrl with apiKey, or the cookie without one). */
  client?: LikenessClient;
  /** false: no socket (refresh() by hand). Otherwise the socket.io-client `io` to use. */
  socket?: false | { io: typeof defaultIo; withCredentials?: boolean };
  /** How long an entry counts without confirmation (a fetch, or a live socket). Default 15 min. */
  leaseCapMs?: number;
  now?: () => number;
  /** Ids per batch request, at most 500. */
  batchSize?: number;
  /** How long to gather ids before a batch request. */
  refetchDebounceMs?: number;
}

interface Entry {
  status: LiveStatusValue;
  approved: boolean;
  visible: boolean;
  approvedUntil: string | null;
  /** approvedUntil in epoch ms (NaN if unparsable, which counts as ended). */
  until: number | null;
  confirmedAt: number;
  /** Highest event seq this entry reflects; older or equal events are ignored. */
  seq: number;
  /** Local counter value when an event last wrote this entry, to keep a slower fetch from overwriting it. */
  mark: number;
}

type Events = { change: LiveChange; error: unknown };
type Listener<K extends keyof Events> = (e: Events[K]) => void;

/** After a disconnect longer than this, refetch everything instead of trusting the replay alone. */
const TRUST_REPLAY_MS = 5_000;
const AUTH_ERRORS = new Set(['unauthenticated', 'forbidden']);

/**
 * A live, fail-closed cache of GDPR status for the assets a host shows. Approvals end by themselves at their
 * lease (`approvedUntil`) and go stale without confirmation, even when the server is unreachable.
 */
export class LiveStatus {
  private readonly channel: string;
  private readonly fetchBatch: StatusBatchFetcher;
  private readonly leaseCapMs: number;
  private readonly now: () => number;
  private readonly queue: BatchQueue;
  private readonly timer: FlipTimer;
  private readonly tracked = new Set<string>();
  private readonly entries = new Map<string, Entry>();
  private readonly emitted = new Map<string, string>();
  private readonly listeners: { [K in keyof Events]: Set<Listener<K>> } = { change: new Set(), error: new Set() };
  private socket: Socket | null = null;
  /** Socket connected and caught up: entries count as confirmed continuously. */
  private live = false;
  private downSince: number | null = null;
  /** The seq to resume from (`auth.since`). */
  private sinceSeq = 0;
  /** The highest seq known to exist; a fetch started now reflects every event up to it. */
  private headSeq = 0;
  private eventMark = 0;
  /** sinceSeq is a real position in the stream (a hello came), so a jump past it is a gap. */
  private seqKnown = false;
  private needFullRefetch = false;

  constructor(private readonly options: LiveStatusOptions) {
    this.channel = options.channel;
    this.fetchBatch = options.client ? batchViaClient(options.client) : batchViaFetch(options.baseUrl, options.apiKey);
    this.leaseCapMs = options.leaseCapMs ?? 15 * 60_000;
    this.now = options.now ?? (() => Date.now());
    const batchSize = Math.min(Math.max(options.batchSize ?? 500, 1), 500);
    this.queue = new BatchQueue((ids) => this.fetchChunk(ids), batchSize, options.refetchDebounceMs ?? 20);
    this.timer = new FlipTimer(this.now, () => this.reconcile());
  }

  /**
   * Starts following these ids; resolves once each has an answer (rejects if the batch request failed).
   * Ids already cached are not fetched again, unless they went stale.
   */
  track(assetIds: string[]): Promise<void> {
    const fresh: string[] = [];
    for (const id of assetIds) {
      this.tracked.add(id);
      if (!this.entries.has(id) || this.get(id).stale) fresh.push(id);
    }
    return this.queue.request(new Set(fresh));
  }

  /** Stops following these ids and forgets their state. */
  untrack(assetIds: string[]): void {
    for (const id of assetIds) {
      this.tracked.delete(id);
      this.entries.delete(id);
      this.emitted.delete(id);
    }
    this.reconcile([]);
  }

  /** Refetches every tracked id (e.g. without a socket, at intervals shorter than leaseCapMs). */
  refresh(): Promise<void> {
    return this.queue.request(this.tracked, true);
  }

  /** The state a host must act on now. Never throws; unknown ids are not visible. */
  get(assetId: string): LiveState {
    const e = this.entries.get(assetId);
    if (!e) return { assetId, status: 'unknown', approved: false, visible: false, approvedUntil: null, known: false, stale: false };
    const now = this.now();
    const leaseEnded = e.until !== null && !(now < e.until);
    const stale = !this.live && now - e.confirmedAt >= this.leaseCapMs;
    const closed = leaseEnded || stale;
    return {
      assetId,
      status: leaseEnded && e.approved ? 'expired' : e.status,
      approved: e.approved && !closed,
      visible: e.visible && !closed,
      approvedUntil: e.approvedUntil,
      known: true,
      stale,
    };
  }

  isVisible(assetId: string): boolean {
    return this.get(assetId).visible;
  }

  isApproved(assetId: string): boolean {
    return this.get(assetId).approved;
  }

  /** True while the socket is connected and caught up. */
  get connected(): boolean {
    return this.live;
  }

  on<K extends keyof Events>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Opens the socket (unless `socket: false`). */
  connect(): void {
    if (this.options.socket === false || this.socket) return;
    const io = this.options.socket?.io ?? defaultIo;
    const apiKey = this.options.apiKey;
    const socket = io(this.options.baseUrl.replace(/\/$/, '') + '/live', {
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      withCredentials: this.options.socket?.withCredentials ?? !apiKey,
      // A function, so every reconnect sends the seq reached by then.
      auth: (cb) => cb({ ...(apiKey ? { apiKey } : {}), channel: this.channel, ...(this.sinceSeq > 0 ? { since: this.sinceSeq } : {}) }),
    });
    this.socket = socket;
    socket.on('hello', (h: LiveHello) => this.onHello(socket, h));
    // `statuses` carries one commit's events; `status` (one event) is what older servers send.
    socket.on('statuses', (events: StatusChangedEvent[]) => events.forEach((e) => this.onStatus(e)));
    socket.on('status', (e: StatusChangedEvent) => this.onStatus(e));
    socket.on('resync', (r: LiveResync) => this.onResync(socket, r));
    // Dropped or refused by the server itself (not the network): socket.io does not retry by itself.
    const retryLater = () => later(() => this.socket === socket && !socket.active && socket.connect(), 5_000);
    socket.on('disconnect', (reason) => {
      this.onDown();
      if (reason === 'io server disconnect') retryLater();
    });
    socket.on('connect_error', (err: Error) => {
      this.onDown();
      this.emit('error', err);
      if (!socket.active && !AUTH_ERRORS.has(err.message)) retryLater();
    });
  }

  /** Closes the socket and stops the timer. Entries keep aging; get() stays fail-closed. */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners();
    socket?.disconnect();
    this.setLive(false);
    this.queue.clear();
    this.timer.clear();
  }

  private onHello(socket: Socket, hello: LiveHello): void {
    this.headSeq = Math.max(this.headSeq, hello.seq);
    const downFor = this.downSince === null ? 0 : this.now() - this.downSince;
    this.downSince = null;
    if (!hello.resumed) {
      // Nothing will be replayed: our state is only good from a fetch that starts now.
      this.sinceSeq = Math.max(this.sinceSeq, hello.seq);
      this.needFullRefetch ||= this.tracked.size > 0;
    }
    this.seqKnown = true;
    if (downFor > TRUST_REPLAY_MS && this.tracked.size > 0) this.needFullRefetch = true;
    if (this.needFullRefetch) this.refetchAll(socket);
    else this.setLive(true);
  }

  private onResync(socket: Socket, resync: LiveResync): void {
    this.headSeq = Math.max(this.headSeq, resync.seq);
    this.setLive(false);
    this.needFullRefetch = true;
    this.refetchAll(socket, resync.seq);
  }

  /** Refetches every tracked id, then trusts the socket again if it is still the same connection. */
  private refetchAll(socket: Socket, resumeFrom = 0): void {
    this.queue.request(this.tracked, true).then(
      () => {
        if (this.socket !== socket || !socket.connected) return;
        this.sinceSeq = Math.max(this.sinceSeq, resumeFrom);
        this.needFullRefetch = false;
        this.setLive(true);
      },
      (err: unknown) => {
        this.emit('error', err);
        // Try again while the socket stays up; a reconnect refetches anyway.
        later(() => this.socket === socket && socket.connected && this.needFullRefetch && this.refetchAll(socket, resumeFrom), 2_000);
      },
    );
  }

  private onDown(): void {
    this.downSince ??= this.now();
    this.setLive(false);
  }

  private onStatus(e: StatusChangedEvent): void {
    if (typeof e?.seq !== 'number') return;
    // Seqs are the organisation's, one by one, on every channel: a jump means events never reached us
    // (lost between server nodes), so what we hold may be stale until every tracked id is fetched again.
    const gap = this.seqKnown && e.seq > this.sinceSeq + 1;
    this.sinceSeq = Math.max(this.sinceSeq, e.seq);
    this.headSeq = Math.max(this.headSeq, e.seq);
    if (gap) this.onGap();
    if (e.channel !== this.channel || !this.tracked.has(e.assetId)) return;
    const current = this.entries.get(e.assetId);
    if (current && e.seq <= current.seq) return; // duplicate or out of order
    this.entries.set(e.assetId, this.entry(e.newStatus, e, this.now(), e.seq, ++this.eventMark));
    this.reconcile([e.assetId]);
  }

  /** Like a resync from the server: not live until every tracked id has been fetched again. */
  private onGap(): void {
    const socket = this.socket;
    if (!socket || this.needFullRefetch) return;
    this.setLive(false);
    this.needFullRefetch = true;
    if (this.tracked.size > 0) this.refetchAll(socket);
    else {
      this.needFullRefetch = false;
      this.setLive(true);
    }
  }

  private async fetchChunk(ids: string[]): Promise<void> {
    const seqAtStart = this.headSeq;
    const markAtStart = this.eventMark;
    const items = await this.fetchBatch(this.channel, ids);
    const byId = new Map(items.map((item) => [item.assetId, item]));
    const now = this.now();
    const changed: string[] = [];
    for (const id of ids) {
      const current = this.entries.get(id);
      if (!this.tracked.has(id) || (current && current.mark > markAtStart)) continue; // an event is newer
      const item: Pick<BatchStatusItem, 'status' | 'approved' | 'visible' | 'approvedUntil'> = byId.get(id) ?? {
        status: 'unknown',
        approved: false,
        visible: false,
        approvedUntil: null,
      };
      this.entries.set(id, this.entry(item.status, item, now, Math.max(current?.seq ?? 0, seqAtStart), current?.mark ?? 0));
      changed.push(id);
    }
    this.reconcile(changed);
  }

  private entry(
    status: LiveStatusValue,
    s: { approved: boolean; visible: boolean; approvedUntil: string | null },
    confirmedAt: number,
    seq: number,
    mark: number,
  ): Entry {
    const until = s.approvedUntil === null ? null : Date.parse(s.approvedUntil);
    return { status, approved: s.approved, visible: s.visible, approvedUntil: s.approvedUntil, until, confirmedAt, seq, mark };
  }

  private setLive(live: boolean): void {
    if (this.live === live) return;
    if (!live) {
      // Confirmed up to this moment; from now on entries age.
      const now = this.now();
      for (const e of this.entries.values()) e.confirmedAt = Math.max(e.confirmedAt, now);
    }
    this.live = live;
    this.reconcile();
  }

  /** Emits `change` for entries whose visible/approved/status differ from what was last emitted; re-arms the timer. */
  private reconcile(ids: Iterable<string> = this.entries.keys()): void {
    for (const id of ids) {
      const s = this.get(id);
      const signature = `${s.visible}|${s.approved}|${s.status}`;
      if ((this.emitted.get(id) ?? 'false|false|unknown') === signature) continue;
      this.emitted.set(id, signature);
      this.emit('change', { assetId: id, visible: s.visible, approved: s.approved, status: s.status, approvedUntil: s.approvedUntil });
    }
    this.timer.arm(this.nextFlip());
  }

  /** The earliest moment a visible or approved entry flips by itself: its lease end, or (while not live) staleness. */
  private nextFlip(): number | null {
    const now = this.now();
    let next = Infinity;
    for (const e of this.entries.values()) {
      if (!e.visible && !e.approved) continue;
      if (e.until !== null && e.until > now) next = Math.min(next, e.until);
      if (!this.live && e.confirmedAt + this.leaseCapMs > now) next = Math.min(next, e.confirmedAt + this.leaseCapMs);
    }
    return next === Infinity ? null : next;
  }

  private emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...this.listeners[event]] as Listener<K>[]) {
      try {
        listener(payload);
      } catch (err) {
        if (event !== 'error') this.emit('error', err);
      }
    }
  }
}
