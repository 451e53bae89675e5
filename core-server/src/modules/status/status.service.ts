import {
  AppError,
  GDPR_STATUSES,
  evaluateGdprStatus,
  evaluatePersonConsent,
  type BatchStatusItemDto,
  type ChannelStatusDto,
  type GdprStatus,
  type StatusInput,
  type StatusReasonDto,
  type StatusResult,
} from '@likeness/shared';
import { RawJson } from '../../kernel/route';
import { toStatusInputs, type CachedAsset, type StatusInputCache } from './status-input.cache';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusUnitOfWork } from './status.repositories';
import type { TenantSettings } from '../../kernel/tenant-settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Non-approved statuses a tenant may choose to show with a warning; withdrawn and expired consent never. */
const WARNABLE: readonly GdprStatus[] = ['persons_missing', 'consent_missing'];

/** What one batch asks of every item; `key` names the cached answer (channel and whether reasons are included). */
interface Question {
  key: string;
  channel: string;
  now: Date;
  settings: TenantSettings;
  includeReasons: boolean;
}

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');

const unknownItem = (assetId: string): BatchStatusItemDto => ({
  assetId,
  status: 'unknown',
  approved: false,
  visible: false,
  approvedUntil: null,
  reasons: [{ code: 'asset_unknown' }],
});

export function isVisible(status: GdprStatus | 'unknown', approved: boolean, settings: TenantSettings): boolean {
  if (approved) return true;
  if (status === 'unhandled') return !settings.hideUnhandled;
  return settings.unapprovedPolicy === 'warn' && WARNABLE.includes(status as GdprStatus);
}

export function reasonsDto(result: StatusResult): StatusReasonDto[] {
  return result.reasons.map((r) => ({
    code: r.code,
    ...(r.personId ? { personId: r.personId } : {}),
    ...(r.agreementId ? { agreementId: r.agreementId } : {}),
    ...(r.boxId ? { boxId: r.boxId } : {}),
    ...(r.until !== undefined ? { until: r.until ? r.until.toISOString() : null } : {}),
  }));
}

export class StatusService {
  constructor(
    private readonly inputs: StatusInputCache,
    private readonly settings: TenantSettingsSource,
    private readonly uow: StatusUnitOfWork,
  ) {}

  evaluate(input: StatusInput, channel: string, now: Date, settings: TenantSettings): StatusResult {
    return evaluateGdprStatus(input, channel, now, { warningLeadDays: settings.warningLeadDays, adultAge: settings.adultAge });
  }

  /**
   * The plugins' hot path. Each item is serialised once and reused until its status can next
   * change (nextChangeAt) or a write invalidates it; the response is stitched from those bytes.
   */
  async batch(tenantId: string, channel: string, assetIds: string[], options: { includeReasons?: boolean; now?: Date } = {}): Promise<RawJson> {
    const now = options.now ?? new Date();
    const includeReasons = options.includeReasons ?? true;
    const settings = await this.settings.get(tenantId);
    if (!settings.channels.includes(channel)) {
      throw new AppError('channel_unknown', `The channel "${channel}" is not one of this organisation's channels.`, {
        channels: settings.channels,
      });
    }
    // Ids that are not UUIDs cannot exist: answered unknown without asking the database.
    const entries = await this.inputs.lookup(tenantId, assetIds, (id) => UUID.test(id));
    const ask: Question = { key: includeReasons ? `${channel}|full` : `${channel}|public`, channel, now, settings, includeReasons };
    // Head, items with commas between, tail: copied once into the response by Buffer.concat.
    const chunks: Buffer[] = [Buffer.from(`{"channel":${JSON.stringify(channel)},"evaluatedAt":"${now.toISOString()}","items":[`)];
    assetIds.forEach((assetId, i) => {
      if (i > 0) chunks.push(COMMA);
      chunks.push(this.item(assetId, entries[i] ?? null, ask));
    });
    chunks.push(TAIL);
    return new RawJson(Buffer.concat(chunks));
  }

