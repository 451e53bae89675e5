import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AnyOperation, Operation } from '@likeness/shared';
import type { RequestContext } from './request-context';
import type { MultipartResult } from './upload';

/** A file to stream back instead of JSON. */
export class FileResponse {
  constructor(
    readonly path: string,
    readonly contentType: string,
    readonly fileName: string,
    /** noStore: personal data in full (an export), kept out of every cache. */
    readonly options: { immutable?: boolean; attachment?: boolean; noStore?: boolean } = {},
  ) {}
}

/** A response body already serialised as JSON bytes (hot paths stitch cached fragments: no encoding per request). */
export class RawJson {
  constructor(readonly json: Buffer) {}
}

type Out<T extends z.ZodType> = z.output<T>;

export interface HandlerInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  ctx: RequestContext;
  /** The streamed-in file of a multipart operation (the handler owns its temp file). */
  upload: MultipartResult;
  req: Request;
  res: Response;
}

export interface RouteOptions {
  /** Multipart operations: the largest file accepted. */
  maxUploadBytes?: number;
}

export interface BoundRoute {
  op: AnyOperation;
  handler: (input: HandlerInput<z.ZodType, z.ZodType, z.ZodType>) => Promise<unknown>;
  options: RouteOptions;
}

/** Pairs a contract operation with its handler; the types of input and output follow from the contract. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  op: Operation<P, Q, B, R>,
  handler: (input: HandlerInput<P, Q, B>) => Promise<z.input<R> | FileResponse | RawJson>,
  options: RouteOptions = {},
): BoundRoute {
  return { op: op as unknown as AnyOperation, handler: handler as BoundRoute['handler'], options };
}
