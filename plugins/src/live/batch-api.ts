import { apiErrorFrom, unwrap, type LikenessClient, type paths } from '../client';
import type { BatchStatusItem } from './types';

/** Checked against the OpenAPI document: renaming the path or its body breaks the build here. */
const BATCH_PATH = '/api/v1/status/batch' satisfies keyof paths;
type BatchRequest = paths[typeof BATCH_PATH]['post']['requestBody']['content']['application/json'];
type BatchResponse = paths[typeof BATCH_PATH]['post']['responses'][200]['content']['application/json'];

/** POST /api/v1/status/batch for one chunk of ≤500 ids. */
export type StatusBatchFetcher = (channel: string, assetIds: string[]) => Promise<BatchStatusItem[]>;

/** Through the typed client (server-side hosts that already have one). */
export function batchViaClient(client: LikenessClient): StatusBatchFetcher {
  return async (channel, assetIds) => (await unwrap(client.POST(BATCH_PATH, { body: { channel, assetIds } }))).items;
}

/**
 * Through plain fetch, so the browser bundle does not need openapi-fetch (−7 KB minified); request and
 * response stay typed by the generated document. Without an API key the request carries the session cookie.
 */
export function batchViaFetch(baseUrl: string, apiKey: string | undefined): StatusBatchFetcher {
  const url = baseUrl.replace(/\/$/, '') + BATCH_PATH;
  return async (channel, assetIds) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
      credentials: apiKey ? 'same-origin' : 'include',
      body: JSON.stringify({ channel, assetIds } satisfies BatchRequest),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<BatchResponse>;
    if (response.ok && Array.isArray(body.items)) return body.items;
    throw apiErrorFrom(response.status, body);
  };
}
