import { pino, type DestinationStream } from 'pino';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';
import { ROLES, type Role } from '@likeness/shared';
import { hashPassword } from '../../src/kernel/password';
import { loadConfig, type AppConfig } from '../../src/kernel/config';
import { providerOf } from '../../src/kernel/database-url';
import { startServer, type RunningServer } from '../../src/server';
import { freshDatabase } from './databases';

export const PASSWORD = 'correct horse battery';

export interface TestServer extends RunningServer {
  stop(): Promise<void>;
  config: AppConfig;
}

/** A real server on a random port with its own fresh database. */
export async function startTestServer(overrides: Partial<AppConfig> = {}, options: { logDestination?: DestinationStream } = {}): Promise<TestServer> {
  const db = await freshDatabase();
  // Development settings the suites rely on: the consent dev outbox and webhooks to 127.0.0.1 receivers.
  // dev-outbox.spec and webhook-ssrf.spec turn them off to test the production defaults.
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: options.logDestination ? 'info' : 'silent' },
    { port: 0, host: '127.0.0.1', dataDir: db.dataDir, databaseUrl: db.url, dbProvider: providerOf(db.url), demoData: false, devOutbox: true, webhookAllowPrivateTargets: true, statusSeqCheckMs: 0, ...overrides },
  );
  // With a log destination the server builds its own logger (the production one), so a test sees what stdout would.
  const server = await startServer(config, options.logDestination ? { migrate: false, logDestination: options.logDestination } : { migrate: false, logger: pino({ level: 'silent' }) });
  return {
    ...server,
    config,
    async stop() {
      await server.close();
      await db.drop();
    },
  };
}

export interface TestOrg {
  tenantId: string;
  slug: string;
  /** A logged-in client per role. */
  as: Record<Role, LikenessClient>;
  cookies: Record<Role, string>;
  emails: Record<Role, string>;
}

let passwordHash: Promise<string> | null = null;

/** Creates an organisation with one user per role, each logged in over real HTTP. */
export async function createOrg(server: RunningServer, slug: string, channels = ['web', 'print', 'social']): Promise<TestOrg> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const { repos } = server.services;
  const tenant = await repos.tenants.create({ slug, name: `Org ${slug}`, channels });
  const emails = {} as Record<Role, string>;
  for (const role of ROLES) {
    emails[role] = `${role}@${slug}.test`;
    await repos.users.create({ tenantId: tenant.id, email: emails[role], name: `${role} of ${slug}`, role, passwordHash: hash });
  }
  const as = {} as Record<Role, LikenessClient>;
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) {
    cookies[role] = await login(server.url, emails[role], PASSWORD);
    as[role] = createLikenessClient({ baseUrl: server.url, headers: { cookie: cookies[role] } });
  }
  return { tenantId: tenant.id, slug, as, cookies, emails };
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const client = createLikenessClient({ baseUrl });
  const { response } = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

export { unwrap };
