import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import { createApp } from './app';
import type { AppConfig } from './kernel/config';
import { createLogger } from './kernel/logging';
import { createInfrastructure, createModules, type Modules, type ServerHandle } from './container';
import { connectDatabase } from './db/prisma.client';
import { migrateDeploy } from './db/migrate';
import type { LiveGateway } from './modules/live/live.gateway';
import { moduleList, namedModuleList } from './routes';
import { bootstrapFirstTenant, type BootstrapResult } from './seed/bootstrap';

export interface RunningServer {
  url: string;
  port: number;
  /** Internals for the seed, tests and benches (repositories, storage, scheduler…). */
  services: ServerHandle;
  modules: Modules;
  gateway: LiveGateway;
  bootstrap: BootstrapResult;
  logger: Logger;
  close(): Promise<void>;
}

/** Migrates, wires and listens. Used by main.ts, tests and benchmarks alike. */
export async function startServer(config: AppConfig, options: { migrate?: boolean; logger?: Logger; logDestination?: DestinationStream } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, options.logDestination);
  if (options.migrate !== false) await migrateDeploy(config.databaseUrl);
  const db = await connectDatabase(config.databaseUrl);
  const infra = await createInfrastructure(config, logger);
  const { modules, handle } = createModules(db, config, infra, logger);
  const bootstrap = await bootstrapFirstTenant(handle, config, logger);
  // Secrets at rest: plaintext rows from before encryption, and rows under a previous key, move to the current key.
  const resealed = (await modules.live.facade.resealSecrets()) + (await modules.consent.facade.resealSecrets());
  if (resealed > 0) logger.info({ resealed, keyId: handle.secrets.keyId }, 'stored secrets encrypted with the current key');
  const app = await createApp(modules, handle, config, logger);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 10 * 60_000;
  const gateway = await modules.live.facade.openGateway(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  handle.urls.listening(config.host, port);
  for (const mod of moduleList(modules)) await mod.start?.();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: config.publicUrl ?? `http://${host}:${port}`,
    port,
    services: handle,
    modules,
    gateway,
    bootstrap,
    logger,
    close: once(async () => {
      // Each step is bounded: a shutdown that hangs (a stuck job, a lingering connection) is worse than one that logs it.
      const step = (what: string, work: () => Promise<unknown>) => within(config.shutdownStepMs, work(), what, logger);
      for (const [name, mod] of namedModuleList(modules)) await step(`stopping ${name}`, async () => mod.stop?.());
      server.closeAllConnections();
      await step('closing the HTTP server', () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));
      await step('finishing running jobs', () => infra.jobs.close());
      for (const [name, mod] of namedModuleList(modules)) await step(`closing ${name}`, async () => mod.close?.());
      await step('closing the cluster bus', () => infra.bus.close());
      await step('closing the rate counter', () => infra.rates.close());
      await step('disconnecting the database', () => db.$disconnect());
    }),
  };
}

async function within(ms: number, work: Promise<unknown>, what: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    if ((await Promise.race([work, late])) === 'late') logger.warn({ step: what, ms }, 'shutdown step did not finish in time; going on');
  } finally {
    clearTimeout(timer);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= fn());
}
