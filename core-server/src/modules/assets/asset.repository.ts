import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/prisma.client';
import { prismaErrors } from '../../db/prisma-errors';

export interface AssetData {
  sha256: string;
  kind: string;
  originalName: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  orientation: number | null;
  durationMs: number | null;
  codec: string | null;
  takenAt: Date | null;
  storageKey: string;
  title: string | null;
}

export interface AssetFilter {
  q?: string;
  basis?: string | 'none';
  personId?: string;
  ids?: string[];
  sha256?: string;
  /**
   * Candidates for a status filter, from the statuses the engine recorded (indexed): those recorded with it, those
   * due for a recompute (time moved past their nextChangeAt) and those not recorded in the channel yet. The live
   * rules then decide, so the answer is exact and a page costs about its own size, not the bank's.
   */
  recorded?: { channel: string; status: string; now: Date };
}

/** One filter for the paged list and for the ids the status filter narrows, so both honour every field. */
function whereFilter(tenantId: string, filter: AssetFilter) {
  const and: object[] = [{ tenantId }];
  if (filter.q) and.push({ OR: [{ title: { contains: filter.q } }, { originalName: { contains: filter.q } }] });
  if (filter.basis) and.push({ basis: filter.basis === 'none' ? null : filter.basis });
  if (filter.personId) and.push({ boxes: { some: { personId: filter.personId } } });
  if (filter.ids) and.push({ id: { in: filter.ids } });
  if (filter.sha256) and.push({ sha256: filter.sha256 }); // the (tenantId, sha256) unique index
  if (filter.recorded) {
    const { channel, status, now } = filter.recorded;
    and.push({
      OR: [{ statuses: { some: { channel, OR: [{ status }, { nextChangeAt: { lte: now } }] } } }, { statuses: { none: { channel } } }],
    });
  }
  return { AND: and };
}

const boxesWithPerson = { boxes: { orderBy: { createdAt: 'asc' as const }, include: { person: { select: { name: true, ref: true } } } } } as const;

export class AssetRepository {
  constructor(private readonly db: DbOrTx) {}

  create(tenantId: string, data: AssetData) {
    // 128 random bits: the delivery URL is public, so its id must not be guessable or tell anything.
    return this.db.asset.create({ data: { tenantId, publicId: randomBytes(16).toString('hex'), ...data }, include: boxesWithPerson });
  }

  /** A delivery URL names the asset by its public id alone (no tenant in a public URL); the tenant comes from the row. */
  findByPublicId(publicId: string) {
    return this.db.asset.findUnique({ where: { publicId }, select: { id: true, tenantId: true, kind: true, storageKey: true, sha256: true, width: true } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.asset.findFirst({ where: { tenantId, id }, include: boxesWithPerson });
  }

  /** After a failed create: the asset a concurrent upload of the same bytes created first, if that is why it failed. */
  async raceWinner(err: unknown, tenantId: string, sha256: string) {
    return prismaErrors.isUniqueViolation(err) ? this.findBySha(tenantId, sha256) : null;
  }

  findBySha(tenantId: string, sha256: string) {
    return this.db.asset.findUnique({ where: { tenantId_sha256: { tenantId, sha256 } }, include: boxesWithPerson });
  }

  countByStorageKey(storageKey: string) {
    return this.db.asset.count({ where: { storageKey } });
  }

  update(tenantId: string, id: string, data: Partial<{ title: string | null; basis: string | null; basisNote: string | null; basisValidUntil: Date | null; basisSetAt: Date | null }>) {
    return this.db.asset.update({ where: { id, tenantId }, data, include: boxesWithPerson });
  }

  delete(tenantId: string, id: string) {
    return this.db.asset.delete({ where: { id, tenantId } });
  }

  list(tenantId: string, filter: AssetFilter, page: { limit: number; cursor?: string }) {
    return this.db.asset.findMany({
      where: whereFilter(tenantId, filter),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
      include: boxesWithPerson,
    });
  }

  countInTenant(tenantId: string) {
    return this.db.asset.count({ where: { tenantId } });
  }
}

export type AssetWithBoxes = NonNullable<Awaited<ReturnType<AssetRepository['findInTenant']>>>;

export class BoxRepository {
  constructor(private readonly db: DbOrTx) {}

  create(data: { tenantId: string; assetId: string; personId: string | null; x: number; y: number; w: number; h: number; source?: string; startMs?: number; endMs?: number; frameMs?: number }) {
    return this.db.assetBox.create({ data, include: { person: { select: { name: true, ref: true } } } });
  }

  findInTenant(tenantId: string, id: string) {
    return this.db.assetBox.findFirst({ where: { tenantId, id }, include: { person: { select: { name: true, ref: true } } } });
  }

  update(tenantId: string, id: string, data: Partial<{ personId: string | null; x: number; y: number; w: number; h: number }>) {
    return this.db.assetBox.update({ where: { id, tenantId }, data, include: { person: { select: { name: true, ref: true } } } });
  }

  delete(tenantId: string, id: string) {
    return this.db.assetBox.delete({ where: { id, tenantId } });
  }

  /** The boxes tagged with a person, with their files: for the person's access export. */
  forPerson(tenantId: string, personId: string) {
    return this.db.assetBox.findMany({ where: { tenantId, personId }, include: { asset: true }, orderBy: [{ assetId: 'asc' }, { createdAt: 'asc' }] });
  }

  /** A box may name only a person of the same organisation (a read of the row it refers to). */
  async personInTenant(tenantId: string, personId: string): Promise<boolean> {
    return (await this.db.person.count({ where: { tenantId, id: personId } })) > 0;
  }
}

export class UsageRepository {
  constructor(private readonly db: DbOrTx) {}

  atLocation(tenantId: string, integration: string, location: string) {
    return this.db.usage.findMany({ where: { tenantId, integration, location } });
  }

  create(data: { tenantId: string; assetId: string; apiKeyId: string | null; integration: string; channel: string; location: string; title: string | null; at: Date }) {
    const { at, ...rest } = data;
    return this.db.usage.create({ data: { ...rest, firstSeenAt: at, lastSeenAt: at } });
  }

  seen(tenantId: string, ids: string[], data: { at: Date; title: string | null; channel: string }) {
    return this.db.usage.updateMany({ where: { id: { in: ids }, tenantId }, data: { lastSeenAt: data.at, title: data.title, channel: data.channel, removedAt: null } });
  }

  markRemoved(tenantId: string, ids: string[], at: Date) {
    return this.db.usage.updateMany({ where: { id: { in: ids }, tenantId }, data: { removedAt: at } });
  }

  forAsset(tenantId: string, assetId: string) {
    return this.db.usage.findMany({ where: { tenantId, assetId }, orderBy: [{ removedAt: 'asc' }, { lastSeenAt: 'desc' }] });
  }

  forPerson(tenantId: string, personId: string) {
    return this.db.usage.findMany({
      where: { tenantId, asset: { boxes: { some: { personId } } } },
      orderBy: [{ removedAt: 'asc' }, { lastSeenAt: 'desc' }],
    });
  }
}
