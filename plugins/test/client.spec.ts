import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessApiError, createLikenessClient, unwrap } from '../src/index';

describe('the generated client', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ url?: string; auth?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/health') return res.end(JSON.stringify({ status: 'ok', version: '1', database: 'sqlite' }));
      res.statusCode = 403;
      res.end(JSON.stringify({ error: { code: 'forbidden', message: 'This needs the permission "persons:read".', details: { permission: 'persons:read' } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the API key and returns typed data', async () => {
    const client = createLikenessClient({ baseUrl, apiKey: 'lk_abc' });
    const health = await unwrap(client.GET('/api/v1/health'));
    expect(health.database).toBe('sqlite');
    expect(seen.at(-1)).toEqual({ url: '/api/v1/health', auth: 'Bearer lk_abc' });
  });

  it('turns the error body into a LikenessApiError with code, status and details', async () => {
    const client = createLikenessClient({ baseUrl });
    const failure = await unwrap(client.GET('/api/v1/persons', { params: { query: {} } })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LikenessApiError);
    expect(failure).toMatchObject({ status: 403, code: 'forbidden', details: { permission: 'persons:read' } });
  });
});
