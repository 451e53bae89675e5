import { VERSION } from '../../kernel/version';
import type { TenantRepository } from './tenant.repository';

export class HealthService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly provider: 'sqlite' | 'postgresql',
  ) {}

  async check() {
    try {
      await this.tenants.count();
      return { status: 'ok' as const, version: VERSION, database: this.provider };
    } catch {
      return { status: 'degraded' as const, version: VERSION, database: this.provider };
    }
  }
}
