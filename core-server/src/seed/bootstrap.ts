import type { Logger } from 'pino';
import type { AppConfig } from '../kernel/config';
import type { ServerHandle } from '../container';
import { hashPassword } from '../kernel/password';
import { systemContext } from '../kernel/request-context';
import { DEMO_LOGIN, seedDemo } from './demo.seed';

export interface BootstrapResult {
  login: { email: string; password: string } | null;
  seeded: boolean;
}

const BOOTSTRAP = { type: 'system', id: null, label: 'bootstrap' } as const;

export const DEFAULT_CHANNELS = ['web', 'print', 'social', 'intranet', 'office'];

/**
 * First start: an empty database gets the demo organisation (the default), or, with
 * DEMO_DATA=false, one organisation and owner from LIKENESS_ORG_NAME / LIKENESS_ADMIN_EMAIL / LIKENESS_ADMIN_PASSWORD.
 */
export async function bootstrapFirstTenant(s: ServerHandle, config: AppConfig, logger: Logger): Promise<BootstrapResult> {
  const empty = (await s.repos.tenants.count()) === 0;
  const demoUser = await s.repos.users.findByEmail(DEMO_LOGIN.email);
  if (!empty) return { login: demoUser && config.demoAllowed ? DEMO_LOGIN : null, seeded: false };

  // The demo owner's password is published: only ever on a local, non-production server.
  if (config.demoData !== false && config.demoAllowed) {
    await seedDemo(s, logger);
    return { login: DEMO_LOGIN, seeded: true };
  }
  if (config.demoData !== false) {
    logger.warn('No demo organisation: NODE_ENV=production or PUBLIC_URL/HOST is not a loopback address. Creating the first owner from LIKENESS_ADMIN_EMAIL / LIKENESS_ADMIN_PASSWORD instead.');
  }
  const { email, password, orgName: name } = config.firstOwner;
  if (!email || !password) {
    logger.warn('Empty database and DEMO_DATA=false: set LIKENESS_ADMIN_EMAIL and LIKENESS_ADMIN_PASSWORD to create the first owner.');
    return { login: null, seeded: false };
  }
  const tenantId = await s.uow.run(async (repos) => {
    const tenant = await repos.tenants.create({ slug: 'default', name, channels: DEFAULT_CHANNELS });
    const user = await repos.users.create({ tenantId: tenant.id, email, name: 'Owner', role: 'owner', passwordHash: await hashPassword(password) });
    await repos.audit.append({ tenantId: tenant.id, actor: BOOTSTRAP, action: 'user.created', entityType: 'user', entityId: user.id, after: { email, role: 'owner' } });
    return tenant.id;
  });
  await s.consent.templates.installStarters(systemContext(tenantId, BOOTSTRAP));
  return { login: { email, password: '(from LIKENESS_ADMIN_PASSWORD)' }, seeded: true };
}
