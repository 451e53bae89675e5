import { eventContract, webhookContract } from '@likeness/shared';
import { route } from '../../kernel/route';
import type { LiveFacade } from './index';

export function liveRoutes(s: LiveFacade) {
  return [
    route(eventContract.list, ({ ctx, query }) => s.live.events(ctx, query.since, query.limit)),
    route(webhookContract.list, ({ ctx }) => s.live.listWebhooks(ctx)),
    route(webhookContract.create, ({ ctx, body }) => s.live.createWebhook(ctx, body)),
    route(webhookContract.update, ({ ctx, params, body }) => s.live.updateWebhook(ctx, params.id, body)),
    route(webhookContract.delete, ({ ctx, params }) => s.live.deleteWebhook(ctx, params.id)),
    route(webhookContract.deliveries, ({ ctx, params }) => s.live.deliveries(ctx, params.id)),
  ];
}
