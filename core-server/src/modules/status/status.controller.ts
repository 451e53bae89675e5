import { notificationContract, statusContract } from '@likeness/shared';
import { route } from '../../kernel/route';
import type { StatusFacade } from './index';

/** The plugins' hot path: mounted first, since Express tries routes in order. */
export function statusRoutes(s: StatusFacade) {
  return [
    route(statusContract.batch, ({ ctx, body }) => s.status.batch(ctx.tenantId, body.channel, body.assetIds, { includeReasons: !ctx.publicOrigins })),
    route(notificationContract.list, ({ ctx, query }) => s.notifications.list(ctx, query.unread === 'true', query.limit)),
    route(notificationContract.markRead, ({ ctx, params }) => s.notifications.markRead(ctx, params.id)),
  ];
}
