import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, type ErrorResponse } from '@likeness/shared';

interface HttpParserError {
  type?: string;
  status?: number;
}

/** Turns any thrown error into `{ error: { code, message, details } }`: the one place errors meet HTTP. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const parser = err as HttpParserError;
  if (parser?.type === 'entity.parse.failed') return new AppError('malformed_json', 'The body is not valid JSON.');
  if (parser?.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large.');
  if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'Unsupported body encoding.');
  }
  const prisma = err as { code?: string; meta?: unknown };
  if (prisma?.code === 'P2025') return new AppError('not_found', 'The record does not exist (any more).');
  if (prisma?.code === 'P2002') return new AppError('conflict', 'That would duplicate an existing record.');
  if (prisma?.code === 'P2003') return new AppError('conflict', 'The record is referenced by, or refers to, something that does not exist.');
  return new AppError('internal', 'Something went wrong on our side. It has been logged.');
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.code === 'internal') logger.error({ err, url: req.originalUrl }, 'unhandled error');
    if (res.headersSent) return res.end();
    const body: ErrorResponse = {
      error: { code: appError.code, message: appError.message, ...(appError.details !== undefined ? { details: appError.details } : {}) },
    };
    res.status(appError.httpStatus).json(body);
  };
}
