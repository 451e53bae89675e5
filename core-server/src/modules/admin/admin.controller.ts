import { auditContract, healthContract, settingsContract } from '@likeness/shared';
import { route } from '../http/route.binder';
import type { Services } from '../container';

export function adminRoutes(s: Services) {
  return [
    route(healthContract.health, () => s.health.check()),
    route(settingsContract.get, ({ ctx }) => s.settings.get(ctx)),
    route(settingsContract.update, ({ ctx, body }) => s.settings.update(ctx, body)),
    route(auditContract.list, ({ ctx, query }) => s.audit.list(ctx, query)),
    route(auditContract.verify, ({ ctx }) => s.audit.verifyFor(ctx)),
  ];
}
