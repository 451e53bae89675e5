import { randomBytes } from 'node:crypto';
import {
  AppError,
  type EventList,
  type StatusChangedEvent,
  type WebhookCreate,
  type WebhookCreatedDto,
  type WebhookDeliveryDto,
  type WebhookDto,
  type WebhookUpdate,
} from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import { ReplayPolicy } from './replay-policy';
import type { SecretBox } from '../../kernel/secret-box';

/** The purpose a webhook secret is sealed under (authenticated with it). */
export const WEBHOOK_SECRET = 'webhook.secret';
import type { LiveRepositories, LiveUnitOfWork } from './live.repositories';

type WebhookRow = NonNullable<Awaited<ReturnType<LiveRepositories['webhooks']['findInTenant']>>>;
type DeliveryRow = Awaited<ReturnType<LiveRepositories['webhooks']['deliveries']>>[number];

const toWebhookDto = (w: WebhookRow): WebhookDto => ({ id: w.id, name: w.name, url: w.url, active: w.active, createdAt: w.createdAt.toISOString() });

function toDeliveryDto(d: DeliveryRow): WebhookDeliveryDto {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventSeq: d.eventSeq,
    eventType: d.eventType,
    status: d.status as WebhookDeliveryDto['status'],
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastError: d.lastError,
    responseStatus: d.responseStatus,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** Events (the polling fallback) and webhooks. */
export class LiveService {
  constructor(
    private readonly repos: LiveRepositories,
    private readonly uow: LiveUnitOfWork,
    private readonly replay: ReplayPolicy,
    /** Refuses internal targets (AppError webhook_target_refused) unless they are allowed. */
    private readonly checkTarget: (url: string) => Promise<void>,
    private readonly secrets: SecretBox,
  ) {}

  async events(ctx: RequestContext, since: number, limit: number): Promise<EventList> {
    const { head, resync } = await this.replay.decide(ctx.tenantId, since);
    if (resync) return { items: [], headSeq: head, resync: true };
    const rows = await this.repos.events.after(ctx.tenantId, since, limit);
    const items = rows.map((r) => r.payload as StatusChangedEvent).map((e) => (ctx.publicOrigins ? { ...e, reasons: [] } : e));
    return { items, headSeq: head, resync: false };
  }

  async listWebhooks(ctx: RequestContext): Promise<{ items: WebhookDto[] }> {
    return { items: (await this.repos.webhooks.list(ctx.tenantId)).map(toWebhookDto) };
  }

  async createWebhook(ctx: RequestContext, input: WebhookCreate): Promise<WebhookCreatedDto> {
    await this.checkTarget(input.url);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.uow.run(async (repos) => {
      const w = await repos.webhooks.create({ tenantId: ctx.tenantId, name: input.name, url: input.url, secret: this.secrets.seal(secret, WEBHOOK_SECRET) });
      await repos.audit.append({ ...auditMeta(ctx), action: 'webhook.created', entityType: 'webhook', entityId: w.id, after: { name: w.name, url: w.url } });
      return { ...toWebhookDto(w), secret };
    });
  }

  async updateWebhook(ctx: RequestContext, id: string, input: WebhookUpdate): Promise<WebhookDto> {
    if (input.url !== undefined) await this.checkTarget(input.url);
    return this.uow.run(async (repos) => {
      const current = await repos.webhooks.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such webhook.');
      const w = await repos.webhooks.update(ctx.tenantId, id, input);
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'webhook.updated',
        entityType: 'webhook',
        entityId: id,
        before: { name: current.name, url: current.url, active: current.active },
        after: { name: w.name, url: w.url, active: w.active },
      });
      return toWebhookDto(w);
    });
  }

  async deleteWebhook(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    return this.uow.run(async (repos) => {
      const current = await repos.webhooks.findInTenant(ctx.tenantId, id);
      if (!current) throw new AppError('not_found', 'No such webhook.');
      await repos.webhooks.delete(ctx.tenantId, id);
      await repos.audit.append({ ...auditMeta(ctx), action: 'webhook.deleted', entityType: 'webhook', entityId: id, before: { name: current.name, url: current.url } });
      return { ok: true as const };
    });
  }

  async deliveries(ctx: RequestContext, id: string): Promise<{ items: WebhookDeliveryDto[] }> {
    if (!(await this.repos.webhooks.findInTenant(ctx.tenantId, id))) throw new AppError('not_found', 'No such webhook.');
    return { items: (await this.repos.webhooks.deliveries(ctx.tenantId, id)).map(toDeliveryDto) };
  }
}
