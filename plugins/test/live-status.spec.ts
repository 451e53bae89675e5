import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer, type Socket as ServerSocket } from 'socket.io';
import { io as realIo } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LikenessApiError, createLikenessClient } from '../src/index';
import { FlipTimer, MAX_TIMER_DELAY_MS } from '../src/live/flip-timer';
import { LiveStatus, type LiveStatusOptions } from '../src/live/live-status';
import type { BatchStatusItem, LiveChange, StatusChangedEvent } from '../src/live/types';

/*
 * A protocol fake playing the core-server's role (REST batch API + socket.io namespace /live) as the live
 * protocol specifies it. The end-to-end tests against the real core-server live with the core-server.
 */
/** An upper bound for "eventually" on a loaded machine; the assertions themselves are about order, not speed. */
const EVENTUALLY_MS = 5000;
const KEY = 'lk_test';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

type Status = Pick<BatchStatusItem, 'status' | 'approved' | 'visible' | 'approvedUntil'>;
const APPROVED: Status = { status: 'approved', approved: true, visible: true, approvedUntil: null };
const WITHDRAWN: Status = { status: 'withdrawn', approved: false, visible: false, approvedUntil: null };

class FakeCore {
  readonly statuses = new Map<string, Status>(); // `${channel}:${assetId}`
  readonly batchCalls: Array<{ channel: string; assetIds: string[]; auth?: string }> = [];
  readonly handshakes: Array<{ apiKey?: string; channel?: string; since?: number }> = [];
  readonly history: StatusChangedEvent[] = [];
  /** When set, batch answers wait for it. */
  gate: Promise<void> | null = null;
  batchStatus = 200;
  /** Oldest seq the fake can replay from; older `since` values get `resumed: false`. */
  oldestReplayable = 0;
  head = 0;
  baseUrl = '';
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly io = new IoServer(this.server, { path: '/socket.io' });

