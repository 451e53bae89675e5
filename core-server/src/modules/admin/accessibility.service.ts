import type { TenantRepository } from './tenant.repository';
import type { StatementContact } from './accessibility.page';

/** Whose contact the public statement shows: the organisation named by slug, or the only one there is. */
export class AccessibilityStatementService {
  constructor(private readonly tenants: TenantRepository) {}

  async contact(slug: string | undefined): Promise<StatementContact | null> {
    let row = slug ? await this.tenants.findBySlug(slug) : null;
    // A one-organisation install (the usual municipality) needs no slug in its links.
    if (!row && !slug && (await this.tenants.count()) === 1) {
      const [only] = await this.tenants.listAll();
      row = only ? await this.tenants.findBySlug(only.slug) : null;
    }
    if (!row) return null;
    return { org: row.name, slug: row.slug, email: row.accessibilityEmail, url: row.accessibilityUrl };
  }
}
