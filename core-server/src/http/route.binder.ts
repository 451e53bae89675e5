import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { AppError, type AnyOperation } from '@likeness/shared';
import { holdsUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../kernel/json-body';
import type { RequestContext } from '../kernel/request-context';
import { FileResponse, RawJson, type BoundRoute } from '../kernel/route';
import type { MultipartResult } from '../kernel/upload';
import type { FileStorage } from '../storage/file.storage';
import { ROUTE_LOCAL } from './access-log';
import { receiveUpload } from './multipart';

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
  /** Where multipart uploads stream to. */
  storage: FileStorage;
}

export function mountRoutes(router: Router, routes: BoundRoute[], options: MountOptions): void {
  for (const { op, handler, options: routeOptions } of routes) {
    const run: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      res.locals[ROUTE_LOCAL] = `${req.baseUrl}${op.path}`;
      try {
        const ctx = await options.authenticate(req, op);
        // A %00 in the URL is as unstorable as a \u0000 in a body.
        if (holdsUnstorableText(req.query) || holdsUnstorableText(req.params)) throw new AppError('validation_failed', UNSTORABLE_TEXT_MESSAGE);
        const params = parseOrThrow(op.params, req.params, 'path parameters');
        const query = parseOrThrow(op.query, req.query, 'query');
        let body: unknown;
        let upload: MultipartResult | undefined;
        if (op.bodyType === 'multipart' && routeOptions.maxUploadBytes) upload = await receiveUpload(req, options.storage, routeOptions.maxUploadBytes);
        else if (op.body && op.bodyType !== 'multipart') {
          if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'Send the body as application/json.');
          body = parseOrThrow(op.body, req.body, 'body');
        }
        const result = await handler({ params, query, body, upload: upload as MultipartResult, ctx: ctx as RequestContext, req, res });
        if (result instanceof FileResponse) return sendFile(res, result, next);
        if (options.validateResponses) {
          const check = op.response.safeParse(result instanceof RawJson ? JSON.parse(result.json.toString()) : result);
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
  res.setHeader('Cache-Control', file.options.noStore ? 'no-store' : file.options.immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  const disposition = file.options.attachment ? 'attachment' : 'inline';
  res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.sendFile(file.path, { dotfiles: 'allow' }, (err) => err && next(err));
}
