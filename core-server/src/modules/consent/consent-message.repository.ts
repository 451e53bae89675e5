import type { DbOrTx } from '../../db/prisma.client';

export interface MessageData {
  tenantId: string;
  requestId: string | null;
  kind: string;
  channel: string;
  to: string;
  subject: string | null;
  body: string;
}

/** Outgoing SMS and email of digital consent (the outbox). */
export class ConsentMessageRepository {
  constructor(private readonly db: DbOrTx) {}

  createMessage(data: MessageData) {
    return this.db.consentMessage.create({ data });
  }

  findMessage(id: string) {
    return this.db.consentMessage.findUnique({ where: { id } });
  }

  /** The code message that went with the request's latest one-time code (both are written in one transaction). */
  latestCodeMessage(tenantId: string, requestId: string, channel: string) {
    return this.db.consentMessage.findFirst({ where: { tenantId, requestId, kind: 'code', channel }, orderBy: { createdAt: 'desc' }, select: { provider: true, providerId: true, status: true } });
  }

  /** Takes a pending message for sending; false when another worker already has it. */
  claimMessage(tenantId: string, id: string) {
    return this.db.consentMessage
      .updateMany({ where: { id, tenantId, status: 'pending' }, data: { status: 'sending', attempts: { increment: 1 } } })
      .then((r) => r.count === 1);
  }

  updateMessage(tenantId: string, id: string, data: Partial<{ status: string; provider: string; providerId: string | null; error: string | null; body: string }>) {
    return this.db.consentMessage.update({ where: { id, tenantId }, data });
  }

  findMessageByProviderId(provider: string, providerId: string) {
    return this.db.consentMessage.findFirst({ where: { provider, providerId } });
  }

  /** Messages left pending (a crash, a lost job) or stuck while sending. */
  stalledMessages(before: Date, take: number) {
    return this.db.consentMessage.findMany({
      where: { status: { in: ['pending', 'sending'] }, updatedAt: { lte: before }, attempts: { lt: 5 } },
      select: { id: true, tenantId: true, status: true },
      take,
    });
  }

  resetMessage(tenantId: string, id: string) {
    return this.db.consentMessage.updateMany({ where: { id, tenantId, status: 'sending' }, data: { status: 'pending' } });
  }

  listOutbox(tenantId: string, filter: { requestId?: string }, page: { limit: number; cursor?: string }) {
    return this.db.consentMessage.findMany({
      where: { tenantId, provider: 'outbox', requestId: filter.requestId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }
}
