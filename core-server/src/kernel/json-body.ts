import express, { type Request, type RequestHandler } from 'express';
import { AppError } from '@likeness/shared';

// JSON may spell an unpaired surrogate (`"\ud800"`): valid JSON, but not text. No database stores it (PostgreSQL
// refuses the query), so it is refused here, at the edge, for every JSON route alike.
const LONE_SURROGATE = /\p{Cs}/u;
const ESCAPE_LOWER = Buffer.from('\\ud');
const ESCAPE_UPPER = Buffer.from('\\uD');

/** True when any string (value or key) inside the parsed body is not well-formed Unicode. */
function holdsLoneSurrogate(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/** express.json, plus a refusal of bodies whose text is not Unicode. Only bodies holding a `\uD…` escape are walked. */
export function jsonBody(options: { limit: string; type?: string[] }): RequestHandler {
  const escaped = new WeakSet<Request>();
  const parse = express.json({
    ...options,
    strict: true,
    verify: (req, _res, raw) => {
      if (raw.includes(ESCAPE_LOWER) || raw.includes(ESCAPE_UPPER)) escaped.add(req as Request);
    },
  });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (escaped.has(req) && holdsLoneSurrogate(req.body)) {
        return next(new AppError('validation_failed', 'Text must be valid Unicode: the body holds an unpaired surrogate escape (\\uD800–\\uDFFF).'));
      }
      next();
    });
}
