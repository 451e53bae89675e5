/**
 * Live: committed status events pushed over socket.io (/live) and signed webhooks, the /events
 * stream for pollers, and the drop-in browser script. It keeps the numbered event log the status
 * module records into (through the EventSink port), in the same transaction as the change.
 */
import type http from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import type { Module } from '../../kernel/module';
import { resolveTarget } from '../../kernel/network-guard';
import type { ClusterBus, EventSink, JobQueue } from '../../kernel/ports';
import type { LiveRepositories, LiveUnitOfWork } from './live.repositories';
import type { AdminFacade } from '../admin';
import { browserScriptRoute } from './browser-script.route';
import { EventPublisher } from './event.publisher';
import { liveRoutes } from './live.controller';
import { LiveGateway } from './live.gateway';
import { LiveService } from './live.service';
import { ReplayPolicy } from './replay-policy';
import { WebhookDispatcher } from './webhook.dispatcher';
import type { SecretBox } from '../../kernel/secret-box';
import { WEBHOOK_SECRET } from './live.service';
import { pinnedPost } from './webhook.http';

export interface LiveDeps {
  repos: LiveRepositories;
  uow: LiveUnitOfWork;
  jobs: JobQueue;
  /** Revocations (API key, logout, disabled user) close the matching sockets on every node. */
  bus: ClusterBus;
  logger: Logger;
  /** Who a socket is: an API key or a session cookie. */
  auth: Pick<AdminFacade['auth'], 'fromApiKey' | 'fromSession'>;
  /** Status event numbers come from the organisation's row (the admin module's). */
  claimEventSeqs: AdminFacade['sequences']['claimEventSeqs'];
  config: { webhookRetryBaseMs: number; redisUrl: string | null; webhookAllowPrivateTargets: boolean };
  /** Webhook secrets are stored sealed with the application key. */
  secrets: SecretBox;
}

function buildFacade(d: LiveDeps) {
  const publisher = new EventPublisher(d.uow, d.claimEventSeqs);
  const webhooks = new WebhookDispatcher(d.repos, d.jobs, d.logger, pinnedPost(d.config.webhookAllowPrivateTargets), d.secrets, d.config.webhookRetryBaseMs);
  publisher.attach(webhooks);
  const replay = new ReplayPolicy(d.repos.events);
  let gateway: LiveGateway | null = null;
  const facade = {
    /** Where the status module sends each commit's events (socket rooms and the webhook outbox). */
    events: publisher as EventSink,
    live: new LiveService(d.repos, d.uow, replay, (url) => resolveTarget(url, d.config.webhookAllowPrivateTargets).then(() => undefined), d.secrets),
    webhooks,
    /** Seals plaintext rows and moves rows sealed with an older key to the current one (start-up, rotation). */
    async resealSecrets(): Promise<number> {
      let n = 0;
      for (const w of await d.repos.webhooks.allSecrets()) {
        const next = d.secrets.reseal(w.secret, WEBHOOK_SECRET);
        if (next) n += (await d.repos.webhooks.replaceSecret(w.tenantId, w.id, w.secret, next)).count;
      }
      return n;
    },
    /** Serves /live on the HTTP server; events reach its sockets from then on. */
    async openGateway(server: http.Server): Promise<LiveGateway> {
      gateway = new LiveGateway(server, d.auth, d.repos.events, replay, d.logger);
      if (d.config.redisUrl) await gateway.useRedis(d.config.redisUrl);
      publisher.attach(gateway);
      const open = gateway;
      d.bus.subscribe((m) => open.revoked(m));
      return gateway;
    },
  };
  return { facade, publisher, gateway: () => gateway };
}

export type LiveFacade = ReturnType<typeof buildFacade>['facade'];
export { liveRepositories } from './live.repositories';

export function createLiveModule(d: LiveDeps): Module<LiveFacade> {
  const { facade, gateway } = buildFacade(d);
  return {
    facade,
    routes: liveRoutes(facade),
    async routers() {
      const router = express.Router();
      router.get('/live/likeness.js', await browserScriptRoute(d.logger));
      return [router];
    },
    async start() {
      facade.webhooks.start();
    },
    async stop() {
      facade.webhooks.stop();
      await gateway()?.close();
    },
  };
}
