import {
  AppError,
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
import { toStatusInputs, type StatusInputCache } from './status-input.cache';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusUnitOfWork } from './status.repositories';
import type { TenantSettings } from '../../kernel/tenant-settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Non-approved statuses a tenant may choose to show with a warning; withdrawn and expired consent never. */
const WARNABLE: readonly GdprStatus[] = ['persons_missing', 'consent_missing'];

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
   * change (nextChangeAt) or a write invalidates it; the response is stitched from those strings.
   */
  async batch(tenantId: string, channel: string, assetIds: string[], options: { includeReasons?: boolean; now?: Date } = {}): Promise<RawJson> {
    const now = options.now ?? new Date();
    const nowMs = now.getTime();
    const includeReasons = options.includeReasons ?? true;
    const settings = await this.settings.get(tenantId);
    if (!settings.channels.includes(channel)) {
      throw new AppError('channel_unknown', `The channel "${channel}" is not one of this organisation's channels.`, {
        channels: settings.channels,
      });
    }
    const entries = await this.inputs.get(tenantId, assetIds.filter((id) => UUID.test(id)));
    const key = includeReasons ? `${channel}|full` : `${channel}|public`;
    const parts: string[] = [];
    for (const assetId of assetIds) {
      const entry = entries.get(assetId);
      if (!entry) {
        parts.push(JSON.stringify(unknownItem(assetId)));
        continue;
      }
      const cached = entry.answers.get(key);
      if (cached && nowMs < cached.until) {
        parts.push(cached.json);
        continue;
      }
      const result = this.evaluate(entry.input, channel, now, settings);
      const item: BatchStatusItemDto = {
        assetId,
        status: result.status,
        approved: result.approved,
        visible: isVisible(result.status, result.approved, settings),
        approvedUntil: result.approvedUntil?.toISOString() ?? null,
        reasons: includeReasons ? reasonsDto(result) : [],
      };
      const json = JSON.stringify(item);
      entry.answers.set(key, { json, until: result.nextChangeAt?.getTime() ?? Infinity });
      parts.push(json);
    }
    return new RawJson(`{"channel":${JSON.stringify(channel)},"evaluatedAt":"${now.toISOString()}","items":[${parts.join(',')}]}`);
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

  /** Ids (in the given order) whose status in `channel` is `status` now. */
  async filterByStatus(tenantId: string, assetIds: string[], channel: string, status: GdprStatus, now = new Date()) {
    const [settings, inputs] = await Promise.all([this.settings.get(tenantId), this.inputs.inputs(tenantId, assetIds)]);
    return assetIds.filter((id) => {
      const input = inputs.get(id);
      return input !== undefined && this.evaluate(input, channel, now, settings).status === status;
    });
  }
}