  async start(): Promise<this> {
    const live = this.io.of('/live');
    live.use((socket, next) => {
      const auth = socket.handshake.auth as { apiKey?: string; since?: number };
      this.handshakes.push({ ...auth });
      next(auth.apiKey === KEY ? undefined : new Error('unauthenticated'));
    });
    // Like the core-server's gateway: resync or replay first, then hello.
    live.on('connection', (socket) => {
      const { since, channel } = socket.handshake.auth as { since?: number; channel?: string };
      const replayable = since !== undefined && since >= this.oldestReplayable;
      if (since !== undefined && !replayable) socket.emit('resync', { seq: this.head, reason: 'history_pruned' });
      if (replayable) for (const e of this.history) if (e.seq > since) socket.emit('status', e);
      socket.emit('hello', { seq: this.head, resumed: replayable, channel: channel ?? null });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  set(assetId: string, status: Status, channel = 'web'): void {
    this.statuses.set(`${channel}:${assetId}`, status);
  }

  /** Changes a status and broadcasts the event, like the core-server does. */
  publish(assetId: string, status: Status, channel = 'web'): StatusChangedEvent {
    this.set(assetId, status, channel);
    const seq = ++this.head;
    const event: StatusChangedEvent = {
      type: 'asset.status.changed',
      seq,
      id: `evt-${seq}`,
      at: new Date().toISOString(),
      assetId,
      channel,
      oldStatus: null,
      newStatus: status.status,
      approved: status.approved,
      visible: status.visible,
      approvedUntil: status.approvedUntil,
      reasons: [],
    };
    this.history.push(event);
    this.io.of('/live').emit('status', event);
    return event;
  }

  emit(event: string, payload: unknown): void {
    this.io.of('/live').emit(event, payload);
  }

  sockets(): ServerSocket[] {
    return [...this.io.of('/live').sockets.values()];
  }

  /** Drops every connection at the transport level; clients reconnect by themselves. */
  dropConnections(): void {
    for (const socket of this.sockets()) socket.conn.close();
  }

  /** The server goes away entirely. */
  stop(): Promise<void> {
    return new Promise((r) => {
      this.io.close(() => r());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/api/v1/status/batch') {
      res.statusCode = 404;
      return void res.end();
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { channel: string; assetIds: string[] };
    this.batchCalls.push({ ...body, auth: req.headers.authorization });
    if (this.gate) await this.gate;
    res.setHeader('content-type', 'application/json');
    res.statusCode = this.batchStatus;
    if (this.batchStatus !== 200) return void res.end(JSON.stringify({ error: { code: 'internal', message: 'boom' } }));
    const items = body.assetIds.map((assetId) => ({
      assetId,
      ...(this.statuses.get(`${body.channel}:${assetId}`) ?? { status: 'unknown', approved: false, visible: false, approvedUntil: null }),
      reasons: [],
    }));
    res.end(JSON.stringify({ channel: body.channel, evaluatedAt: new Date().toISOString(), items }));
  }
}

/** socket.io-client with short reconnect delays, injected through the `socket` option. */
const fastIo = ((url: string, opts: Parameters<typeof realIo>[1]) =>
  realIo(url, { ...opts, reconnectionDelay: 20, reconnectionDelayMax: 40, forceNew: true })) as typeof realIo;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(options: Partial<LiveStatusOptions> = {}) {
  const core = await new FakeCore().start();
  cleanup.push(() => core.stop());
  const live = new LiveStatus({ baseUrl: core.baseUrl, apiKey: KEY, channel: 'web', socket: { io: fastIo }, ...options });
  cleanup.push(() => live.close());
  const changes: LiveChange[] = [];
  live.on('change', (c) => changes.push(c));
  return { core, live, changes };
}

async function connected(live: LiveStatus): Promise<void> {
  live.connect();
  await vi.waitFor(() => expect(live.connected).toBe(true), { timeout: EVENTUALLY_MS, interval: 5 });
}

describe('LiveStatus: fetching and caching', () => {
  it('fetches tracked ids once, de-duplicated and coalesced, and caches them', async () => {
    const { core, live, changes } = await setup({ socket: false });
    core.set(A, APPROVED);
    core.set(B, WITHDRAWN);
    await Promise.all([live.track([A, B, A]), live.track([B, C])]);
    expect(core.batchCalls).toEqual([{ channel: 'web', assetIds: [A, B, C], auth: `Bearer ${KEY}` }]);
    expect(live.get(A)).toMatchObject({ status: 'approved', visible: true, approved: true, known: true, stale: false });
    expect(live.isVisible(B)).toBe(false);
    expect(live.get(B).status).toBe('withdrawn');
    // Emitted for every status that differs from "unknown, hidden"; C is unknown on the server: no change.
    expect(changes.map((c) => [c.assetId, c.status, c.visible])).toEqual([
      [A, 'approved', true],
      [B, 'withdrawn', false],
    ]);
    await live.track([A, B, C]);
    expect(core.batchCalls).toHaveLength(1);
  });

  it('splits into chunks of batchSize', async () => {
    const { core, live } = await setup({ socket: false, batchSize: 2 });
    const ids = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-00000000010${i}`);
    await live.track(ids);
    expect(core.batchCalls.map((c) => c.assetIds.length).sort()).toEqual([1, 2, 2]);
    expect(core.batchCalls.flatMap((c) => c.assetIds).sort()).toEqual(ids);
  });

  it('fails closed: untracked, unknown, missing from the answer, or failed fetch → not visible', async () => {
    const { core, live } = await setup({ socket: false });
    expect(live.get(A)).toEqual({ assetId: A, status: 'unknown', approved: false, visible: false, approvedUntil: null, known: false, stale: false });
    await live.track([A]);
    expect(live.get(A)).toMatchObject({ status: 'unknown', visible: false, approved: false, known: true });
    core.set(B, APPROVED);
    core.batchStatus = 500;
    const failure = await live.track([B]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LikenessApiError);
    expect(failure).toMatchObject({ status: 500, code: 'internal' });
    expect(live.isVisible(B)).toBe(false);
    core.batchStatus = 200; // a later track retries the failed id
    await live.track([B]);
    expect(live.isVisible(B)).toBe(true);
  });

  it('works through an injected typed client', async () => {
    const { core, live } = await setup({ socket: false });
    const viaClient = new LiveStatus({ baseUrl: core.baseUrl, channel: 'print', socket: false, client: createLikenessClient({ baseUrl: core.baseUrl, apiKey: 'lk_other' }) });
    core.set(A, APPROVED, 'print');
    await viaClient.track([A]);
    expect(viaClient.isApproved(A)).toBe(true);
    expect(core.batchCalls.at(-1)).toEqual({ channel: 'print', assetIds: [A], auth: 'Bearer lk_other' });
    expect(live.isApproved(A)).toBe(false);
  });
});

describe('LiveStatus: flips by itself', () => {
  it('hides an approval the moment its lease ends, with the server gone', async () => {
    // A fake clock, so "the moment" is asserted to the millisecond however loaded the machine is.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    cleanup.push(() => vi.useRealTimers());
    const { core, live, changes } = await setup({ socket: false });
    const until = Date.now() + 300;
    core.set(A, { ...APPROVED, approvedUntil: new Date(until).toISOString() });
    const tracking = live.track([A]);
    await vi.advanceTimersByTimeAsync(20); // the batch debounce (refetchDebounceMs)
    await tracking;
    await core.stop();
    expect(live.isVisible(A)).toBe(true);
    vi.advanceTimersByTime(until - Date.now() - 1);
    expect(live.isVisible(A)).toBe(true);
    expect(changes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(Date.now()).toBe(until);
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual({ assetId: A, visible: false, approved: false, status: 'expired', approvedUntil: new Date(until).toISOString() });
    expect(live.get(A)).toMatchObject({ status: 'expired', visible: false });
  });

  it('confirms entries while connected, and lets them go stale once the server is unreachable', async () => {
    const { core, live, changes } = await setup({ leaseCapMs: 250 });
    core.set(A, APPROVED);
    await connected(live);
    await live.track([A]);
    await new Promise((r) => setTimeout(r, 350)); // longer than leaseCapMs, but the socket confirms
    expect(live.get(A)).toMatchObject({ visible: true, stale: false });
    const downAt = Date.now();
    await core.stop();
    await vi.waitFor(() => expect(changes.at(-1)).toMatchObject({ assetId: A, visible: false }), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(240);
    expect(live.get(A)).toMatchObject({ stale: true, visible: false, approved: false, status: 'approved' });
  });

  it('without a socket, entries go stale after leaseCapMs; track() and refresh() confirm them again', async () => {
    const { core, live, changes } = await setup({ socket: false, leaseCapMs: 100 });
    core.set(A, APPROVED);
    await live.track([A]);
    await vi.waitFor(() => expect(changes.map((c) => c.visible)).toEqual([true, false]), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(live.get(A)).toMatchObject({ stale: true, visible: false });
    await live.track([A]);
    expect(core.batchCalls).toHaveLength(2);
    expect(live.get(A)).toMatchObject({ stale: false, visible: true });
    core.set(A, WITHDRAWN);
    await live.refresh();
    expect(core.batchCalls).toHaveLength(3);
    expect(changes.map((c) => c.visible)).toEqual([true, false, true, false]);
  });

  it('caps the timer delay at 2^31-1 ms', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const timer = new FlipTimer(() => 0, () => undefined);
    timer.arm(2 ** 40);
    expect(spy.mock.calls.at(-1)?.[1]).toBe(MAX_TIMER_DELAY_MS);
    timer.clear();
    spy.mockRestore();
  });
});

describe('LiveStatus: the socket', () => {
  it('applies status events of its channel for tracked ids at once; ignores other channels and ids', async () => {
    const { core, live, changes } = await setup();
    core.set(A, APPROVED);
    core.set(C, APPROVED);
    await connected(live);
    await live.track([A, C]);
    core.publish(A, WITHDRAWN, 'print');
    core.publish(B, APPROVED);
    core.publish(C, WITHDRAWN); // delivered after the two above
    await vi.waitFor(() => expect(live.isVisible(C)).toBe(false), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(live.get(A)).toMatchObject({ status: 'approved', visible: true });
    expect(live.get(B).known).toBe(false);
    core.publish(A, WITHDRAWN);
    await vi.waitFor(() => expect(live.isVisible(A)).toBe(false), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(changes.filter((c) => c.assetId === A).map((c) => [c.status, c.visible])).toEqual([
      ['approved', true],
      ['withdrawn', false],
    ]);
  });

  it('ignores duplicate and out-of-order events', async () => {
    const { core, live, changes } = await setup();
    core.set(A, APPROVED);
    await connected(live);
    await live.track([A]);
    const approved = core.publish(A, { ...APPROVED, status: 'expiring' });
    const withdrawn = core.publish(A, WITHDRAWN);
    await vi.waitFor(() => expect(live.get(A).status).toBe('withdrawn'), { timeout: EVENTUALLY_MS, interval: 5 });
    core.emit('status', approved); // older
    core.emit('status', withdrawn); // duplicate
    core.publish(B, APPROVED); // a later event as a marker that the ones before were delivered
    await new Promise((r) => setTimeout(r, 50));
    expect(live.get(A)).toMatchObject({ status: 'withdrawn', visible: false });
    expect(changes.map((c) => c.status)).toEqual(['approved', 'expiring', 'withdrawn']);
  });

  it('a gap in the event seqs (an event lost between server nodes) refetches every tracked id', async () => {
    const { core, live } = await setup();
    core.set(A, APPROVED);
    core.set(B, APPROVED);
    await connected(live);
    await live.track([A, B]);
    core.publish(B, APPROVED); // seq 1
    // seq 2 withdraws A, but its message never reaches this client…
    core.set(A, WITHDRAWN);
    core.head++;
    core.publish(C, APPROVED); // …seq 3 does: the jump from 1 to 3 is the tell
    await vi.waitFor(() => expect(live.isVisible(A)).toBe(false), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.batchCalls).toHaveLength(2);
    expect(core.batchCalls[1]!.assetIds.sort()).toEqual([A, B]);
    expect(live.isVisible(B)).toBe(true);
    await vi.waitFor(() => expect(live.connected).toBe(true), { timeout: EVENTUALLY_MS, interval: 5 });
    // Back in step: the next event in order fetches nothing.
    core.publish(B, WITHDRAWN);
    await vi.waitFor(() => expect(live.isVisible(B)).toBe(false), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.batchCalls).toHaveLength(2);
  });

  it('keeps an event that lands while a slower fetch of the same id is in flight', async () => {
    const { core, live } = await setup();
    core.set(A, APPROVED);
    await connected(live);
    let open!: () => void;
    core.gate = new Promise((r) => (open = r));
    const tracking = live.track([A]); // the server evaluates A as approved…
    await vi.waitFor(() => expect(core.batchCalls).toHaveLength(1), { timeout: EVENTUALLY_MS, interval: 5 });
    core.publish(A, WITHDRAWN); // …then it is withdrawn, and the event overtakes the answer
    await vi.waitFor(() => expect(live.get(A).status).toBe('withdrawn'), { timeout: EVENTUALLY_MS, interval: 5 });
    core.set(A, APPROVED); // the held answer says approved
    open();
    await tracking;
    expect(live.get(A)).toMatchObject({ status: 'withdrawn', visible: false });
  });

  it('reconnects with since = the last seq seen, and catches up on the replay', async () => {
    const { core, live } = await setup();
    core.set(A, APPROVED);
    await connected(live);
    await live.track([A]);
    core.publish(B, APPROVED);
    core.publish(C, APPROVED);
    core.publish(A, { ...APPROVED, status: 'expiring' });
    await vi.waitFor(() => expect(live.get(A).status).toBe('expiring'), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.handshakes).toEqual([{ apiKey: KEY, channel: 'web' }]);
    core.dropConnections();
    core.history.push({ ...core.history[0]!, seq: 4, id: 'evt-4', assetId: A, newStatus: 'withdrawn', approved: false, visible: false });
    core.head = 4;
    await vi.waitFor(() => expect(core.handshakes).toHaveLength(2), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.handshakes[1]).toEqual({ apiKey: KEY, channel: 'web', since: 3 });
    await vi.waitFor(() => expect(live.get(A).status).toBe('withdrawn'), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.batchCalls).toHaveLength(1); // resumed within seconds: the replay is enough
  });

  it('refetches everything after a disconnect of more than a few seconds, even when resumed', async () => {
    let offset = 0;
    const { core, live } = await setup({ now: () => Date.now() + offset });
    core.set(A, APPROVED);
    await connected(live);
    await live.track([A]);
    core.dropConnections();
    offset = 10_000; // the reconnect happens "10 s later"
    await vi.waitFor(() => expect(core.batchCalls).toHaveLength(2), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.handshakes).toHaveLength(2);
    expect(core.batchCalls[1]!.assetIds).toEqual([A]);
  });

  it('refetches everything when the server cannot resume', async () => {
    const { core, live } = await setup();
    core.set(A, APPROVED);
    core.set(B, APPROVED);
    await connected(live);
    await live.track([A, B]);
    core.publish(C, APPROVED);
    await vi.waitFor(() => expect(core.sockets()).toHaveLength(1), { timeout: EVENTUALLY_MS, interval: 5 });
    await new Promise((r) => setTimeout(r, 20)); // the event reaches the client
    core.dropConnections();
    core.oldestReplayable = 100; // history pruned
    core.set(A, WITHDRAWN);
    await vi.waitFor(() => expect(core.batchCalls).toHaveLength(2), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.batchCalls[1]!.assetIds.sort()).toEqual([A, B]);
    await vi.waitFor(() => expect(live.connected).toBe(true), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(live.isVisible(A)).toBe(false);
    expect(live.isVisible(B)).toBe(true);
    expect(core.batchCalls).toHaveLength(2); // resync and hello (resumed: false) share one refetch
  });

  it('on resync, refetches every tracked id and resumes from its seq', async () => {
    const { core, live, changes } = await setup();
    core.set(A, APPROVED);
    core.set(B, WITHDRAWN);
    await connected(live);
    await live.track([A, B]);
    core.set(A, WITHDRAWN);
    core.set(B, APPROVED);
    core.emit('resync', { seq: 42, reason: 'too_far_behind' });
    await vi.waitFor(() => expect(live.isVisible(B)).toBe(true), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.batchCalls[1]!.assetIds.sort()).toEqual([A, B]);
    expect(live.isVisible(A)).toBe(false);
    expect(changes.filter((c) => c.assetId === A).map((c) => c.visible)).toEqual([true, false]);
    await vi.waitFor(() => expect(live.connected).toBe(true), { timeout: EVENTUALLY_MS, interval: 5 });
    core.dropConnections();
    await vi.waitFor(() => expect(core.handshakes).toHaveLength(2), { timeout: EVENTUALLY_MS, interval: 5 });
    expect(core.handshakes[1]!.since).toBe(42);
  });

  it('reports a bad key as an error and does not keep retrying', async () => {
    const { core, live } = await setup({ apiKey: 'lk_wrong' });
    const errors: unknown[] = [];
    live.on('error', (e) => errors.push(e));
    live.connect();
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: EVENTUALLY_MS, interval: 5 });
    expect((errors[0] as Error).message).toBe('unauthenticated');
    await new Promise((r) => setTimeout(r, 100));
    expect(core.handshakes).toHaveLength(1);
    expect(live.connected).toBe(false);
  });
});
