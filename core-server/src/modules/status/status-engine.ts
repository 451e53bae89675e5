import { evaluateGdprStatus, type StatusChangedEvent } from '@likeness/shared';
import type { EventSink, StatusChange } from '../../kernel/ports';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusUnitOfWork } from './status.repositories';
import type { StatusStateRow } from './status.repository';
import { reasonsDto, isVisible } from './status.service';
import { toStatusInputs } from './status-input.cache';

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export interface RecomputeResult {
  events: StatusChangedEvent[];
  /** The earliest moment any of these assets may change by time alone. */
  nextChangeAt: Date | null;
}

/**
 * Re-evaluates assets inside the caller's transaction, persists their status per channel,
 * and records a numbered event for every change (the live module stores it with its webhook outbox rows).
 */
export class StatusEngine {
  constructor(
    private readonly uow: StatusUnitOfWork,
    private readonly settingsSource: TenantSettingsSource,
    private readonly events: EventSink,
  ) {}

  async recompute(scope: TxScope, tenantId: string, assetIds: string[], now = new Date(), options: { force?: boolean } = {}): Promise<RecomputeResult> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return { events: [], nextChangeAt: null };
    // The tenant's settings through the same transaction, not the cache (a settings change recomputes inside its own).
    const settings = await this.settingsSource.inTransaction(scope, tenantId);
    if (!settings) return { events: [], nextChangeAt: null };
    const repos = this.uow.join(scope);
    const inputs = toStatusInputs(await repos.statusInputs.load(tenantId, ids));
    const previous = new Map((await repos.statusStates.forAssets(tenantId, ids)).map((s) => [`${s.assetId}|${s.channel}`, s]));

    const changes: StatusChange[] = [];
    let nextChangeAt: Date | null = null;
    for (const assetId of ids) {
      const input = inputs.get(assetId);
      if (!input) {
        // Deleted: its state rows went with it (by cascade, in this transaction), so tell hosts on every
        // channel that the file is gone; a host that still shows it must hide it.
        for (const channel of settings.channels) {
          const prev = previous.get(`${assetId}|${channel}`);
          const oldStatus = (prev?.status ?? null) as StatusChangedEvent['oldStatus'];
          changes.push({ assetId, channel, oldStatus, newStatus: 'unknown', approved: false, visible: false, approvedUntil: null, reasons: [] });
        }
        continue;
      }
      for (const channel of settings.channels) {
        const r = evaluateGdprStatus(input, channel, now, { warningLeadDays: settings.warningLeadDays, adultAge: settings.adultAge });
        const next: StatusStateRow = { assetId, channel, status: r.status, approved: r.approved, approvedUntil: r.approvedUntil, nextChangeAt: r.nextChangeAt };
        if (r.nextChangeAt && (!nextChangeAt || r.nextChangeAt < nextChangeAt)) nextChangeAt = r.nextChangeAt;
        const prev = previous.get(`${assetId}|${channel}`);
        const changed = !prev || prev.status !== next.status || prev.approved !== next.approved || !sameInstant(prev.approvedUntil, next.approvedUntil);
        if (!changed && sameInstant(prev.nextChangeAt, next.nextChangeAt) && !options.force) continue;
        const won = prev ? await repos.statusStates.replace(prev, next) : (await repos.statusStates.create(tenantId, next), true);
        // force: the policy changed, so `visible` may differ even where the status did not.
        if (!won || (!changed && !options.force)) continue;
        changes.push({
          assetId,
          channel,
          oldStatus: (prev?.status ?? null) as StatusChangedEvent['oldStatus'],
          newStatus: r.status,
          approved: r.approved,
          visible: isVisible(r.status, r.approved, settings),
          approvedUntil: r.approvedUntil?.toISOString() ?? null,
          reasons: reasonsDto(r),
        });
      }
    }
    await repos.statusStates.deleteChannels(tenantId, ids.filter((id) => inputs.has(id)), settings.channels);
    return { events: await this.events.record(scope, tenantId, changes, now), nextChangeAt };
  }
}
