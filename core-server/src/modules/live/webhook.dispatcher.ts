import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { StatusChangedEvent } from '@likeness/shared';
import type { EventListener } from './event.publisher';
import type { LiveRepositories } from './live.repositories';
import type { JobQueue } from '../../kernel/ports';
import { AppError } from '@likeness/shared';
import type { WebhookPost } from './webhook.http';
import type { SecretBox } from '../../kernel/secret-box';
import { WEBHOOK_SECRET } from './live.service';

const MAX_ATTEMPTS = 12;
const TIMEOUT_MS = 10_000;
const LOCK_MS = 30_000;

/** base, 2×base, 4×base … capped at one hour (base 5 s by default). */
export const backoffMs = (attempt: number, baseMs = 5_000) => Math.min(baseMs * 2 ** (attempt - 1), 3_600_000);

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed, so a replay can be refused. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/**
 * Delivers the webhook outbox: at least once, signed, retried with backoff.
 * Rows are claimed with a lease, so any number of nodes can run this.
 */
export class WebhookDispatcher implements EventListener {
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly repos: LiveRepositories,
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
    private readonly post: WebhookPost,
    private readonly secrets: SecretBox,
    private readonly retryBaseMs = 5_000,
    private readonly sweepMs = 15_000,
  ) {
    jobs.process('webhook.deliver', ({ deliveryId }) => this.attempt(deliveryId));
  }

  start(): void {
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweepTimer.unref();
  }

  /** On shutdown: start no new attempts; pending rows stay in the outbox for the next start. */
  stop(): void {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /** New events committed: deliver what is due now. */
  deliver(_tenantId: string, _events: StatusChangedEvent[]): void {
    void this.sweep();
  }

  /** Enqueues every due delivery; also what catches up after a restart. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const { id } of await this.repos.webhooks.duePending(new Date(), 500)) {
        await this.jobs.add('webhook.deliver', { deliveryId: id }, { jobId: id });
      }
    } catch (err) {
      this.logger.warn({ err }, 'webhook sweep failed');
    }
  }

  async attempt(id: string): Promise<void> {
    const now = new Date();
    const tenantId = await this.repos.webhooks.tenantOfDelivery(id);
    if (this.stopped || !tenantId || !(await this.repos.webhooks.claim(tenantId, id, now, LOCK_MS))) return;
    const delivery = await this.repos.webhooks.deliveryWithWebhook(id);
    if (!delivery) return;
    const body = JSON.stringify(delivery.payload);
    const event = delivery.payload as StatusChangedEvent;
    let responseStatus: number | null = null;
    let error: string | null = null;
    try {
      const status = await this.post(
        delivery.webhook.url,
        {
          'content-type': 'application/json',
          'user-agent': 'Likeness-Webhook/1',
          'x-likeness-event': delivery.eventType,
          'x-likeness-delivery': delivery.id,
          'idempotency-key': event.id,
          'x-likeness-signature': signWebhook(this.secrets.open(delivery.webhook.secret, WEBHOOK_SECRET), body, Math.floor(Date.now() / 1000)),
        },
        body,
        TIMEOUT_MS,
      );
      responseStatus = status;
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = deliveryError(err);
    }
    const attempts = delivery.attempts + 1;
    const done = error === null;
    const failed = !done && (attempts >= MAX_ATTEMPTS || !delivery.webhook.active);
    const delay = backoffMs(attempts, this.retryBaseMs);
    const nextAttemptAt = new Date(Date.now() + delay);
    await this.repos.webhooks.finish(tenantId, id, {
      status: done ? 'delivered' : failed ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: done || failed ? now : nextAttemptAt,
      lastError: error,
      responseStatus,
      deliveredAt: done ? new Date() : null,
    });
    if (!done && !failed) await this.jobs.add('webhook.deliver', { deliveryId: id }, { delayMs: delay, jobId: `${id}:${attempts}` });
  }
}

/** A fixed, short reason: never the receiver's answer or a network error text (they can echo internal details). */
function deliveryError(err: unknown): string {
  if (err instanceof AppError && err.code === 'webhook_target_refused') return 'target refused (internal address)';
  const name = (err as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  const code = (err as NodeJS.ErrnoException)?.code;
  return code && /^[A-Z_]{3,40}$/.test(code) ? `connection failed (${code})` : 'connection failed';
}
