import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { createApp } from './app';
import type { AppConfig } from './config';
import { createServices, type Services } from './container';
import { connectDatabase } from './db/prisma.client';
import { migrateDeploy } from './db/migrate';
import { bootstrapFirstTenant, type BootstrapResult } from './seed/bootstrap';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  bootstrap: BootstrapResult;
  logger: Logger;
  close(): Promise<void>;
}

/** Migrates, wires and listens. Used by main.ts, tests and benchmarks alike. */
export async function startServer(config: AppConfig, options: { migrate?: boolean; logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  if (options.migrate !== false) await migrateDeploy(config.databaseUrl);
  const db = await connectDatabase(config.databaseUrl);
  const services = createServices(db, config);
  const bootstrap = await bootstrapFirstTenant(services, config, logger);
  const app = createApp(services, config, logger);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: config.publicUrl ?? `http://${host}:${port}`,
    port,
    services,
    bootstrap,
    logger,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$disconnect();
    },
  };
}
