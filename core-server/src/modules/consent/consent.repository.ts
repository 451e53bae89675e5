import type { DbOrTx } from '../../db/prisma.client';

export interface TemplateVersionData {
  purpose: string;
  content: unknown;
  validityDays: number | null;
  channels: string[];
  methods: string[];
  editableText: boolean;
  editableFields: string[];
  createdById: string | null;
}

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
}>;

export interface MessageData {
  tenantId: string;
  requestId: string | null;
  kind: string;
  channel: string;
  to: string;
  subject: string | null;
  body: string;
}

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

/** Templates, requests, link tokens, messages, codes, BankID orders and evidence of digital consent. */
export class ConsentRepository {
  constructor(private readonly db: DbOrTx) {}

  // ---- settings -------------------------------------------------------------------------------

  settings(tenantId: string) {
    return this.db.consentSettings.findUnique({ where: { tenantId } });
  }

  saveSettings(
    tenantId: string,
    data: Partial<{ twilioAccountSid: string | null; twilioAuthToken: string | null; twilioFrom: string | null; linkValidityDays: number; reminderAfterDays: number | null }>,
  ) {
    return this.db.consentSettings.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }

  // ---- templates ------------------------------------------------------------------------------

  async createTemplate(tenantId: string, name: string, version: TemplateVersionData) {
    const template = await this.db.consentTemplate.create({ data: { tenantId, name, latestVersion: 1 } });
    const v = await this.db.consentTemplateVersion.create({ data: this.versionData(tenantId, template.id, 1, version) });
    return { template, version: v };
  }

  private versionData(tenantId: string, templateId: string, n: number, v: TemplateVersionData) {
    return {
      tenantId,
      templateId,
      version: n,
      purpose: v.purpose,
      content: v.content as never,
      validityDays: v.validityDays,
      channels: v.channels,
      methods: v.methods,
      editableText: v.editableText,
      editableFields: v.editableFields,
      createdById: v.createdById,
    };
  }

  /** Claims the next version number on the template row (serialising concurrent editors) and writes it. */
  async addVersion(tenantId: string, templateId: string, name: string, version: TemplateVersionData) {
    const template = await this.db.consentTemplate.update({ where: { id: templateId }, data: { name, latestVersion: { increment: 1 } } });
    const v = await this.db.consentTemplateVersion.create({ data: this.versionData(tenantId, templateId, template.latestVersion, version) });
    return { template, version: v };
  }

  findTemplate(tenantId: string, id: string) {
    return this.db.consentTemplate.findFirst({ where: { tenantId, id } });
  }

  listTemplates(tenantId: string) {
    return this.db.consentTemplate.findMany({ where: { tenantId }, orderBy: [{ archivedAt: 'asc' }, { name: 'asc' }] });
  }

  archiveTemplate(id: string, at: Date) {
    return this.db.consentTemplate.update({ where: { id }, data: { archivedAt: at } });
  }

  findVersion(templateId: string, version: number) {
    return this.db.consentTemplateVersion.findUnique({ where: { templateId_version: { templateId, version } } });
  }

  findVersionById(tenantId: string, id: string) {
    return this.db.consentTemplateVersion.findFirst({ where: { tenantId, id } });
  }

  latestVersions(templateIds: string[]) {
    return this.db.consentTemplate
      .findMany({ where: { id: { in: templateIds } }, select: { id: true, latestVersion: true } })
      .then((rows) =>
        this.db.consentTemplateVersion.findMany({ where: { OR: rows.map((r) => ({ templateId: r.id, version: r.latestVersion })) } }),
      );
  }

  listVersions(templateId: string) {
    return this.db.consentTemplateVersion.findMany({ where: { templateId }, orderBy: { version: 'desc' } });
  }

  // ---- requests and batches --------------------------------------------------------------------

