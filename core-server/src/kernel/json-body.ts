import express, { type Request, type RequestHandler } from 'express';
import { AppError } from '@likeness/shared';

// JSON may spell an unpaired surrogate (`"\ud800"`) or a NUL (`"\u0000"`): valid JSON, but text no database
// stores (PostgreSQL refuses the query). They are refused here, at the edge, for every route alike.
const UNSTORABLE = /[\p{Cs}\u0000]/u;
const ESCAPES = [Buffer.from('\\ud'), Buffer.from('\\uD'), Buffer.from('\\u0000')];

/** True when any string (value or key) inside a parsed body or query is text a database cannot store. */
export function holdsUnstorableText(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (UNSTORABLE.test(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

export const UNSTORABLE_TEXT_MESSAGE = 'Text must be valid Unicode without NUL characters: the request holds an unpaired surrogate (\\uD800–\\uDFFF) or \\u0000.';

/** express.json, plus a refusal of unstorable text. Only bodies holding a `\uD…` or `\u0000` escape are walked. */
export function jsonBody(options: { limit: string; type?: string[] }): RequestHandler {
  const escaped = new WeakSet<Request>();
  const parse = express.json({
    ...options,
    strict: true,
    verify: (req, _res, raw) => {
      if (ESCAPES.some((e) => raw.includes(e))) escaped.add(req as Request);
    },
  });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (escaped.has(req) && holdsUnstorableText(req.body)) return next(new AppError('validation_failed', UNSTORABLE_TEXT_MESSAGE));
      next();
    });
}
