/** push bench: the socket.io clients, in worker threads so the thread that takes t0 stays idle. */
import { Worker } from 'node:worker_threads';

/** One monotonic clock for every thread. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const EVENT_TIMEOUT_MS = 15_000;
// ---------------------------------------------------------------------------------------------
// Clients: socket.io connections in worker threads. Plain JS (the workers do not load tsx).

const WORKER_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { io } = await import(workerData.socketIoClient);
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const clients = [];
  let armed = null;
  let pending = 0;
  let waiter = null;
  const settle = () => { if (waiter && pending === 0) { const w = waiter; waiter = null; w(); } };

  function onStatus(c, e) {
    const t = now();
    const a = armed;
    if (a === null || e.channel !== 'web' || e.newStatus !== a.status) return;
    if (e.assetId === a.assetId && c.hit !== c.hit) { c.hit = t; c.seq = e.seq; pending--; }
    if (a.all.has(e.assetId) && c.all !== c.all && !c.seen.has(e.assetId)) {
      c.seen.add(e.assetId);
      if (c.seen.size === a.all.size) { c.all = t; pending--; }
    }
    if (pending === 0) settle();
  }

  function connectOne(t, apiKey, timeoutMs) {
    return new Promise((resolve) => {
      const socket = io(t.url + '/live', { path: '/socket.io', transports: ['websocket'], auth: { apiKey }, reconnection: false, forceNew: true, timeout: timeoutMs });
      const c = { index: t.index, socket, hello: false, error: null, disconnects: 0, hit: NaN, all: NaN, seq: -1, seen: new Set() };
      clients.push(c);
      const timer = setTimeout(() => { if (!c.hello) c.error = c.error || ('no hello within ' + timeoutMs + ' ms'); resolve(); }, timeoutMs);
      socket.on('hello', () => { c.hello = true; clearTimeout(timer); resolve(); });
      socket.on('connect_error', (err) => { c.error = 'connect_error: ' + err.message; clearTimeout(timer); resolve(); });
      socket.on('disconnect', (reason) => { c.disconnects++; c.error = c.error || ('disconnected: ' + reason); });
      socket.on('statuses', (events) => { for (const e of events) onStatus(c, e); });
    });
  }

  const ops = {
    async connect({ targets, apiKey, concurrency, timeoutMs }) {
      let next = 0;
      const lane = async () => { while (next < targets.length) await connectOne(targets[next++], apiKey, timeoutMs); };
      await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, lane));
      const failed = clients.filter((c) => !c.hello);
      return { connected: clients.length - failed.length, errors: failed.slice(0, 5).map((c) => 'client ' + c.index + ': ' + c.error) };
    },
    arm({ assetId, status, all }) {
      armed = { assetId, status, all: new Set(all) };
      pending = 0;
      for (const c of clients) {
        c.hit = NaN; c.all = NaN; c.seq = -1; c.seen = new Set();
        if (c.hello && c.socket.connected) pending += 2;
      }
      return null;
    },
    async collect({ timeoutMs }) {
      if (pending > 0) {
        await new Promise((resolve) => {
          const timer = setTimeout(() => { waiter = null; resolve(); }, timeoutMs);
          waiter = () => { clearTimeout(timer); resolve(); };
        });
      }
      armed = null;
      const n = clients.length;
      const index = new Int32Array(n), hit = new Float64Array(n), all = new Float64Array(n), seq = new Float64Array(n);
      const problems = [];
      clients.forEach((c, i) => {
        index[i] = c.index; hit[i] = c.hit; all[i] = c.all; seq[i] = c.seq;
        if (c.hit !== c.hit && problems.length < 5) problems.push('client ' + c.index + ': ' + (c.error || (c.socket.connected ? 'connected, no event' : 'not connected')));
      });
      return { index, hit, all, seq, problems, disconnected: clients.filter((c) => c.disconnects > 0).length };
    },
    close() {
      for (const c of clients) c.socket.close();
      clients.length = 0;
      return null;
    },
  };

  parentPort.on('message', async (m) => {
    try {
      parentPort.postMessage({ id: m.id, ok: true, result: await ops[m.op](m.args) });
    } catch (err) {
      parentPort.postMessage({ id: m.id, ok: false, error: err && err.stack ? err.stack : String(err) });
    }
  });
  parentPort.postMessage({ ready: true });
})();
`;

export interface Target {
  index: number;
  url: string;
}

export interface Collected {
  index: Int32Array;
  hit: Float64Array;
  all: Float64Array;
  seq: Float64Array;
  problems: string[];
  disconnected: number;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

class ClientThread {
  private readonly worker: Worker;
  private readonly calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { socketIoClient: import.meta.resolve('socket.io-client') } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (m: { ready: true } | Reply) => {
        if ('ready' in m) return resolve();
        const call = this.calls.get(m.id);
        if (!call) return;
        this.calls.delete(m.id);
        if (m.ok) call.resolve(m.result);
        else call.reject(new Error(`client thread: ${m.error}`));
      });
    });
    this.worker.on('error', (err) => {
      for (const call of this.calls.values()) call.reject(err);
      this.calls.clear();
    });
  }

  private call<T>(op: string, args: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  connect(targets: Target[], apiKey: string) {
    return this.call<{ connected: number; errors: string[] }>('connect', { targets, apiKey, concurrency: 50, timeoutMs: 30_000 });
  }
  arm(assetId: string, status: string, all: string[]) {
    return this.call<null>('arm', { assetId, status, all });
  }
  collect(timeoutMs: number) {
    return this.call<Collected>('collect', { timeoutMs });
  }
  close() {
    return this.call<null>('close', null);
  }
  async terminate() {
    await this.worker.terminate();
  }
}

/** N clients over several threads; client i goes to node i mod nodes, thread i mod threads. */
export class ClientPool {
  private n = 0;

