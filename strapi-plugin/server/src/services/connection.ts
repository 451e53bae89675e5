import type { Core } from '@strapi/strapi';
import { LiveStatus, createLikenessClient, unwrap, type LikenessClient, type LiveChange, type LiveState } from '@likeness/sdk';
import { io } from 'socket.io-client';
import type { Settings } from './settings';
import { plugin } from './util';

interface Org {
  hideUnhandled: boolean;
  unapprovedPolicy: 'hide' | 'warn';
  organisationName: string;
  fetchedAt: number;
}

const ORG_TTL_MS = 60 * 60_000;

/**
 * The one connection this Strapi process keeps to Likeness: a typed client and a LiveStatus (socket with
 * replay, leases, fail-closed). Content API requests read the cache only; they never wait on Likeness
 * except for an asset nobody has asked about yet (bounded by coldLookupMs).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let client: LikenessClient | null = null;
  let live: LiveStatus | null = null;
  let settings: Settings | null = null;
  let org: Org | null = null;
  let orgLoading: Promise<void> | null = null;
  const unsubscribe: Array<() => void> = [];
  let refreshTimer: NodeJS.Timeout | null = null;
  /** Last visibility per asset that was not caused by staleness, to detect real transitions. */
  const lastVisible = new Map<string, boolean>();

  const config = <T>(key: string) => strapi.config.get<T>(`plugin::likeness.${key}`);

  const onChange = (change: LiveChange) => {
    const state = live?.get(change.assetId);
    if (!state || state.stale) return; // Likeness unreachable: hidden from the Content API, but no events or unpublishing.
    const before = lastVisible.get(change.assetId);
    lastVisible.set(change.assetId, state.visible);
    if (before === true && !state.visible) void plugin(strapi, 'hiding').hidden(change.assetId, state);
    else if (before === false && state.visible) void plugin(strapi, 'hiding').shown(change.assetId, state);
  };

  const service = {
    get configured() {
      return Boolean(settings?.serverUrl && settings.apiKey);
    },
    get client(): LikenessClient | null {
      return client;
    },
    get connected() {
      return live?.connected ?? false;
    },
    get channel() {
      return settings?.channel ?? 'web';
    },

    /** (Re)connects with the stored settings; tracks every linked asset. */
    async start(): Promise<void> {
      service.stop();
      settings = await plugin(strapi, 'settings').get();
      if (!settings.serverUrl || !settings.apiKey) {
        strapi.log.warn('[likeness] not configured: every linked image is hidden until Settings → Likeness has a server and an API key');
        return;
      }
      client = createLikenessClient({ baseUrl: settings.serverUrl, apiKey: settings.apiKey });
      live = new LiveStatus({
        baseUrl: settings.serverUrl,
        apiKey: settings.apiKey,
        channel: settings.channel,
        client,
        socket: config<boolean>('socket') === false ? false : { io },
        leaseCapMs: config<number>('leaseCapMs'),
      });
      if (config<boolean>('socket') === false) {
        // No socket: confirm every tracked status well inside the lease cap.
        const every = Math.max(5_000, Math.min(config<number>('leaseCapMs') / 3, 5 * 60_000));
        refreshTimer = setInterval(() => void live?.refresh().catch(() => undefined), every);
        refreshTimer.unref();
      }
      unsubscribe.push(live.on('change', onChange));
      let lastError = '';
      unsubscribe.push(
        live.on('error', (err) => {
          const message = err instanceof Error ? err.message : String(err);
          if (message !== lastError) strapi.log.warn(`[likeness] live status: ${message} (cached approvals hold until their lease ends; unknown images are hidden)`);
          lastError = message;
        }),
      );
      live.connect();
      const ids = plugin(strapi, 'links').allAssetIds();
      if (ids.length) await service.track(ids, 5_000);
      void service.loadOrg();
    },

    stop(): void {
      unsubscribe.splice(0).forEach((off) => off());
      if (refreshTimer) clearInterval(refreshTimer);
      refreshTimer = null;
      live?.close();
      live = null;
      client = null;
      lastVisible.clear();
    },

    /** Starts following ids and waits at most `ms` for their first answer (failures stay fail-closed). */
    async track(assetIds: string[], ms = config<number>('coldLookupMs')): Promise<void> {
      if (!live || !assetIds.length) return;
      const done = live.track(assetIds).then(
        () => assetIds.forEach((id) => lastVisible.has(id) || lastVisible.set(id, live!.get(id).visible)),
        (err: unknown) => strapi.log.warn(`[likeness] status lookup failed: ${err instanceof Error ? err.message : String(err)}`),
      );
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    },

    untrack(assetIds: string[]): void {
      live?.untrack(assetIds);
      assetIds.forEach((id) => lastVisible.delete(id));
    },

    /** The cached state; unconfigured or unknown = not visible. */
    state(assetId: string): LiveState {
      return live?.get(assetId) ?? { assetId, status: 'unknown', approved: false, visible: false, approvedUntil: null, known: false, stale: false };
    },

    /** Cold path: makes sure the ids have been asked about once, then reads the cache. */
    async states(assetIds: string[], ms?: number): Promise<Map<string, LiveState>> {
      const cold = assetIds.filter((id) => !service.state(id).known);
      if (cold.length) await service.track(cold, ms);
      return new Map(assetIds.map((id) => [id, service.state(id)]));
    },

    /**
     * A signed webhook said this asset changed: drop the cached answer at once (hidden until confirmed) and
     * ask again. Used when the socket is down; with the socket up the same event also arrives there.
     */
    async applyEvent(event: { assetId: string; channel: string; visible: boolean; approved: boolean; newStatus: string }) {
      if (!live || event.channel !== settings?.channel) return;
      const before = lastVisible.get(event.assetId);
      if (!plugin(strapi, 'links').hasAsset(event.assetId)) return;
      live.untrack([event.assetId]);
      if (before === true && !event.visible) {
        lastVisible.set(event.assetId, false);
        void plugin(strapi, 'hiding').hidden(event.assetId, service.state(event.assetId), event.newStatus);
      }
      await service.track([event.assetId], 5_000);
    },

    /** The organisation's decisions (hideUnhandled, hide/warn), read at most hourly; null when never read. */
    org(): Org | null {
      if (client && (!org || Date.now() - org.fetchedAt > ORG_TTL_MS)) void service.loadOrg();
      return org;
    },

    async loadOrg(): Promise<void> {
      if (orgLoading) return orgLoading;
      if (!client) return;
      const current = client;
      const loading = unwrap(current.GET('/api/v1/settings'))
        .then((s) => {
          if (client === current) org = { hideUnhandled: s.hideUnhandled, unapprovedPolicy: s.unapprovedPolicy, organisationName: s.organisationName, fetchedAt: Date.now() };
        })
        .catch((err: unknown) => {
          strapi.log.warn(`[likeness] reading the organisation's settings failed: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          orgLoading = null;
        });
      orgLoading = loading;
      return loading;
    },
  };
  return service;
};
