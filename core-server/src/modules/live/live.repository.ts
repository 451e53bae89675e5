import { jsonColumn } from '../../db/json-column';
import type { DbOrTx, Prisma } from '../../db/prisma.client';
import { prismaErrors } from '../../db/prisma-errors';

export class EventRepository {
  constructor(private readonly db: DbOrTx) {}

  /** Reserves `count` sequence numbers; the tenant row lock orders them by commit. */
  async claimSeqs(tenantId: string, count: number): Promise<number> {
    const t = await this.db.tenant.update({ where: { id: tenantId }, data: { eventSeq: { increment: count } }, select: { eventSeq: true } });
    return t.eventSeq - count + 1;
  }

  createMany(rows: Array<{ tenantId: string; seq: number; type: string; assetId: string; payload: unknown; createdAt: Date }>) {
    return this.db.statusEvent.createMany({ data: rows.map((r) => ({ ...r, payload: jsonColumn(r.payload) })) });
  }

  after(tenantId: string, since: number, take: number) {
    return this.db.statusEvent.findMany({ where: { tenantId, seq: { gt: since } }, orderBy: { seq: 'asc' }, take });
  }

  head(tenantId: string): Promise<number> {
    return this.db.tenant.findUnique({ where: { id: tenantId }, select: { eventSeq: true } }).then((t) => t?.eventSeq ?? 0);
  }

  oldestSeq(tenantId: string): Promise<number | null> {
    return this.db.statusEvent.aggregate({ where: { tenantId }, _min: { seq: true } }).then((r) => r._min.seq);
  }

  pruneBefore(cutoff: Date) {
    return this.db.statusEvent.deleteMany({ where: { createdAt: { lt: cutoff } } });
  }
}

export class WebhookRepository {
  constructor(private readonly db: DbOrTx) {}

  list(tenantId: string) {
    return this.db.webhook.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
  }

  active(tenantId: string) {
    return this.db.webhook.findMany({ where: { tenantId, active: true }, select: { id: true } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.webhook.findFirst({ where: { tenantId, id } });
  }

  create(data: { tenantId: string; name: string; url: string; secret: string }) {
    return this.db.webhook.create({ data });
  }

  update(tenantId: string, id: string, data: Partial<{ name: string; url: string; active: boolean }>) {
    return this.db.webhook.update({ where: { id, tenantId }, data });
  }

  delete(tenantId: string, id: string) {
    return this.db.webhook.delete({ where: { id, tenantId } });
  }

  /** Every organisation's stored secrets: only for re-encrypting them at start or after a key rotation. */
  allSecrets() {
    return this.db.webhook.findMany({ select: { id: true, tenantId: true, secret: true } });
  }

  replaceSecret(tenantId: string, id: string, from: string, to: string) {
    // Compare-and-set: a node resealing at the same time, or a concurrent edit, is never overwritten.
    return this.db.webhook.updateMany({ where: { id, tenantId, secret: from }, data: { secret: to } });
  }

  enqueue(rows: Array<{ tenantId: string; webhookId: string; eventSeq: number; eventType: string; payload: unknown }>) {
    return this.db.webhookDelivery.createMany({ data: rows.map((r) => ({ ...r, payload: jsonColumn(r.payload) })) });
  }

  deliveries(tenantId: string, webhookId: string) {
    return this.db.webhookDelivery.findMany({ where: { tenantId, webhookId }, orderBy: { createdAt: 'desc' }, take: 200 });
  }

  /** Claims a delivery for one attempt; false when another worker has it or it is done. */
  async claim(tenantId: string, id: string, now: Date, lockMs: number): Promise<boolean> {
    const { count } = await this.db.webhookDelivery.updateMany({
      where: { id, tenantId, status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: new Date(now.getTime() + lockMs) },
    });
    return count === 1;
  }

  /** Which organisation a delivery belongs to (jobs carry only its id). */
  tenantOfDelivery(id: string) {
    return this.db.webhookDelivery.findUnique({ where: { id }, select: { tenantId: true } }).then((d) => d?.tenantId ?? null);
  }

  deliveryWithWebhook(id: string) {
    return this.db.webhookDelivery.findUnique({ where: { id }, include: { webhook: true } });
  }

  finish(tenantId: string, id: string, data: { status: string; attempts: number; nextAttemptAt: Date; lastError: string | null; responseStatus: number | null; deliveredAt: Date | null }) {
    return this.db.webhookDelivery.update({ where: { id, tenantId }, data: { ...data, lockedUntil: null } });
  }

  duePending(now: Date, take: number) {
    return this.db.webhookDelivery.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      select: { id: true },
      orderBy: { nextAttemptAt: 'asc' },
      take,
    });
  }
}

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
