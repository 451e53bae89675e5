import type { Db } from '../db/prisma.client';
import { createRepositories } from '../repositories';

export const VERSION = '0.1.0';

export class HealthService {
  constructor(
    private readonly repos: ReturnType<typeof createRepositories>,
    private readonly provider: 'sqlite' | 'postgresql',
  ) {}

  async check() {
    try {
      await this.repos.tenants.count();
      return { status: 'ok' as const, version: VERSION, database: this.provider };
    } catch {
      return { status: 'degraded' as const, version: VERSION, database: this.provider };
    }
  }
}
export type { Db };
