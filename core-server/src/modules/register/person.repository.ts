import { jsonColumn } from '../../db/json-column';
import type { DbOrTx } from '../../db/prisma.client';

export interface PersonData {
  name: string | null;
  email: string | null;
  phone: string | null;
  birthDate: Date | null;
  deceased: boolean;
  guardianName: string | null;
  guardianEmail: string | null;
  guardianPhone: string | null;
  notes: string | null;
  customFields: Record<string, unknown>;
  searchText: string;
  /** Set only by a register import. */
  importId?: string | null;
}

export interface PersonFilter {
  q?: string;
  /** Living persons with no agreement that counts at `now` (for minors, only what a guardian signed). */
  missingConsent?: { now: Date; adultsBornBefore: Date };
  /**
   * Living persons with an agreement valid now that ends by `until`: the candidates whose consent may end
   * by then (the service keeps those whose continuous consent really does).
   */
  expiring?: { now: Date; until: Date };
  /** Persons born after this date (minors). */
  bornAfter?: Date;
  withdrawnBefore?: Date;
}

/** Valid at `now`, as the status rules see it: a withdrawal dated later has not taken effect yet. */
const validAt = (now: Date) => ({
  validFrom: { lte: now },
  AND: [{ OR: [{ withdrawnAt: null }, { withdrawnAt: { gt: now } }] }, { OR: [{ validUntil: null }, { validUntil: { gt: now } }] }],
});

export const personWithAgreements = { agreements: true } as const;

export class PersonRepository {
  constructor(private readonly db: DbOrTx) {}

  create(tenantId: string, ref: number, data: PersonData) {
    return this.db.person.create({ data: { tenantId, ref, ...data, customFields: jsonColumn(data.customFields) }, include: personWithAgreements });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.person.findFirst({ where: { tenantId, id }, include: personWithAgreements });
  }

  /** What tells a person apart, for every person of the organisation (an import's duplicate check). */
  identities(tenantId: string) {
    return this.db.person.findMany({ where: { tenantId }, select: { ref: true, name: true, email: true, phone: true, birthDate: true } });
  }

  /** Persons numbered and with their ids already chosen, in inserts of 500 (an import). */
  async createMany(tenantId: string, rows: Array<{ id: string; ref: number; data: PersonData }>) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.person.createMany({ data: rows.slice(i, i + 500).map((r) => ({ id: r.id, tenantId, ref: r.ref, ...r.data, customFields: jsonColumn(r.data.customFields) })) });
    }
  }

  /** The persons an import created (to take them out again if it cannot finish). */
  idsOfImport(tenantId: string, importId: string) {
    return this.db.person.findMany({ where: { tenantId, importId }, select: { id: true } }).then((rows) => rows.map((r) => r.id));
  }

  findManyInTenant(tenantId: string, ids: string[]) {
    return this.db.person.findMany({ where: { tenantId, id: { in: ids } }, include: personWithAgreements });
  }

  update(tenantId: string, id: string, data: Partial<PersonData>) {
    return this.db.person.update({ where: { id, tenantId }, data: { ...data, customFields: data.customFields === undefined ? undefined : jsonColumn(data.customFields) }, include: personWithAgreements });
  }

  delete(tenantId: string, id: string) {
    return this.db.person.delete({ where: { id, tenantId } });
  }

  exists(tenantId: string, id: string) {
    return this.db.person.count({ where: { tenantId, id } }).then((n) => n > 0);
  }

  list(tenantId: string, filter: PersonFilter, page: { limit: number; cursor?: string }) {
    return this.db.person.findMany({
      where: whereOf(tenantId, filter),
      orderBy: { ref: 'asc' },
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
      include: personWithAgreements,
    });
  }

  /** What the register holds about one person, in full: for their access export. */
  forExport(tenantId: string, id: string) {
    return this.db.person.findFirst({
      where: { tenantId, id },
      include: { agreements: { orderBy: { createdAt: 'asc' }, include: { documents: { orderBy: { createdAt: 'asc' } } } } },
    });
  }

  /** The same filter as `list`, counted by the database. */
  count(tenantId: string, filter: PersonFilter) {
    return this.db.person.count({ where: whereOf(tenantId, filter) });
  }

  /**
   * The next instant after `now` at which a register count can change by time alone: an agreement starts,
   * ends or its withdrawal takes effect, one enters the expiry window (`leadMs` before its end), or a minor
   * comes of age (`adultAge`). Null: nothing is due.
   */
  async nextChange(tenantId: string, now: Date, leadMs: number, bornBefore: Date, adultAge: number): Promise<Date | null> {
    const windowEnd = new Date(now.getTime() + leadMs);
    const [starts, ends, withdrawals, entersEnd, entersWithdrawal, oldestMinor] = await Promise.all([
      this.db.agreement.aggregate({ where: { tenantId, validFrom: { gt: now } }, _min: { validFrom: true } }),
      this.db.agreement.aggregate({ where: { tenantId, validUntil: { gt: now } }, _min: { validUntil: true } }),
      this.db.agreement.aggregate({ where: { tenantId, withdrawnAt: { gt: now } }, _min: { withdrawnAt: true } }),
      this.db.agreement.aggregate({ where: { tenantId, validUntil: { gt: windowEnd } }, _min: { validUntil: true } }),
      this.db.agreement.aggregate({ where: { tenantId, withdrawnAt: { gt: windowEnd } }, _min: { withdrawnAt: true } }),
      this.db.person.aggregate({ where: { tenantId, birthDate: { gt: bornBefore } }, _min: { birthDate: true } }),
    ]);
    const comesOfAge = oldestMinor._min.birthDate ? new Date(oldestMinor._min.birthDate) : null;
    comesOfAge?.setUTCFullYear(comesOfAge.getUTCFullYear() + adultAge);
    const instants = [
      starts._min.validFrom,
      ends._min.validUntil,
      withdrawals._min.withdrawnAt,
      entersEnd._min.validUntil && new Date(entersEnd._min.validUntil.getTime() - leadMs),
      entersWithdrawal._min.withdrawnAt && new Date(entersWithdrawal._min.withdrawnAt.getTime() - leadMs),
      comesOfAge,
    ].filter((d): d is Date => d instanceof Date);
    return instants.length ? new Date(Math.min(...instants.map((d) => d.getTime()))) : null;
  }

  /** The same filter as `list`, with only what the consent rules read: for counting what the rules decide. */
  consentRows(tenantId: string, filter: PersonFilter, page: { limit: number; cursor?: string }) {
    return this.db.person.findMany({
      where: whereOf(tenantId, filter),
      orderBy: { ref: 'asc' },
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
      select: {
        id: true,
        birthDate: true,
        deceased: true,
        agreements: { select: { id: true, validFrom: true, validUntil: true, withdrawnAt: true, channels: true, signedBy: true } },
      },
    });
  }
}

