/** setTimeout's largest delay; longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * One re-armable timer for "the next moment something flips by itself". Arming replaces the previous
 * deadline; delays beyond setTimeout's range are capped and the owner simply re-arms when it fires early.
 */
export class FlipTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly now: () => number,
    private readonly onFire: () => void,
  ) {}

  /** Fire at `at` (epoch ms), or never when null. */
  arm(at: number | null): void {
    this.clear();
    if (at === null) return;
    const delay = Math.min(Math.max(at - this.now(), 0), MAX_TIMER_DELAY_MS);
    this.handle = setTimeout(() => {
      this.handle = undefined;
      this.onFire();
    }, delay);
    // Never keep a Node host alive just for this.
    (this.handle as { unref?: () => void }).unref?.();
  }

  clear(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/** A one-off setTimeout that does not keep a Node host alive. */
export function later(fn: () => void, ms: number): void {
  (setTimeout(fn, ms) as { unref?: () => void }).unref?.();
}
