import { inChunks } from '../../db/in-chunks';
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
    return inChunks(assetIds, (ids) =>
      this.db.assetStatusState.findMany({
        where: { tenantId, assetId: { in: ids } },
        select: { assetId: true, channel: true, status: true, approved: true, approvedUntil: true, nextChangeAt: true },
      }),
    );
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

  async deleteChannels(tenantId: string, assetIds: string[], keep: string[]): Promise<void> {
    await inChunks(assetIds, async (ids) => {
      await this.db.assetStatusState.deleteMany({ where: { tenantId, assetId: { in: ids }, channel: { notIn: keep } } });
      return [];
    });
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
  async assetIdsOfPersons(tenantId: string, personIds: string[]) {
    const rows = await inChunks(personIds, (ids) =>
      this.db.assetBox.findMany({ where: { tenantId, personId: { in: ids } }, select: { assetId: true }, distinct: ['assetId'] }),
    );
    return [...new Set(rows.map((r) => r.assetId))];
  }

  /** Everything the GDPR rules need for these assets, in four indexed queries (per chunk of ids). */
  async load(tenantId: string, assetIds: string[]) {
    const assets = await inChunks(assetIds, (ids) =>
      this.db.asset.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, basis: true, basisValidUntil: true } }),
    );
    if (assets.length === 0) return { assets, boxes: [], persons: [], agreements: [] };
    // Chunked by asset, so each asset's boxes stay together in creation order.
    const boxes = await inChunks(
      assets.map((a) => a.id),
      (ids) =>
        this.db.assetBox.findMany({
          where: { tenantId, assetId: { in: ids } },
          select: { id: true, assetId: true, personId: true },
          orderBy: { createdAt: 'asc' },
        }),
    );
    const personIds = [...new Set(boxes.flatMap((b) => (b.personId ? [b.personId] : [])))];
    if (personIds.length === 0) return { assets, boxes, persons: [], agreements: [] };
    const persons = await inChunks(personIds, (ids) =>
      this.db.person.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, birthDate: true, deceased: true } }),
    );
    const agreements = await inChunks(personIds, (ids) =>
      this.db.agreement.findMany({
        where: { tenantId, personId: { in: ids } },
        select: { id: true, personId: true, channels: true, validFrom: true, validUntil: true, withdrawnAt: true, signedBy: true },
      }),
    );
    return { assets, boxes, persons, agreements };
  }
}
