import { AppError, type ErrorResponse } from '@likeness/shared';

/** The persistence layer's own errors (unique key, missing row…) told as AppErrors; implemented next to the database client. */
export interface PersistenceErrors {
  toAppError(err: unknown): AppError | null;
  /** Another writer created the same row first. */
  isUniqueViolation(err: unknown): boolean;
}

/** The error body every API answer and signing-page script gets: `{ error: { code, message, details? } }`. */
export function errorBody(err: AppError, message = err.message): ErrorResponse {
  return { error: { code: err.code, message, ...(err.details !== undefined ? { details: err.details } : {}) } };
}

interface HttpParserError {
  type?: string;
  status?: number;
}

/** Turns any thrown error into an AppError: the one place errors get their code before they meet HTTP. */
export function toAppError(err: unknown, persistence?: PersistenceErrors): AppError {
  if (err instanceof AppError) return err;
  const parser = err as HttpParserError;
  // Express could not percent-decode a path parameter (e.g. `%ED%A0%80`, a lone surrogate): the client's error.
  if (err instanceof URIError && parser.status === 400) return new AppError('validation_failed', 'The path is not valid percent-encoded UTF-8.');
  if (parser?.type === 'entity.parse.failed') return new AppError('malformed_json', 'The body is not valid JSON.');
  if (parser?.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large.');
  if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'Unsupported body encoding.');
  }
  return persistence?.toAppError(err) ?? new AppError('internal', 'Something went wrong on our side. It has been logged.');
}