  private constructor(readonly threads: ClientThread[]) {}

  static async start(count: number): Promise<ClientPool> {
    const threads = Array.from({ length: count }, () => new ClientThread());
    try {
      await Promise.all(threads.map((t) => t.ready));
    } catch (err) {
      await Promise.allSettled(threads.map((t) => t.terminate()));
      throw err;
    }
    return new ClientPool(threads);
  }

  async connect(n: number, urls: string[], apiKey: string): Promise<{ connected: number; errors: string[] }> {
    const per: Target[][] = this.threads.map(() => []);
    for (let i = 0; i < n; i++) per[i % this.threads.length]!.push({ index: i, url: urls[i % urls.length]! });
    const results = await Promise.all(this.threads.map((t, k) => t.connect(per[k]!, apiKey)));
    this.n = n;
    return { connected: results.reduce((s, r) => s + r.connected, 0), errors: results.flatMap((r) => r.errors) };
  }

  async arm(assetId: string, status: string, all: string[]): Promise<void> {
    await Promise.all(this.threads.map((t) => t.arm(assetId, status, all)));
  }

  /** Receive times by client index (NaN: not received), once every client has both events or after the timeout. */
  async collect(timeoutMs = EVENT_TIMEOUT_MS): Promise<{ hit: Float64Array; all: Float64Array; seq: Float64Array; problems: string[]; disconnected: number }> {
    const parts = await Promise.all(this.threads.map((t) => t.collect(timeoutMs)));
    const hit = new Float64Array(this.n).fill(NaN);
    const all = new Float64Array(this.n).fill(NaN);
    const seq = new Float64Array(this.n).fill(-1);
    for (const p of parts) {
      p.index.forEach((idx, i) => {
        hit[idx] = p.hit[i]!;
        all[idx] = p.all[i]!;
        seq[idx] = p.seq[i]!;
      });
    }
    return { hit, all, seq, problems: parts.flatMap((p) => p.problems), disconnected: parts.reduce((s, p) => s + p.disconnected, 0) };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.threads.map((t) => t.close()));
    await Promise.allSettled(this.threads.map((t) => t.terminate()));
  }
}
