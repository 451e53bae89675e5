import type { Logger } from 'pino';
import type { StatusRepositories } from './status.repositories';
import type { StatusEffects, WakeUp } from './status-effects';
import type { EventSink, JobQueue } from '../../kernel/ports';
import type { WarningNotifier } from './warning.notifier';

const MAX_TIMER_MS = 2 ** 31 - 1;
const BATCH = 200;

/**
 * Wakes exactly when the next status can change by time alone (an agreement ends, enters its
 * warning window, a minor comes of age), not on a coarse poll. A periodic reconciliation is the
 * safety net and, at start, catches up on everything missed while the server was down.
 * With Redis the wake-up is a BullMQ job keyed by its moment, so it fires once across nodes.
 */
export class ExpiryScheduler implements WakeUp {
  private armedAt: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly repos: StatusRepositories,
    private readonly effects: StatusEffects,
    private readonly events: EventSink,
    private readonly jobs: JobQueue,
    private readonly notifier: WarningNotifier,
    private readonly logger: Logger,
    private readonly reconcileMs = 60_000,
    private readonly eventRetentionMs = 7 * 86_400_000,
  ) {
    jobs.process('status.due', () => this.runDue());
    jobs.process('tenant.recompute', ({ tenantId }) => this.recomputeTenant(tenantId));
  }

  async start(): Promise<void> {
    await this.runDue();
    this.reconcileTimer = setInterval(() => {
      void this.runDue();
      void this.events.pruneBefore(new Date(Date.now() - this.eventRetentionMs)).catch((err) => this.logger.warn({ err }, 'event pruning failed'));
    }, this.reconcileMs);
    this.reconcileTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
  }

  wakeAt(at: Date | null): void {
    if (!at || this.stopped) return;
    const ms = at.getTime();
    if (this.armedAt !== null && this.armedAt <= ms && this.armedAt > Date.now()) return;
    this.armedAt = ms;
    // A little past the instant, so that `now` is on the far side of the boundary when evaluated.
    const delay = Math.min(Math.max(ms - Date.now() + 5, 0), MAX_TIMER_MS);
    void this.jobs.add('status.due', { at: ms }, { delayMs: delay, jobId: String(ms) });
  }

  /** Recomputes every asset whose moment has come, then arms the next wake-up. Never runs twice at once. */
  runDue(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.runDue();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    this.armedAt = null;
    try {
      for (;;) {
        const now = new Date();
        const due = await this.repos.statusStates.due(now, BATCH);
        if (due.length === 0) break;
        const byTenant = new Map<string, string[]>();
        for (const d of due) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.assetId]);
        for (const [tenantId, ids] of byTenant) await this.recompute(tenantId, ids, now);
        if (this.stopped) return;
      }
      const nextWarning = await this.notifier.run();
      const nextChange = await this.repos.statusStates.nextChange();
      const next = [nextChange, nextWarning].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
      this.wakeAt(next);
    } catch (err) {
      this.logger.error({ err }, 'scheduler run failed; the reconciliation will retry');
    }
  }

  /** The same after-commit effects as any write's (StatusEffects): one rule for every recompute. */
  private recompute(tenantId: string, ids: string[], now: Date, force = false) {
    return this.effects.recompute(tenantId, ids, now, force);
  }

  private async recomputeTenant(tenantId: string): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const ids = await this.repos.statusStates.assetIdsPage(tenantId, after, BATCH);
      if (ids.length === 0) break;
      await this.recompute(tenantId, ids, new Date(), true);
      after = ids[ids.length - 1]!;
    }
    await this.runDue();
  }
}
