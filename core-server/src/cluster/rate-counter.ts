import { Redis } from 'ioredis';
import type { RateCounter } from '../kernel/ports';

/** Counters of this process only (one node, or no Redis): a map of fixed windows. */
export class LocalRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = Date.now();
    if (this.windows.size > 50_000) this.sweep(now);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      const fresh = { count: 1, resetAt: now + windowMs };
      this.windows.set(key, fresh);
      return { ...fresh };
    }
    w.count++;
    return { ...w };
  }

  async undo(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {}

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    if (this.windows.size > 50_000) this.windows.clear();
  }
}

const PREFIX = 'likeness:rate:';

/** Counters every node shares: INCR is atomic, so a burst spread over nodes is counted once per attempt. */
export class RedisRateCounter implements RateCounter {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const k = PREFIX + key;
    // SET NX PX opens the window once; INCR and PTTL then read it in the same MULTI.
    const res = await this.redis.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).pttl(k).exec();
    const count = Number(res?.[1]?.[1] ?? 1);
    const ttl = Number(res?.[2]?.[1] ?? windowMs);
    return { count, resetAt: Date.now() + (ttl > 0 ? ttl : windowMs) };
  }

  async undo(key: string): Promise<void> {
    // Only while the window lives: a DECR on a missing key would create one without expiry.
    await this.redis.eval("if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0", 1, PREFIX + key);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(PREFIX + key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
