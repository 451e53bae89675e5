import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';

export interface ConsentRequestData {
  tenantId: string;
  personId: string;
  templateVersionId: string;
  batchId: string | null;
  recipient: 'subject' | 'guardian';
  via: string[];
  phone: string | null;
  email: string | null;
  content: unknown;
  channels: string[];
  validityDays: number | null;
  validUntil: Date | null;
  assetIds: string[];
  session: string | null;
  sessionDate: Date | null;
  baseUrl: string;
  expiresAt: Date;
  remindAt: Date | null;
  createdById: string | null;
  expectedPersonalNumber?: string | null;
}

export type ConsentRequestUpdate = Partial<{
  status: string;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  declineReason: string | null;
  lastError: string | null;
  agreementId: string | null;
  remindAt: Date | null;
  reminders: number;
  signerDetails: unknown;
  signerCheck: string | null;
  correction: { status: 'pending' | 'accepted' | 'rejected'; fields: string[] };
}>;

/** The update in Prisma's shape: signer details and their review are Json columns. */
const requestData = ({ signerDetails, correction, ...rest }: ConsentRequestUpdate) => ({
  ...rest,
  ...(signerDetails === undefined ? {} : { signerDetails: jsonColumn(signerDetails) }),
  ...(correction === undefined ? {} : { correction: jsonColumn(correction) }),
});

const requestInclude = {
  messages: { orderBy: { createdAt: 'asc' as const } },
  templateVersion: { select: { templateId: true, version: true } },
  person: { select: { name: true, ref: true } },
} as const;

/** Everything the signing page needs, loaded once from a link token. */
const tokenInclude = {
  request: {
    include: {
      person: true,
      templateVersion: { include: { template: { select: { name: true } } } },
      tenant: { select: { id: true, name: true, adultAge: true } },
    },
  },
} as const;

/** Consent requests, their batches and link tokens. */
export class ConsentRequestRepository {
  constructor(private readonly db: DbOrTx) {}

  createRequest(data: ConsentRequestData) {
    return this.db.consentRequest.create({
      data: { ...data, via: data.via, content: jsonColumn(data.content), channels: data.channels, assetIds: data.assetIds },
      include: requestInclude,
    });
  }

  findRequest(tenantId: string, id: string) {
    return this.db.consentRequest.findFirst({ where: { tenantId, id }, include: requestInclude });
  }

  /** With the person, template and organisation: for signing and evidence. */
  findRequestFull(id: string) {
    return this.db.consentRequest.findUnique({ where: { id }, include: tokenInclude.request.include });
  }

  /**
   * A person's requests for their access export, with what was sent and how they signed; never a link,
   * code or BankID start token (a live one in an export would let its reader sign in the person's place).
   */
  forExport(tenantId: string, personId: string) {
    return this.db.consentRequest.findMany({
      where: { tenantId, personId },
      orderBy: { createdAt: 'asc' },
      include: {
        templateVersion: { select: { version: true, template: { select: { name: true } } } },
        messages: { select: { kind: true, channel: true, to: true, provider: true, status: true, error: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
        otps: { select: { channel: true, destination: true, attempts: true, lockedAt: true, verifiedAt: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
        bankIdOrders: { select: { status: true, hintCode: true, locale: true, ip: true, userAgent: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
      },
    });
  }

  /** The sealed evidence (and receipt) of these requests. */
  evidenceForExport(tenantId: string, requestIds: string[]) {
    return this.db.consentEvidence.findMany({ where: { tenantId, requestId: { in: requestIds } }, orderBy: { createdAt: 'asc' } });
  }

  listRequests(tenantId: string, filter: { personId?: string; batchId?: string; status?: string }, page: { limit: number; cursor?: string }) {
    return this.db.consentRequest.findMany({
      where: { tenantId, personId: filter.personId, batchId: filter.batchId, status: filter.status },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
      include: requestInclude,
    });
  }

  updateRequest(tenantId: string, id: string, data: ConsentRequestUpdate) {
    return this.db.consentRequest.update({ where: { id, tenantId }, data: requestData(data), include: requestInclude });
  }

  /** Takes the request's row lock for the rest of the transaction: rate checks on its codes and orders then see each other. */
  lockRequest(tenantId: string, id: string) {
    return this.db.consentRequest.updateMany({ where: { id, tenantId }, data: { updatedAt: new Date() } });
  }

  /** A state change that happens only from the given statuses: the count says whether this caller won. */
  transition(tenantId: string, id: string, from: readonly string[], data: ConsentRequestUpdate & { status: string }) {
    return this.db.consentRequest.updateMany({ where: { id, tenantId, status: { in: [...from] } }, data: requestData(data) }).then((r) => r.count === 1);
  }

  createBatch(data: { tenantId: string; templateId: string; name: string | null; total: number; skipped: unknown; createdById: string | null }) {
    return this.db.consentBatch.create({ data: { ...data, skipped: jsonColumn(data.skipped) } });
  }

  setBatchTotal(tenantId: string, id: string, total: number) {
    return this.db.consentBatch.update({ where: { id, tenantId }, data: { total } });
  }

  findBatch(tenantId: string, id: string) {
    return this.db.consentBatch.findFirst({ where: { tenantId, id } });
  }

  countByStatus(batchId: string) {
    return this.db.consentRequest.groupBy({ by: ['status'], where: { batchId }, _count: { _all: true } });
  }

  /** Open requests whose single reminder is due. */
  dueReminders(now: Date, take: number) {
    return this.db.consentRequest.findMany({
      where: { status: { in: ['sent', 'delivered', 'opened'] }, remindAt: { lte: now }, expiresAt: { gt: now } },
      select: { id: true, tenantId: true },
      take,
    });
  }

  /** Open requests past their expiry. */
  overdue(now: Date, take: number) {
    return this.db.consentRequest.findMany({
      where: { status: { in: ['created', 'sent', 'delivered', 'opened'] }, expiresAt: { lte: now } },
      select: { id: true, tenantId: true },
      take,
    });
  }

  createToken(data: { tenantId: string; requestId: string; purpose: 'sign' | 'receipt'; tokenHash: string; expiresAt: Date }) {
    return this.db.consentToken.create({ data });
  }

  findToken(tokenHash: string) {
    return this.db.consentToken.findUnique({ where: { tokenHash }, include: tokenInclude });
  }

  useTokens(tenantId: string, requestId: string, purpose: 'sign' | 'receipt', at: Date) {
    return this.db.consentToken.updateMany({ where: { requestId, tenantId, purpose, usedAt: null }, data: { usedAt: at } });
  }
}

export type ConsentRequestRow = NonNullable<Awaited<ReturnType<ConsentRequestRepository['findRequest']>>>;
export type ConsentRequestFull = NonNullable<Awaited<ReturnType<ConsentRequestRepository['findRequestFull']>>>;
export type ConsentTokenRow = NonNullable<Awaited<ReturnType<ConsentRequestRepository['findToken']>>>;
