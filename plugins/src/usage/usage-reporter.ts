import { unwrap, type LikenessClient, type Schemas } from '../client';

export type UsageReport = Schemas['UsageReport'];
export type UsageReportResult = Schemas['UsageReportResult'];

/**
 * Reports the full set of assets used at one location (PUT /api/v1/usages). Idempotent; an empty `assetIds`
 * marks the location as removed. Throws LikenessApiError on an error answer.
 */
export function reportUsage(client: LikenessClient, report: UsageReport): Promise<UsageReportResult> {
  return unwrap(client.PUT('/api/v1/usages', { body: { ...report, assetIds: [...new Set(report.assetIds)] } }));
}

const ASSET_ATTRIBUTE = /\sdata-likeness-asset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The distinct asset ids in `data-likeness-asset="<uuid>"` attributes of rendered HTML, in order of appearance. */
export function extractAssetIds(html: string): string[] {
  const ids = new Set<string>();
  for (const match of html.matchAll(ASSET_ATTRIBUTE)) {
    const id = (match[1] ?? match[2] ?? match[3] ?? '').trim().toLowerCase();
    if (UUID.test(id)) ids.add(id);
  }
  return [...ids];
}
