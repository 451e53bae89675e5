import type { DbOrTx, Prisma } from '../../db/prisma.client';
import { prismaErrors } from '../../db/prisma-errors';

/** Warnings before an agreement ends (the dashboard's notifications), and who receives them. */
export class NotificationRepository {
  constructor(private readonly db: DbOrTx) {}

  /** Agreements inside their warning window that have not been notified for their current end date. */
  enteringWindow(tenantId: string, now: Date, windowEnd: Date) {
    return this.db.agreement.findMany({
      where: { tenantId, withdrawnAt: null, validFrom: { lte: now }, validUntil: { gt: now, lte: windowEnd } },
      select: {
        id: true,
        personId: true,
        validFrom: true,
        validUntil: true,
        withdrawnAt: true,
        channels: true,
        signedBy: true,
        person: {
          select: {
            name: true,
            ref: true,
            birthDate: true,
            deceased: true,
            agreements: { select: { id: true, validFrom: true, validUntil: true, withdrawnAt: true, channels: true, signedBy: true } },
          },
        },
      },
    });
  }

  /** The earliest end date beyond the window: it enters the window at (end − lead). */
  nextWindowEntry(tenantId: string, windowEnd: Date) {
    return this.db.agreement
      .findFirst({ where: { tenantId, withdrawnAt: null, validUntil: { gt: windowEnd } }, orderBy: { validUntil: 'asc' }, select: { validUntil: true } })
      .then((a) => a?.validUntil ?? null);
  }

  existingKeys(tenantId: string, agreementIds: string[]) {
    return this.db.notification
      .findMany({ where: { tenantId, kind: 'agreement.expiring', agreementId: { in: agreementIds } }, select: { agreementId: true, windowKey: true } })
      .then((rows) => new Set(rows.map((r) => `${r.agreementId}|${r.windowKey}`)));
  }

  /** False when the notification already exists (another node notified first). */
  async createOnce(data: { tenantId: string; kind: string; agreementId: string; personId: string; windowKey: string; data: Prisma.InputJsonValue }): Promise<boolean> {
    try {
      await this.db.notification.create({ data });
      return true;
    } catch (err) {
      if (prismaErrors.isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Erasure: a person's notifications carry their name (by person, or by one of their agreements). */
  /** The warnings about a person or their agreements (what erasure deletes): for their access export. */
  forPerson(tenantId: string, personId: string) {
    // Every warning names its person (createOnce sets both ids).
    return this.db.notification.findMany({ where: { tenantId, personId }, orderBy: { createdAt: 'asc' } });
  }

  deleteForPerson(tenantId: string, personId: string, agreementIds: string[]) {
    return this.db.notification.deleteMany({ where: { tenantId, OR: [{ personId }, { agreementId: { in: agreementIds } }] } });
  }

  list(tenantId: string, unreadOnly: boolean, take: number) {
    return this.db.notification.findMany({ where: { tenantId, ...(unreadOnly ? { readAt: null } : {}) }, orderBy: { createdAt: 'desc' }, take });
  }

  countUnread(tenantId: string) {
    return this.db.notification.count({ where: { tenantId, readAt: null } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.notification.findFirst({ where: { tenantId, id } });
  }

  markRead(tenantId: string, id: string, at: Date) {
    return this.db.notification.update({ where: { id, tenantId }, data: { readAt: at } });
  }

  unemailed(take: number) {
    return this.db.notification.findMany({ where: { emailedAt: null }, orderBy: { createdAt: 'asc' }, take });
  }

  markEmailed(tenantId: string, id: string, at: Date) {
    return this.db.notification.update({ where: { id, tenantId }, data: { emailedAt: at } });
  }

  tenantIds() {
    return this.db.tenant.findMany({ select: { id: true } }).then((r) => r.map((t) => t.id));
  }

  recipients(tenantId: string, roles: string[]) {
    return this.db.user.findMany({ where: { tenantId, role: { in: roles }, disabledAt: null }, select: { email: true, name: true, locale: true } });
  }
}