  createRequest(data: ConsentRequestData) {
    return this.db.consentRequest.create({
      data: { ...data, via: data.via, content: data.content as never, channels: data.channels, assetIds: data.assetIds },
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

  listRequests(tenantId: string, filter: { personId?: string; batchId?: string; status?: string }, page: { limit: number; cursor?: string }) {
    return this.db.consentRequest.findMany({
      where: { tenantId, personId: filter.personId, batchId: filter.batchId, status: filter.status },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
      include: requestInclude,
    });
  }

  updateRequest(id: string, data: ConsentRequestUpdate) {
    return this.db.consentRequest.update({ where: { id }, data: data as never, include: requestInclude });
  }

  /** A state change that happens only from the given statuses: the count says whether this caller won. */
  transition(id: string, from: readonly string[], data: ConsentRequestUpdate & { status: string }) {
    return this.db.consentRequest.updateMany({ where: { id, status: { in: [...from] } }, data: data as never }).then((r) => r.count === 1);
  }

  createBatch(data: { tenantId: string; templateId: string; name: string | null; total: number; skipped: unknown; createdById: string | null }) {
    return this.db.consentBatch.create({ data: { ...data, skipped: data.skipped as never } });
  }

  setBatchTotal(id: string, total: number) {
    return this.db.consentBatch.update({ where: { id }, data: { total } });
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

  // ---- link tokens ----------------------------------------------------------------------------

  createToken(data: { tenantId: string; requestId: string; purpose: 'sign' | 'receipt'; tokenHash: string; expiresAt: Date }) {
    return this.db.consentToken.create({ data });
  }

  findToken(tokenHash: string) {
    return this.db.consentToken.findUnique({ where: { tokenHash }, include: tokenInclude });
  }

  useTokens(requestId: string, purpose: 'sign' | 'receipt', at: Date) {
    return this.db.consentToken.updateMany({ where: { requestId, purpose, usedAt: null }, data: { usedAt: at } });
  }

  // ---- messages (outbox) ----------------------------------------------------------------------

  createMessage(data: MessageData) {
    return this.db.consentMessage.create({ data });
  }

  findMessage(id: string) {
    return this.db.consentMessage.findUnique({ where: { id } });
  }

  /** Takes a pending message for sending; false when another worker already has it. */
  claimMessage(id: string) {
    return this.db.consentMessage
      .updateMany({ where: { id, status: 'pending' }, data: { status: 'sending', attempts: { increment: 1 } } })
      .then((r) => r.count === 1);
  }

  updateMessage(id: string, data: Partial<{ status: string; provider: string; providerId: string | null; error: string | null; body: string }>) {
    return this.db.consentMessage.update({ where: { id }, data });
  }

  findMessageByProviderId(provider: string, providerId: string) {
    return this.db.consentMessage.findFirst({ where: { provider, providerId } });
  }

  /** Messages left pending (a crash, a lost job) or stuck while sending. */
  stalledMessages(before: Date, take: number) {
    return this.db.consentMessage.findMany({
      where: { status: { in: ['pending', 'sending'] }, updatedAt: { lte: before }, attempts: { lt: 5 } },
      select: { id: true, status: true },
      take,
    });
  }

  resetMessage(id: string) {
    return this.db.consentMessage.updateMany({ where: { id, status: 'sending' }, data: { status: 'pending' } });
  }

  listOutbox(tenantId: string, filter: { requestId?: string }, page: { limit: number; cursor?: string }) {
    return this.db.consentMessage.findMany({
      where: { tenantId, provider: 'outbox', requestId: filter.requestId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  // ---- one-time codes -------------------------------------------------------------------------

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
  countAttempt(id: string, max: number) {
    return this.db.consentOtp
      .updateMany({ where: { id, lockedAt: null, verifiedAt: null, attempts: { lt: max } }, data: { attempts: { increment: 1 } } })
      .then((r) => r.count === 1);
  }

  updateOtp(id: string, data: Partial<{ lockedAt: Date; verifiedAt: Date }>) {
    return this.db.consentOtp.update({ where: { id }, data });
  }

  findOtp(id: string) {
    return this.db.consentOtp.findUnique({ where: { id } });
  }

  // ---- BankID orders --------------------------------------------------------------------------

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

  updateOrder(id: string, data: Partial<{ status: string; hintCode: string | null; lastCollectAt: Date; completedAt: Date; qrStartSecret: string | null }>) {
    return this.db.consentBankIdOrder.update({ where: { id }, data });
  }

  /** Ends a pending order exactly once. */
  finishOrder(id: string, data: { status: string; hintCode: string | null; completedAt: Date }) {
    return this.db.consentBankIdOrder
      .updateMany({ where: { id, status: 'pending' }, data: { ...data, qrStartSecret: null } })
      .then((r) => r.count === 1);
  }

  // ---- evidence -------------------------------------------------------------------------------

  createEvidence(data: { tenantId: string; agreementId: string; requestId: string; templateVersionId: string; data: unknown; sealHash: string; receipt: Uint8Array; receiptSha256: string }) {
    return this.db.consentEvidence.create({ data: { ...data, data: data.data as never, receipt: Buffer.from(data.receipt) } });
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

export type ConsentRequestRow = NonNullable<Awaited<ReturnType<ConsentRepository['findRequest']>>>;
export type ConsentRequestFull = NonNullable<Awaited<ReturnType<ConsentRepository['findRequestFull']>>>;
export type ConsentTokenRow = NonNullable<Awaited<ReturnType<ConsentRepository['findToken']>>>;
export type ConsentTemplateVersionRow = NonNullable<Awaited<ReturnType<ConsentRepository['findVersionById']>>>;
