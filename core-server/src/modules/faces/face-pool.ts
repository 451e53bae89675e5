/**
 * A pool of worker threads for face detection, sized to the cores, so indexing never blocks the
 * API's event loop. Workers start on first use and load the models once each; a worker that dies
 * or hangs is replaced and only its own task fails. Idle workers exit after `idleMs` to give their
 * memory (~250 MB each with the models) back.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DetectRequest, DetectedFace } from './face-engine';
import type { WorkerReply, WorkerRequest } from './face.worker';

export interface FacePoolOptions {
  size?: number;
  /** A task running longer than this fails and its worker is replaced. */
  taskTimeoutMs?: number;
  /** Workers idle this long exit (0: never). */
  idleMs?: number;
  /** The workers' CPU priority (Linux nice value): below the API's event loop. */
  nice?: number;
}

interface Task {
  message: { kind: 'detect'; request: DetectRequest } | { kind: 'warmup' };
  resolve: (faces: DetectedFace[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: (Task & { id: number; timer: NodeJS.Timeout }) | null;
  idleTimer: NodeJS.Timeout | null;
}

export class FaceTaskError extends Error {
  override readonly name = 'FaceTaskError';
}

export class FacePool {
  readonly size: number;
  private readonly taskTimeoutMs: number;
  private readonly idleMs: number;
  private readonly nice: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: FacePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.taskTimeoutMs = options.taskTimeoutMs ?? 120_000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.nice = options.nice ?? 10;
  }

  detect(request: DetectRequest): Promise<DetectedFace[]> {
    return this.submit({ kind: 'detect', request });
  }

  /** Starts every worker and loads its models (benchmarks measure indexing without the start-up). */
  async warmup(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.submit({ kind: 'warmup' })));
  }

  get busy(): number {
    return this.slots.filter((s) => s.task).length;
  }

  get queued(): number {
    return this.queue.length;
  }

  private submit(message: Task['message']): Promise<DetectedFace[]> {
    if (this.closed) return Promise.reject(new FaceTaskError('The face worker pool is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      this.assign(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    // The server runs TypeScript through tsx; the bootstrap registers tsx in the worker, then loads face.worker.ts.
    const worker = new Worker(new URL('./face.worker.boot.mjs', import.meta.url), { execArgv: [], workerData: { nice: this.nice } });
    const slot: Slot = { worker, task: null, idleTimer: null };
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      clearTimeout(task.timer);
      slot.task = null;
      worker.unref();
      if (reply.ok) task.resolve(reply.faces);
      else task.reject(new FaceTaskError(reply.error));
      this.idle(slot);
      this.pump();
    });
    const fail = (err: Error) => {
      this.remove(slot);
      const task = slot.task;
      slot.task = null;
      if (task) {
        clearTimeout(task.timer);
        task.reject(new FaceTaskError(`The face worker stopped: ${err.message}`));
      }
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, task: Task): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const id = this.nextId++;
    const timer = setTimeout(() => {
      // Hung (e.g. a pathological image): replace the worker; only this task fails.
      const running = slot.task;
      slot.task = null;
      this.remove(slot);
      void slot.worker.terminate();
      running?.reject(new FaceTaskError(`Face detection took longer than ${this.taskTimeoutMs} ms.`));
      this.pump();
    }, this.taskTimeoutMs);
    timer.unref();
    slot.task = { ...task, id, timer };
    // Keeps the process alive while a task runs; an idle worker does not.
    slot.worker.ref();
    slot.worker.postMessage({ id, ...task.message } as WorkerRequest);
  }

  private idle(slot: Slot): void {
    if (!this.idleMs || this.queue.length > 0) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.task) return;
      this.remove(slot);
      void slot.worker.terminate();
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new FaceTaskError('The face worker pool is closed.'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.idleTimer) clearTimeout(s.idleTimer);
      if (s.task) {
        clearTimeout(s.task.timer);
        s.task.reject(new FaceTaskError('The face worker pool is closed.'));
        s.task = null;
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