  /** One item's JSON, from the entry's answers while it holds (until its nextChangeAt), else evaluated and kept. */
  private item(assetId: string, entry: CachedAsset | null, { key, channel, now, settings, includeReasons }: Question): Buffer {
    if (!entry) return Buffer.from(JSON.stringify(unknownItem(assetId)));
    const cached = entry.answers.get(key);
    if (cached && now.getTime() < cached.until) return cached.json;
    const result = this.evaluate(entry.input, channel, now, settings);
    const item: BatchStatusItemDto = {
      assetId,
      status: result.status,
      approved: result.approved,
      visible: isVisible(result.status, result.approved, settings),
      approvedUntil: result.approvedUntil?.toISOString() ?? null,
      reasons: includeReasons ? reasonsDto(result) : [],
    };
    const json = Buffer.from(JSON.stringify(item));
    entry.answers.set(key, { json, until: result.nextChangeAt?.getTime() ?? Infinity });
    return json;
  }

  /** One asset in one channel, from the cached facts: the delivery URLs ask this on every request. Null: no such asset. */
  async inChannel(tenantId: string, assetId: string, channel: string, now = new Date()): Promise<{ status: GdprStatus; approved: boolean; approvedUntil: Date | null } | null> {
    const [settings, inputs] = await Promise.all([this.settings.get(tenantId), this.inputs.inputs(tenantId, [assetId])]);
    const input = inputs.get(assetId);
    if (!input || !settings.channels.includes(channel)) return null;
    const { status, approved, approvedUntil } = this.evaluate(input, channel, now, settings);
    return { status, approved, approvedUntil };
  }

  /** Status in every channel of the tenant, for the asset views. */
  async forAssets(tenantId: string, assetIds: string[], now = new Date()): Promise<Map<string, ChannelStatusDto[]>> {
    const [settings, inputs] = await Promise.all([this.settings.get(tenantId), this.inputs.inputs(tenantId, assetIds)]);
    const out = new Map<string, ChannelStatusDto[]>();
    for (const [assetId, input] of inputs) {
      out.set(
        assetId,
        settings.channels.map((channel) => {
          const result = this.evaluate(input, channel, now, settings);
          return {
            channel,
            status: result.status,
            approved: result.approved,
            approvedUntil: result.approvedUntil?.toISOString() ?? null,
            reasons: reasonsDto(result),
          };
        }),
      );
    }
    return out;
  }

  /**
   * The withdrawals a basis other than consent would override on this asset: each tagged person's
   * consent per channel by the one person rule, read through the caller's transaction (not the cache).
   */
  async withdrawalsOn(scope: TxScope, tenantId: string, assetId: string, now = new Date()) {
    // The tenant row through the same transaction, like the status engine (SQLite has one connection).
    const settings = await this.settings.inTransaction(scope, tenantId);
    if (!settings) return [];
    const loaded = await this.uow.join(scope).statusInputs.load(tenantId, [assetId]);
    const persons = toStatusInputs(loaded).get(assetId)?.persons ?? [];
    const rules = { warningLeadDays: settings.warningLeadDays, adultAge: settings.adultAge };
    return persons.flatMap((person) =>
      settings.channels.flatMap((channel) => {
        const outcome = evaluatePersonConsent(person, channel, now, rules);
        return !outcome.satisfied && outcome.verdict === 'withdrawn'
          ? [{ channel, personId: person.id, agreementId: outcome.reason.agreementId ?? null }]
          : [];
      }),
    );
  }

  /**
   * Files per channel and status as the engine last recorded them: the scheduler recomputes at each
   * instant a status changes by time, so this is the list filter's answer without evaluating every file.
   */
  async counts(tenantId: string): Promise<Array<{ channel: string; counts: Record<GdprStatus, number> }>> {
    const [settings, rows] = await Promise.all([this.settings.get(tenantId), this.uow.repos.statusStates.countByChannel(tenantId)]);
    return settings.channels.map((channel) => {
      const counts = Object.fromEntries(GDPR_STATUSES.map((st) => [st, 0])) as Record<GdprStatus, number>;
      for (const r of rows) if (r.channel === channel && r.status in counts) counts[r.status as GdprStatus] += r.count;
      return { channel, counts };
    });
  }

  /** Ids (in the given order) whose status in `channel` is `status` now. */
  async filterByStatus(tenantId: string, assetIds: string[], channel: string, status: GdprStatus, now = new Date()) {
    const [settings, inputs] = await Promise.all([this.settings.get(tenantId), this.inputs.inputs(tenantId, assetIds)]);
    return assetIds.filter((id) => {
      const input = inputs.get(id);
      return input !== undefined && this.evaluate(input, channel, now, settings).status === status;
    });
  }
}
