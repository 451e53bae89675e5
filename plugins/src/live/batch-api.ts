import { LikenessApiError, unwrap, type LikenessClient } from '../client';
import type { BatchStatusItem } from './types';

/** POST /api/v1/status/batch for one chunk of ≤500 ids. */
export type StatusBatchFetcher = (channel: string, assetIds: string[]) => Promise<BatchStatusItem[]>;

/** Through the typed client (server-side hosts that already have one). */
export function batchViaClient(client: LikenessClient): StatusBatchFetcher {
  return async (channel, assetIds) => (await unwrap(client.POST('/api/v1/status/batch', { body: { channel, assetIds } }))).items;
}

/**
 * Through plain fetch, so the browser bundle does not need openapi-fetch. Without an API key the request
 * carries the browser session's cookie, also across origins.
 */
export function batchViaFetch(baseUrl: string, apiKey: string | undefined): StatusBatchFetcher {
  const url = baseUrl.replace(/\/$/, '') + '/api/v1/status/batch';
  return async (channel, assetIds) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
      credentials: apiKey ? 'same-origin' : 'include',
      body: JSON.stringify({ channel, assetIds }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      items?: BatchStatusItem[];
      error?: { code?: string; message?: string; details?: unknown };
    };
    if (response.ok && Array.isArray(body.items)) return body.items;
    throw new LikenessApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? `HTTP ${response.status}`,
      body.error?.details,
    );
  };
}
