import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorBody, toAppError, type PersistenceErrors } from '../kernel/errors';
import { matchedRoute } from './access-log';

/** Turns any thrown error into `{ error: { code, message, details } }`: the one place errors meet HTTP. */
export function errorMiddleware(logger: Logger, persistence: PersistenceErrors): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err, persistence);
    if (appError.code === 'internal') logger.error({ err, method: req.method, route: matchedRoute(req, res.locals) }, 'unhandled error');
    if (res.headersSent) return res.end();
    res.status(appError.httpStatus).json(errorBody(appError));
  };
}
