/**
 * HTTP load generator for the benches: autocannon in a worker thread, so it does not share the
 * server's event loop (it still shares the machine's cores). Latencies are recorded per response
 * in full precision (autocannon's own histogram rounds to whole milliseconds).
 *
 * This module is both the API (LoadGenerator, main thread) and the worker's entry point.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface LoadJob {
  /** Origin, e.g. http://127.0.0.1:1234 */
  origin: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  /** Bodies to rotate through; every connection starts at a different offset. */
  bodies: string[];
  connections: number;
  durationSeconds: number;
  /** Fixed overall request rate (req/s); unset = as fast as the connections allow. */
  rate?: number;
}

export interface LoadResult {
  /** Completed 2xx responses. */
  ok: number;
  durationSeconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** A few non-2xx status codes seen, for the error message. */
  statusCodes: Record<string, number>;
}

const WORKER_TAG = 'likeness-bench-loadgen';

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const requests: autocannon.Request[] = job.bodies.map((body) => ({ method: job.method, path: job.path, headers: job.headers, body }));
  const stride = Math.max(1, Math.floor(requests.length / job.connections));
  let nextClient = 0;
  let latencies = new Float64Array(1 << 16);
  let ok = 0;
  let non2xx = 0;
  const statusCodes: Record<string, number> = {};

  const instance = autocannon({
    url: job.origin + job.path,
    connections: job.connections,
    duration: job.durationSeconds,
    ...(job.rate ? { overallRate: job.rate } : {}),
    method: job.method,
    headers: job.headers,
    body: job.bodies[0],
    setupClient(client) {
      const offset = (nextClient++ * stride) % requests.length;
      client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    if (statusCode >= 200 && statusCode < 300) {
      if (ok === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[ok++] = ms;
    } else {
      non2xx++;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    }
  });
  const result = await instance;
  const sorted = latencies.subarray(0, ok).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    ok,
    durationSeconds: result.duration,
    rps: ok / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: ok ? sorted[ok - 1]! : NaN,
    meanMs: ok ? sum / ok : NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx,
    statusCodes,
  };
}

type Reply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** One long-lived worker (its JIT stays warm across runs); jobs run one at a time. */
export class LoadGenerator {
  private readonly worker: Worker;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    const workerOptions = { workerData: { tag: WORKER_TAG } };
    if (import.meta.url.endsWith('.ts')) {
      // Under tsx the loader hooks are not inherited by workers: register them first, then load this module.
      const tsx = import.meta.resolve('tsx/esm/api');
      const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); });`;
      this.worker = new Worker(bootstrap, { ...workerOptions, eval: true });
    } else {
      this.worker = new Worker(new URL(import.meta.url), workerOptions);
    }
  }

  run(job: LoadJob): Promise<LoadResult> {
    const next = this.queue.then(
      () =>
        new Promise<LoadResult>((resolve, reject) => {
          const onError = (err: Error) => {
            this.worker.off('message', onMessage);
            reject(err);
          };
          const onMessage = (reply: Reply) => {
            this.worker.off('error', onError);
            if (reply.ok) resolve(reply.result);
            else reject(new Error(`load generator: ${reply.error}`));
          };
          this.worker.once('message', onMessage);
          this.worker.once('error', onError);
          this.worker.postMessage(job);
        }),
    );
    this.queue = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  const port = parentPort!;
  port.on('message', (job: LoadJob) => {
    runJob(job).then(
      (result) => port.postMessage({ ok: true, result } satisfies Reply),
      (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Reply),
    );
  });
}
