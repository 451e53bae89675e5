import type { z } from 'zod';
import type { Permission } from '../domain/permissions';

/**
 * One API operation: the single description from which the server validates,
 * the OpenAPI document is generated, and (through it) the SDK is typed.
 */
export interface Operation<
  TParams extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path below /api/v1, e.g. `/persons/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** null: public (no authentication). 'session' : any logged-in user. */
  permission: Permission | 'session' | null;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  /** multipart uploads are streamed by the server; the schema documents the form fields. */
  bodyType?: 'json' | 'multipart';
  response: TResponse;
  /** Non-JSON responses (files, HTML). */
  responseType?: 'json' | 'binary';
  successStatus?: 200 | 201 | 204;
}

export type AnyOperation = Operation<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

export function defineOperation<
  TParams extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
>(op: Operation<TParams, TQuery, TBody, TResponse>): Operation<TParams, TQuery, TBody, TResponse> {
  return op;
}