/** One filter for the paged list and the counts. */
function whereOf(tenantId: string, filter: PersonFilter) {
  const and: object[] = [{ tenantId }];
  if (filter.q) and.push({ searchText: { contains: filter.q.toLowerCase() } });
  if (filter.missingConsent) {
    const { now, adultsBornBefore } = filter.missingConsent;
    and.push({ deceased: false });
    and.push({
      OR: [
        { agreements: { none: validAt(now) } },
        { birthDate: { gt: adultsBornBefore }, agreements: { none: { ...validAt(now), signedBy: 'guardian' } } },
      ],
    });
  }
  if (filter.expiring) {
    const { now, until } = filter.expiring;
    and.push({ deceased: false });
    and.push({ agreements: { some: { ...validAt(now), OR: [{ validUntil: { lte: until } }, { withdrawnAt: { lte: until } }] } } });
  }
  if (filter.bornAfter) and.push({ birthDate: { gt: filter.bornAfter } });
  if (filter.withdrawnBefore) and.push({ agreements: { some: { withdrawnAt: { lte: filter.withdrawnBefore } } } });
  return { AND: and };
}

export type PersonWithAgreements = NonNullable<Awaited<ReturnType<PersonRepository['findInTenant']>>>;

export interface AgreementData {
  kind: string;
  channels: string[];
  validFrom: Date;
  validUntil: Date | null;
  signedBy: string;
  guardianName: string | null;
  notes: string | null;
}

export const agreementWithDocuments = {
  documents: { orderBy: { createdAt: 'asc' as const } },
  // Only whether sealed evidence exists: it makes the agreement's terms immutable.
  evidence: { select: { id: true } },
} as const;

export class AgreementRepository {
  constructor(private readonly db: DbOrTx) {}

  create(tenantId: string, personId: string, data: AgreementData) {
    return this.db.agreement.create({ data: { tenantId, personId, ...data }, include: agreementWithDocuments });
  }

  async createMany(tenantId: string, rows: Array<{ id: string; personId: string; data: AgreementData }>) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.agreement.createMany({ data: rows.slice(i, i + 500).map((r) => ({ id: r.id, tenantId, personId: r.personId, ...r.data })) });
    }
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.agreement.findFirst({ where: { tenantId, id }, include: agreementWithDocuments });
  }

  listForPerson(tenantId: string, personId: string) {
    return this.db.agreement.findMany({ where: { tenantId, personId }, orderBy: { validFrom: 'desc' }, include: agreementWithDocuments });
  }

  update(tenantId: string, id: string, data: Partial<AgreementData> & { withdrawnAt?: Date; withdrawalReason?: string | null }) {
    return this.db.agreement.update({ where: { id, tenantId }, data, include: agreementWithDocuments });
  }

  /** Every agreement of these persons: the facts the status rules need. */
  forPersons(tenantId: string, personIds: string[]) {
    return this.db.agreement.findMany({
      where: { tenantId, personId: { in: personIds } },
      select: { id: true, personId: true, channels: true, validFrom: true, validUntil: true, withdrawnAt: true, signedBy: true },
    });
  }
}

export type AgreementWithDocuments = NonNullable<Awaited<ReturnType<AgreementRepository['findInTenant']>>>;

export class DocumentRepository {
  constructor(private readonly db: DbOrTx) {}

  create(data: { tenantId: string; agreementId: string; fileName: string; contentType: string; size: number; sha256: string; storageKey: string }) {
    return this.db.agreementDocument.create({ data });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.agreementDocument.findFirst({ where: { tenantId, id } });
  }

  delete(tenantId: string, id: string) {
    return this.db.agreementDocument.delete({ where: { id, tenantId } });
  }

  storageKeysForPerson(tenantId: string, personId: string) {
    return this.db.agreementDocument
      .findMany({ where: { tenantId, agreement: { personId } }, select: { storageKey: true } })
      .then((rows) => rows.map((r) => r.storageKey));
  }
}

