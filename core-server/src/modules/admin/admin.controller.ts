import { auditContract, healthContract, settingsContract } from '@likeness/shared';
import { route } from '../../kernel/route';
import type { AdminFacade } from './index';

export function adminRoutes(s: AdminFacade) {
  return [
    route(healthContract.health, () => s.health.check()),
    route(settingsContract.get, ({ ctx }) => s.settings.get(ctx)),
    route(settingsContract.update, ({ ctx, body }) => s.settings.update(ctx, body)),
    route(auditContract.list, ({ ctx, query }) => s.audit.list(ctx, query)),
    route(auditContract.verify, ({ ctx }) => s.audit.verifyFor(ctx)),
  ];
}
