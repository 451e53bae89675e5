import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';

export type { paths, components };
export type Schemas = components['schemas'];
export type LikenessClient = Client<paths, 'application/json'>;

export interface ClientOptions {
  /** The core-server's origin, e.g. `https://likeness.example.se`. */
  baseUrl: string;
  /** An integration's API key (`lk_…`). Omit in a browser session that uses the cookie. */
  apiKey?: string;
  fetch?: typeof fetch;
  /** Extra headers, e.g. a cookie in server-side tests. */
  headers?: Record<string, string>;
}

/** The error body every Likeness endpoint answers with. */
export class LikenessApiError extends Error {
  override readonly name = 'LikenessApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A typed client for the Likeness REST API, generated from its OpenAPI document. */
export function createLikenessClient(options: ClientOptions): LikenessClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: options.fetch,
    headers: { ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}), ...options.headers },
  });
  return client;
}

/**
 * The one parser of the server's error body, `{ error: { code, message, details } }`, for every transport
 * (openapi-fetch, plain fetch, XMLHttpRequest): anything else becomes `http_error` with the HTTP status.
 */
export function apiErrorFrom(status: number, body: unknown): LikenessApiError {
  const e = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error : undefined;
  const code = typeof e?.code === 'string' ? e.code : 'http_error';
  const message = typeof e?.message === 'string' ? e.message : `HTTP ${status}`;
  return new LikenessApiError(status, code, message, e?.details);
}

/** Returns `data`, or throws a LikenessApiError carrying the server's code and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  throw apiErrorFrom(response.status, error);
}

/** Adds a middleware, e.g. for logging or retries. */
export function withMiddleware(client: LikenessClient, ...middleware: Middleware[]): LikenessClient {
  client.use(...middleware);
  return client;
}
