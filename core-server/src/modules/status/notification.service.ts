import { AppError, type NotificationDto } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusRepositories, StatusUnitOfWork } from './status.repositories';

type NotificationRow = Awaited<ReturnType<StatusRepositories['notifications']['list']>>[number];

function toNotificationDto(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    kind: n.kind as NotificationDto['kind'],
    agreementId: n.agreementId,
    personId: n.personId,
    data: n.data as NotificationDto['data'],
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** The dashboard's notifications: the warnings the WarningNotifier writes before consent ends. */
export class NotificationService {
  constructor(private readonly uow: StatusUnitOfWork) {}

  async list(ctx: RequestContext, unreadOnly: boolean, limit: number) {
    const { notifications } = this.uow.repos;
    const [rows, unread] = await Promise.all([notifications.list(ctx.tenantId, unreadOnly, limit), notifications.countUnread(ctx.tenantId)]);
    return { items: rows.map(toNotificationDto), unread };
  }

  async markRead(ctx: RequestContext, id: string): Promise<{ ok: true }> {
    return this.uow.run(async (repos) => {
      const n = await repos.notifications.findInTenant(ctx.tenantId, id);
      if (!n) throw new AppError('not_found', 'No such notification.');
      if (!n.readAt) {
        await repos.notifications.markRead(ctx.tenantId, id, new Date());
        await repos.audit.append({ ...auditMeta(ctx), action: 'notification.read', entityType: 'notification', entityId: id });
      }
      return { ok: true as const };
    });
  }

  /** Erasure, inside its transaction: a person's notifications carry their name (by person, or by one of their agreements). */
  async forgetPerson(scope: TxScope, tenantId: string, personId: string, agreementIds: string[]): Promise<number> {
    return (await this.uow.join(scope).notifications.deleteForPerson(tenantId, personId, agreementIds)).count;
  }
}
