import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { JobHandler, JobMap, JobName, JobOptions, JobQueue } from '../kernel/ports';

/** In-process queue for the embedded default: timers, de-duplicated by job id. */
export class LocalJobQueue implements JobQueue {
  private readonly handlers = new Map<string, (data: unknown) => Promise<void>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async add<N extends JobName>(name: N, data: JobMap[N], options: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    const key = options.jobId ? `${name}:${options.jobId}` : null;
    if (key && this.pending.has(key)) return;
    const timer = setTimeout(() => {
      if (key) this.pending.delete(key);
      const handler = this.handlers.get(name);
      if (!handler || this.closed) return;
      const run = handler(data)
        .catch((err) => this.logger.error({ err, job: name }, 'job failed'))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }, Math.min(options.delayMs ?? 0, 2 ** 31 - 1));
    timer.unref();
    if (key) this.pending.set(key, timer);
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as (data: unknown) => Promise<void>);
  }

  /** Runs no more jobs and waits for the running ones: closing the database under a job's open transaction hangs it. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    await Promise.all(this.running);
  }
}

/** BullMQ on Redis: jobs survive restarts and each runs on exactly one node. */
export class BullJobQueue implements JobQueue {
  private readonly queue: Queue;
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<string, (data: unknown) => Promise<void>>();
  private readonly connection: ConnectionOptions;

  constructor(redisUrl: string, private readonly logger: Logger) {
    const u = new URL(redisUrl);
    this.connection = { host: u.hostname, port: Number(u.port || 6379), password: u.password || undefined, db: Number(u.pathname.slice(1) || 0), maxRetriesPerRequest: null };
    this.queue = new Queue('likeness', { connection: this.connection });
  }

  /** Never rejects: callers fire and forget, and the periodic sweeps re-add anything lost here. */
  async add<N extends JobName>(name: N, data: JobMap[N], options: JobOptions = {}): Promise<void> {
    try {
      await this.queue.add(name, data, {
        delay: options.delayMs,
        // BullMQ job ids may not contain ':'.
        jobId: options.jobId ? `${name}-${options.jobId}`.replaceAll(':', '-') : undefined,
        removeOnComplete: true,
        removeOnFail: 1000,
      });
    } catch (err) {
      this.logger.error({ err, job: name }, 'could not enqueue job');
    }
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as (data: unknown) => Promise<void>);
    if (this.workers.length > 0) return;
    const worker = new Worker(
      'likeness',
      async (job) => {
        const h = this.handlers.get(job.name);
        if (h) await h(job.data);
      },
      { connection: this.connection, concurrency: 8 },
    );
    worker.on('failed', (job, err) => this.logger.error({ err, job: job?.name }, 'job failed'));
    this.workers.push(worker);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.close();
  }
}
