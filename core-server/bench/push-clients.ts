/** push bench: the live clients, in worker threads so the thread that takes t0 stays idle. */
import { Worker } from 'node:worker_threads';

/** One monotonic clock for every thread. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const EVENT_TIMEOUT_MS = 15_000;
/** "wire": a lean Engine.IO client that decodes after the round; "socket.io": socket.io-client (see push-client-worker.mjs). */
export type ClientKind = 'wire' | 'socket.io';
export const CLIENT_KINDS: readonly ClientKind[] = ['wire', 'socket.io'];

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
  /** One 'statuses' frame as received (text), or null. */
  sample: string | null;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

class ClientThread {
  private readonly worker: Worker;
  private readonly calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(kind: ClientKind) {
    const workerData = { kind, socketIoClient: import.meta.resolve('socket.io-client'), ws: import.meta.resolve('ws') };
    this.worker = new Worker(new URL('./push-client-worker.mjs', import.meta.url), { workerData });
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

  static async start(count: number, kind: ClientKind = 'wire'): Promise<ClientPool> {
    const threads = Array.from({ length: count }, () => new ClientThread(kind));
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
  async collect(timeoutMs = EVENT_TIMEOUT_MS): Promise<Omit<Collected, 'index'>> {
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
    const sample = parts.find((p) => p.sample !== null)?.sample ?? null;
    return { hit, all, seq, problems: parts.flatMap((p) => p.problems), disconnected: parts.reduce((s, p) => s + p.disconnected, 0), sample };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.threads.map((t) => t.close()));
    await Promise.allSettled(this.threads.map((t) => t.terminate()));
  }
}
