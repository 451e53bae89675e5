import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { createApp } from './app';
import type { AppConfig } from './config';
import { createInfrastructure, createServices, type Services } from './container';
import { connectDatabase } from './db/prisma.client';
import { migrateDeploy } from './db/migrate';
import { LiveGateway } from './live/live.gateway';
import { bootstrapFirstTenant, type BootstrapResult } from './seed/bootstrap';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  gateway: LiveGateway;
  bootstrap: BootstrapResult;
  logger: Logger;
  close(): Promise<void>;
}

/** Migrates, wires and listens. Used by main.ts, tests and benchmarks alike. */
export async function startServer(config: AppConfig, options: { migrate?: boolean; logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  if (options.migrate !== false) await migrateDeploy(config.databaseUrl);
  const db = await connectDatabase(config.databaseUrl);
  const infra = await createInfrastructure(config, logger);
  const services = createServices(db, config, infra, logger);
  const bootstrap = await bootstrapFirstTenant(services, config, logger);
  const app = await createApp(services, config, logger);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 10 * 60_000;
  const gateway = new LiveGateway(server, services.auth, services.repos, logger);
  if (config.redisUrl) await gateway.useRedis(config.redisUrl);
  services.publisher.attach(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  await services.scheduler.start();
  services.webhooks.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: config.publicUrl ?? `http://${host}:${port}`,
    port,
    services,
    gateway,
    bootstrap,
    logger,
    close: once(async () => {
      services.scheduler.stop();
      services.webhooks.stop();
      server.closeAllConnections();
      await gateway.close();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      await infra.jobs.close();
      await services.faces.close();
      await infra.bus.close();
      await db.$disconnect();
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= fn());
}
