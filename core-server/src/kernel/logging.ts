import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Headers that carry credentials. Redacted on every logger path (access log, error logs, a stray `req`
 * or `headers` object in a log call), so an API key, session cookie or new Set-Cookie never reaches stdout.
 */
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization'];
const HOLDERS = ['req.headers', 'res.headers', 'headers', 'err.config.headers', 'err.response.headers', 'err.headers', 'request.headers', 'response.headers'];

export const LOG_REDACT_PATHS = HOLDERS.flatMap((h) => SECRET_HEADERS.map((k) => `${h}["${k}"]`));

export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  const options: LoggerOptions = { level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The label a request is logged under: the route pattern (`/api/v1/persons/:id`) when a route matched,
 * otherwise only the first path segment. Never the URL: query strings and path values carry names and tokens.
 */
export function routeLabel(matched: string | null | undefined, path: string): string {
  if (matched) return matched;
  const first = path.split('/').filter(Boolean)[0];
  if (!first) return '/';
  return path.split('/').filter(Boolean).length > 1 ? `/${first}/…` : `/${first}`;
}
