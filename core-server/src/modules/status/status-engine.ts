import { randomUUID } from 'node:crypto';
import { evaluateGdprStatus, type StatusChangedEvent } from '@likeness/shared';
import type { Repositories } from '../../persistence';
import type { StatusStateRow } from './status.repository';
import { reasonsDto, isVisible } from './status.service';
import { toStatusInputs } from './status-input.cache';
import { toTenantSettings } from '../../kernel/tenant-settings';

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export interface RecomputeResult {
  events: StatusChangedEvent[];
  /** The earliest moment any of these assets may change by time alone. */
  nextChangeAt: Date | null;
}

/**
 * Re-evaluates assets inside the caller's transaction, persists their status per channel,
 * and records a numbered event for every change (plus the webhook outbox rows).
 */
export class StatusEngine {
  async recompute(repos: Repositories, tenantId: string, assetIds: string[], now = new Date(), options: { force?: boolean } = {}): Promise<RecomputeResult> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return { events: [], nextChangeAt: null };
    const tenant = await repos.tenants.findById(tenantId);
    if (!tenant) return { events: [], nextChangeAt: null };
    const settings = toTenantSettings(tenant);
    const inputs = toStatusInputs(await repos.statusInputs.load(tenantId, ids));
    const previous = new Map((await repos.statusStates.forAssets(tenantId, ids)).map((s) => [`${s.assetId}|${s.channel}`, s]));

    const changes: Array<Omit<StatusChangedEvent, 'seq' | 'id' | 'at' | 'type'>> = [];
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
    return { events: await this.record(repos, tenantId, changes, now), nextChangeAt };
  }

  private async record(repos: Repositories, tenantId: string, changes: Array<Omit<StatusChangedEvent, 'seq' | 'id' | 'at' | 'type'>>, now: Date) {
    if (changes.length === 0) return [];
    const first = await repos.events.claimSeqs(tenantId, changes.length);
    const events: StatusChangedEvent[] = changes.map((c, i) => ({ type: 'asset.status.changed', seq: first + i, id: randomUUID(), at: now.toISOString(), ...c }));
    await repos.events.createMany(events.map((e) => ({ tenantId, seq: e.seq, type: e.type, assetId: e.assetId, payload: e, createdAt: now })));
    const hooks = await repos.webhooks.active(tenantId);
    if (hooks.length) {
      await repos.webhooks.enqueue(hooks.flatMap((h) => events.map((e) => ({ tenantId, webhookId: h.id, eventSeq: e.seq, eventType: e.type, payload: e }))));
    }
    return events;
  }
}
