import { PERSON_FILTERS, type PersonCounts, type PersonFilterName } from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import type { TenantSettings, TenantSettingsSource } from '../../kernel/tenant-settings';
import type { RegisterRepositories } from './register.repositories';
import { adultsBornBefore, registerFilter } from './register-filter';

const DAY = 86_400_000;
/** Candidates of the expiring filter are read this many at a time. */
const COUNT_PAGE = 500;

interface Cached {
  /** The audit head and the settings the counts were made under. */
  key: string;
  /** The next instant a count can change by time alone (Infinity: none). */
  until: number;
  value: PersonCounts;
}

/**
 * GET /persons/counts: every register filter counted by the database, the `expiring` candidates decided by
 * the person rule, like the list. The answer is kept per organisation while it is still exact: until the
 * next committed change (the audit head moves with every one, on any node) or the next instant at which
 * time alone changes a count. So the overview's repeated reads cost one primary-key lookup.
 */
export class PersonCountsService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly repos: RegisterRepositories,
    private readonly settings: TenantSettingsSource,
  ) {}

  async counts(ctx: RequestContext): Promise<PersonCounts> {
    const [head, settings] = await Promise.all([this.repos.audit.head(ctx.tenantId), this.settings.get(ctx.tenantId)]);
    const key = `${head}|${settings.adultAge}|${settings.warningLeadDays}`;
    const hit = this.cache.get(ctx.tenantId);
    if (hit && hit.key === key && Date.now() < hit.until) return hit.value;
    const now = new Date();
    const [value, next] = await Promise.all([
      this.compute(ctx.tenantId, now, settings),
      this.repos.persons.nextChange(ctx.tenantId, now, settings.warningLeadDays * DAY, adultsBornBefore(now, settings.adultAge), settings.adultAge),
    ]);
    this.cache.set(ctx.tenantId, { key, until: next?.getTime() ?? Infinity, value });
    return value;
  }

  private async compute(tenantId: string, now: Date, settings: TenantSettings): Promise<PersonCounts> {
    const count = async (name: PersonFilterName): Promise<number> => {
      const { filter, keep } = registerFilter({ filter: name }, now, settings);
      if (!keep) return this.repos.persons.count(tenantId, filter);
      let n = 0;
      let cursor: string | undefined;
      for (;;) {
        const rows = await this.repos.persons.consentRows(tenantId, filter, { limit: COUNT_PAGE, cursor });
        n += rows.slice(0, COUNT_PAGE).filter(keep).length;
        if (rows.length <= COUNT_PAGE) return n;
        cursor = rows[COUNT_PAGE - 1]!.id;
      }
    };
    const [total, ...perFilter] = await Promise.all([this.repos.persons.count(tenantId, {}), ...PERSON_FILTERS.map(count)]);
    return { total: total!, filters: Object.fromEntries(PERSON_FILTERS.map((name, i) => [name, perFilter[i]!])) as PersonCounts['filters'] };
  }
}
