import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError, createLikenessClient, extractAssetIds, reportUsage } from '../src/index';

const A = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
const B = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('extractAssetIds', () => {
  it('finds data-likeness-asset ids in any quoting, once each, in order', () => {
    const html = `
      <figure><img src="/a.jpg" data-likeness-asset="${A}" class="wp-image-12"></figure>
      <picture data-likeness-asset='${B}'><source srcset="/b.webp"><img src="/b.jpg"></picture>
      <video data-likeness-asset=${A.toUpperCase()} src="/v.mp4"></video>
      <img DATA-LIKENESS-ASSET = "${B}">`;
    expect(extractAssetIds(html)).toEqual([A, B]);
  });

  it('ignores other attributes, look-alikes and values that are not UUIDs', () => {
    const html = `
      <img class="wp-image-42" data-id="${A}">
      <img xdata-likeness-asset="${A}" data-likeness-asset-id="${B}">
      <img data-likeness-asset="not-a-uuid"><img data-likeness-asset="">
      <p>data-likeness-asset="${A}"</p>
      <img alt="ok" data-likeness-asset="${B}">`;
    expect(extractAssetIds(html)).toEqual([B]);
    expect(extractAssetIds('<p>nothing</p>')).toEqual([]);
  });
});

describe('reportUsage', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ method?: string; url?: string; auth?: string; body: unknown }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: raw ? JSON.parse(raw) : null });
      res.setHeader('content-type', 'application/json');
      res.statusCode = answer.status;
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('PUTs the full set of a location to /api/v1/usages with the key, de-duplicated, and returns the result', async () => {
    answer = { status: 200, body: { active: 2, removed: 1, unknownAssetIds: [] } };
    const client = createLikenessClient({ baseUrl, apiKey: 'lk_usage' });
    const result = await reportUsage(client, {
      integration: 'wordpress:https://example.se',
      channel: 'web',
      location: 'https://example.se/news/1',
      title: 'News 1',
      assetIds: [A, B, A],
    });
    expect(result).toEqual({ active: 2, removed: 1, unknownAssetIds: [] });
    expect(seen.at(-1)).toEqual({
      method: 'PUT',
      url: '/api/v1/usages',
      auth: 'Bearer lk_usage',
      body: { integration: 'wordpress:https://example.se', channel: 'web', location: 'https://example.se/news/1', title: 'News 1', assetIds: [A, B] },
    });
  });

  it('sends an empty list for a removed location, and throws the server error as LikenessApiError', async () => {
    answer = { status: 403, body: { error: { code: 'forbidden', message: 'This needs the permission "usages:write".' } } };
    const client = createLikenessClient({ baseUrl, apiKey: 'lk_read_only' });
    const failure = await reportUsage(client, { channel: 'web', location: '/gone', assetIds: [] }).catch((e: unknown) => e);
    expect(seen.at(-1)?.body).toEqual({ channel: 'web', location: '/gone', assetIds: [] });
    expect(failure).toBeInstanceOf(LikenessApiError);
    expect(failure).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
