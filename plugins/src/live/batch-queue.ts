interface Cycle {
  promise: Promise<void>;
  resolve: (p: Promise<void>) => void;
}

/**
 * Collects ids for the batch API: de-duplicates them, waits `debounceMs` so that many calls share one
 * request, splits into chunks of `batchSize`, and lets later callers join a request already in flight.
 */
export class BatchQueue {
  private readonly queued = new Set<string>();
  private readonly inflight = new Map<string, Promise<void>>();
  private cycle: Cycle | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fetchChunk: (ids: string[]) => Promise<void>,
    private readonly batchSize: number,
    private readonly debounceMs: number,
  ) {}

  /**
   * Resolves when every id has been answered (rejects if its request failed).
   * `force`: fetch again even if a request is already in flight (it may predate what we need).
   */
  request(ids: Iterable<string>, force = false): Promise<void> {
    const waits = new Set<Promise<void>>();
    for (const id of ids) {
      const running = this.queued.has(id) || force ? undefined : this.inflight.get(id);
      if (running) {
        waits.add(running);
        continue;
      }
      this.queued.add(id);
      waits.add(this.nextCycle());
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Drops pending work; requests already sent still complete. */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queued.clear();
    this.cycle?.resolve(Promise.resolve());
    this.cycle = null;
  }

  private nextCycle(): Promise<void> {
    if (!this.cycle) {
      let resolve!: (p: Promise<void>) => void;
      const promise = new Promise<void>((r) => (resolve = r));
      promise.catch(() => undefined); // callers see the rejection; no unhandled one when nobody waits
      this.cycle = { promise, resolve };
      this.timer = setTimeout(() => this.flush(), this.debounceMs);
    }
    return this.cycle.promise;
  }

  private flush(): void {
    const cycle = this.cycle;
    const ids = [...this.queued];
    this.cycle = null;
    this.timer = undefined;
    this.queued.clear();
    if (!cycle) return;
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += this.batchSize) chunks.push(ids.slice(i, i + this.batchSize));
    const done = Promise.all(chunks.map((chunk) => this.fetchChunk(chunk))).then(() => undefined);
    for (const id of ids) this.inflight.set(id, done);
    const settle = () => {
      for (const id of ids) if (this.inflight.get(id) === done) this.inflight.delete(id);
    };
    done.then(settle, settle);
    cycle.resolve(done);
  }
}
