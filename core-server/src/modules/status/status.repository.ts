import type { DbOrTx } from '../../db/prisma.client';

export interface StatusStateRow {
  assetId: string;
  channel: string;
  status: string;
  approved: boolean;
  approvedUntil: Date | null;
  nextChangeAt: Date | null;
}

/** Last known status per asset and channel, and the events that record each change. */
export class StatusStateRepository {
  constructor(private readonly db: DbOrTx) {}

  forAssets(tenantId: string, assetIds: string[]): Promise<StatusStateRow[]> {
    return this.db.assetStatusState.findMany({
      where: { tenantId, assetId: { in: assetIds } },
      select: { assetId: true, channel: true, status: true, approved: true, approvedUntil: true, nextChangeAt: true },
    });
  }

  /** Files per channel and status, from the (tenantId, channel, status) index: no row is read. */
  async countByChannel(tenantId: string): Promise<Array<{ channel: string; status: string; count: number }>> {
    const groups = await this.db.assetStatusState.groupBy({ by: ['channel', 'status'], where: { tenantId }, _count: { _all: true } });
    return groups.map((g) => ({ channel: g.channel, status: g.status, count: g._count._all }));
  }

  create(tenantId: string, row: StatusStateRow) {
    return this.db.assetStatusState.create({ data: { tenantId, ...row } });
  }

  /** Compare-and-set: only the writer that still sees `expected` wins, so concurrent nodes emit one event. */
  async replace(expected: StatusStateRow, next: StatusStateRow): Promise<boolean> {
    const { count } = await this.db.assetStatusState.updateMany({
      where: { assetId: expected.assetId, channel: expected.channel, status: expected.status, approved: expected.approved, approvedUntil: expected.approvedUntil },
      data: { status: next.status, approved: next.approved, approvedUntil: next.approvedUntil, nextChangeAt: next.nextChangeAt },
    });
    return count === 1;
  }

  deleteChannels(tenantId: string, assetIds: string[], keep: string[]) {
    return this.db.assetStatusState.deleteMany({ where: { tenantId, assetId: { in: assetIds }, channel: { notIn: keep } } });
  }

  /** Assets whose status may have changed with time alone. */
  due(now: Date, take: number) {
    return this.db.assetStatusState.findMany({
      where: { nextChangeAt: { lte: now } },
      select: { tenantId: true, assetId: true },
      distinct: ['assetId'],
      orderBy: { nextChangeAt: 'asc' },
      take,
    });
  }

  nextChange(): Promise<Date | null> {
    return this.db.assetStatusState.aggregate({ _min: { nextChangeAt: true } }).then((r) => r._min.nextChangeAt);
  }

  /** Every asset id of a tenant, in pages, for full recomputes after a settings change. */
  assetIdsPage(tenantId: string, afterId: string | null, take: number) {
    return this.db.asset
      .findMany({ where: { tenantId, ...(afterId ? { id: { gt: afterId } } : {}) }, select: { id: true }, orderBy: { id: 'asc' }, take })
      .then((rows) => rows.map((r) => r.id));
  }
}

export class StatusInputRepository {
  constructor(private readonly db: DbOrTx) {}

  /** The assets these persons appear in (their boxes). */
  assetIdsOfPersons(tenantId: string, personIds: string[]) {
    return this.db.assetBox
      .findMany({ where: { tenantId, personId: { in: personIds } }, select: { assetId: true }, distinct: ['assetId'] })
      .then((rows) => rows.map((r) => r.assetId));
  }

  /** Everything the GDPR rules need for these assets, in four indexed queries. */
  async load(tenantId: string, assetIds: string[]) {
    const assets = await this.db.asset.findMany({
      where: { tenantId, id: { in: assetIds } },
      select: { id: true, basis: true, basisValidUntil: true },
    });
    if (assets.length === 0) return { assets, boxes: [], persons: [], agreements: [] };
    const boxes = await this.db.assetBox.findMany({
      where: { tenantId, assetId: { in: assets.map((a) => a.id) } },
      select: { id: true, assetId: true, personId: true },
      orderBy: { createdAt: 'asc' },
    });
    const personIds = [...new Set(boxes.flatMap((b) => (b.personId ? [b.personId] : [])))];
    if (personIds.length === 0) return { assets, boxes, persons: [], agreements: [] };
    const [persons, agreements] = await Promise.all([
      this.db.person.findMany({ where: { tenantId, id: { in: personIds } }, select: { id: true, birthDate: true, deceased: true } }),
      this.db.agreement.findMany({
        where: { tenantId, personId: { in: personIds } },
        select: { id: true, personId: true, channels: true, validFrom: true, validUntil: true, withdrawnAt: true, signedBy: true },
      }),
    ]);
    return { assets, boxes, persons, agreements };
  }
}
