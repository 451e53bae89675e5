import type { RequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { routeLabel } from '../kernel/logging';

/** Where the route binder records the matched contract path for the access log. */
export const ROUTE_LOCAL = 'routePattern';

export function matchedRoute(req: Request, locals: Record<string, unknown>): string {
  const fromBinder = locals[ROUTE_LOCAL] as string | undefined;
  const fromExpress = req.route?.path && typeof req.route.path === 'string' ? `${req.baseUrl}${req.route.path}` : null;
  return routeLabel(fromBinder ?? fromExpress, req.path);
}

/**
 * One line per request: method, route pattern, status and time. Deliberately no headers, no URL,
 * no query string, no body and no client address: those carry keys, cookies and personal data.
 */
export function accessLog(logger: Logger, skip: (req: Request) => boolean): RequestHandler {
  return (req, res, next) => {
    if (skip(req)) return next();
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line = { method: req.method, route: matchedRoute(req, res.locals), status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    });
    next();
  };
}
