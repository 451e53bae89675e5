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

/** Returns `data`, or throws a LikenessApiError carrying the server's code and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  throw new LikenessApiError(
    response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? `HTTP ${response.status}`,
    body.error?.details,
  );
}

/** Adds a middleware, e.g. for logging or retries. */
export function withMiddleware(client: LikenessClient, ...middleware: Middleware[]): LikenessClient {
  client.use(...middleware);
  return client;
}
