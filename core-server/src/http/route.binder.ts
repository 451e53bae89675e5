import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { AppError, type AnyOperation, type Operation } from '@likeness/shared';
import { RawJson } from './raw-json';
import type { RequestContext } from './request-context';

/** A file to stream back instead of JSON. */
export class FileResponse {
  constructor(
    readonly path: string,
    readonly contentType: string,
    readonly fileName: string,
    readonly options: { immutable?: boolean; attachment?: boolean } = {},
  ) {}
}

type Out<T extends z.ZodType> = z.output<T>;

export interface HandlerInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  ctx: RequestContext;
  req: Request;
  res: Response;
}

export interface BoundRoute {
  op: AnyOperation;
  handler: (input: HandlerInput<z.ZodType, z.ZodType, z.ZodType>) => Promise<unknown>;
}

/** Pairs a contract operation with its handler; the types of input and output follow from the contract. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  op: Operation<P, Q, B, R>,
  handler: (input: HandlerInput<P, Q, B>) => Promise<z.input<R> | FileResponse | RawJson>,
): BoundRoute {
  return { op: op as unknown as AnyOperation, handler: handler as BoundRoute['handler'] };
}

function parseOrThrow<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', `Invalid ${where}: ${result.error.issues[0]?.message ?? 'see details'}.`, {
      in: where,
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    });
  }
  return result.data;
}

export interface MountOptions {
  authenticate: (req: Request, op: AnyOperation) => Promise<RequestContext | null>;
  validateResponses: boolean;
}

export function mountRoutes(router: Router, routes: BoundRoute[], options: MountOptions): void {
  for (const { op, handler } of routes) {
    const run: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const ctx = await options.authenticate(req, op);
        const params = parseOrThrow(op.params, req.params, 'path parameters');
        const query = parseOrThrow(op.query, req.query, 'query');
        let body: unknown;
        if (op.body && op.bodyType !== 'multipart') {
          if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'Send the body as application/json.');
          body = parseOrThrow(op.body, req.body, 'body');
        }
        const result = await handler({ params, query, body, ctx: ctx as RequestContext, req, res });
        if (result instanceof FileResponse) return sendFile(res, result, next);
        if (options.validateResponses) {
          const check = op.response.safeParse(result instanceof RawJson ? JSON.parse(result.json) : result);
          if (!check.success) throw new Error(`Response of ${op.operationId} breaks its schema: ${check.error.message}`);
        }
        // A handler may pick another success status (e.g. 200 for an upload that already existed).
        res.status((res.locals.status as number | undefined) ?? op.successStatus ?? 200);
        if (result instanceof RawJson) res.type('application/json').send(result.json);
        else res.json(result);
      } catch (err) {
        next(err);
      }
    };
    router[op.method](op.path, run);
  }
}

function sendFile(res: Response, file: FileResponse, next: NextFunction) {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', file.options.immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  const disposition = file.options.attachment ? 'attachment' : 'inline';
  res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.sendFile(file.path, { dotfiles: 'allow' }, (err) => err && next(err));
}
