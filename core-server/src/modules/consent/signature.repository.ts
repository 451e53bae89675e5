import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';

/** How a signer proves who they are, and what is kept: one-time codes, BankID orders, sealed evidence. */
export class SignatureRepository {
  constructor(private readonly db: DbOrTx) {}

  createOtp(data: { tenantId: string; requestId: string; channel: string; destination: string; codeHash: string; createdAt: Date; expiresAt: Date }) {
    return this.db.consentOtp.create({ data });
  }

  latestOtp(requestId: string) {
    return this.db.consentOtp.findFirst({ where: { requestId }, orderBy: { createdAt: 'desc' } });
  }

  otpsSince(requestId: string, since: Date) {
    return this.db.consentOtp.count({ where: { requestId, createdAt: { gte: since } } });
  }

  otpCount(requestId: string) {
    return this.db.consentOtp.count({ where: { requestId } });
  }

  /** Counts one attempt, only while the code is still open: the row update serialises guesses. */
  countAttempt(tenantId: string, id: string, max: number) {
    return this.db.consentOtp
      .updateMany({ where: { id, tenantId, lockedAt: null, verifiedAt: null, attempts: { lt: max } }, data: { attempts: { increment: 1 } } })
      .then((r) => r.count === 1);
  }

  updateOtp(tenantId: string, id: string, data: Partial<{ lockedAt: Date; verifiedAt: Date }>) {
    return this.db.consentOtp.update({ where: { id, tenantId }, data });
  }

  findOtp(id: string) {
    return this.db.consentOtp.findUnique({ where: { id } });
  }

  createOrder(data: {
    tenantId: string;
    requestId: string;
    orderRef: string;
    autoStartToken: string;
    qrStartToken: string;
    qrStartSecret: string;
    locale: string;
    textHash: string;
    ip: string | null;
    userAgent: string | null;
  }) {
    return this.db.consentBankIdOrder.create({ data });
  }

  findOrder(requestId: string, id: string) {
    return this.db.consentBankIdOrder.findFirst({ where: { requestId, id } });
  }

  pendingOrders(requestId: string) {
    return this.db.consentBankIdOrder.findMany({ where: { requestId, status: 'pending' } });
  }

  updateOrder(tenantId: string, id: string, data: Partial<{ status: string; hintCode: string | null; lastCollectAt: Date; completedAt: Date; qrStartSecret: string | null }>) {
    return this.db.consentBankIdOrder.update({ where: { id, tenantId }, data });
  }

  /** Ends a pending order exactly once. */
  finishOrder(tenantId: string, id: string, data: { status: string; hintCode: string | null; completedAt: Date }) {
    return this.db.consentBankIdOrder
      .updateMany({ where: { id, tenantId, status: 'pending' }, data: { ...data, qrStartSecret: null } })
      .then((r) => r.count === 1);
  }

  createEvidence(data: { tenantId: string; agreementId: string; requestId: string; templateVersionId: string; data: unknown; sealHash: string; receipt: Uint8Array; receiptSha256: string }) {
    return this.db.consentEvidence.create({ data: { ...data, data: jsonColumn(data.data), receipt: Buffer.from(data.receipt) } });
  }

  findEvidence(tenantId: string, agreementId: string) {
    return this.db.consentEvidence.findFirst({ where: { tenantId, agreementId } });
  }

  findEvidenceByRequest(requestId: string) {
    return this.db.consentEvidence.findUnique({ where: { requestId } });
  }

  findEvidenceBySeal(tenantId: string, sealHash: string) {
    return this.db.consentEvidence.findFirst({ where: { tenantId, sealHash } });
  }
}
