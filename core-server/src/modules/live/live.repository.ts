import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';
import { prismaErrors } from '../../db/prisma-errors';

export class EventRepository {
  constructor(private readonly db: DbOrTx) {}

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
