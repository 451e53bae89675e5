import { AppError } from '@likeness/shared';
import type { RateCounter } from '../../kernel/ports';

/**
 * Login attempts per address and per account, counted *before* the password is checked, so a parallel burst
 * cannot slip past the limit while the ~100 ms hashes run. A success takes its count back (an office behind one
 * address is not locked out by its own sign-ins) and clears the account's failures.
 */
export class AttemptLimiter {
  constructor(
    private readonly counter: RateCounter,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly scope = 'login',
  ) {}

  async begin(keys: { ip: string | null; account: string }): Promise<{ succeeded(): Promise<void> }> {
    const ipKey = `${this.scope}:ip:${keys.ip ?? 'unknown'}`;
    const accountKey = `${this.scope}:account:${keys.account.toLowerCase()}`;
    const hits = await Promise.all([this.counter.hit(ipKey, this.windowMs), this.counter.hit(accountKey, this.windowMs)]);
    const over = hits.filter((h) => h.count > this.max);
    if (over.length) {
      const resetAt = Math.max(...over.map((h) => h.resetAt));
      throw new AppError('rate_limited', 'Too many attempts. Wait a few minutes and try again.', { retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) });
    }
    return {
      succeeded: async () => {
        await this.counter.undo(ipKey);
        await this.counter.reset(accountKey);
      },
    };
  }
}

/**
 * At most `concurrency` password hashes at once (scrypt takes 128 MB and a libuv thread each, the same pool file
 * uploads use); up to `queue` more wait their turn, and beyond that a login is refused at once with 503.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new AppError('unavailable', 'The server is busy signing people in. Try again in a moment.', { reason: 'login_busy', retryAfterSeconds: 1 });
      await new Promise<void>((r) => this.waiting.push(r));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; only when nobody waits does it free up.
      if (next) next();
      else this.running--;
    }
  }

  /** For tests and health: hashes running and logins waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
