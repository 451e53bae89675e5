import { z } from 'zod';

/**
 * What the signing pages' forms and their script send, declared once. Parsing is lenient on purpose:
 * a signer's browser that drops a field gets a page in their language with a clear message (the use
 * cases validate the values), never a bare 400. pages.ts renders the same field names.
 */
const text = z.unknown().optional().transform((v) => (typeof v === 'string' ? v : ''));
const optionalText = z.string().optional().catch(undefined);
const locale = z.enum(['sv', 'en']).optional().catch(undefined);

/** Corrections of the signer's own details the template allows (only these three; others are ignored). */
const details = { name: optionalText, email: optionalText, phone: optionalText };
const onlyGiven = (d: { name?: string; email?: string; phone?: string }) =>
  Object.fromEntries(Object.entries(d).filter((e): e is [string, string] => e[1] !== undefined));

/** POST /sign/:token/code: which channel to send a one-time code by. */
export const CodeRequestForm = z
  .object({ lang: locale, channel: z.enum(['sms', 'email']).catch('sms'), textHash: text, ...details })
  .transform(({ name, email, phone, ...rest }) => ({ ...rest, details: onlyGiven({ name, email, phone }) }));

/** POST /sign/:token/code/verify: the six digits. */
export const CodeVerifyForm = z.object({ lang: locale, code: text, textHash: text });

/** POST /sign/:token/decline and /sign/receipt/:token/withdraw: an optional reason. */
export const ReasonForm = z.object({ reason: text.transform((r) => r || null) });

/** POST /sign/:token/bankid (JSON from sign.js): start an order on this or another device. */
export const BankIdStartBody = z
  .object({
    sameDevice: z.unknown().optional().transform((v) => v === true),
    lang: locale,
    textHash: text,
    details: z.object(details).catch({}).optional(),
  })
  .transform(({ details: d, ...rest }) => ({ ...rest, details: onlyGiven(d ?? {}) }));

/** The answer to that start: the order to poll, and on the same device the link that opens the BankID app. */
export const BankIdStarted = z.object({ orderId: z.string(), autoStartUrl: z.string().nullable() });

/** GET /sign/:token/bankid/:orderId, once a second while pending: BankID's status, its message key and the next QR code. */
export const BankIdPollAnswer = z.object({
  status: z.enum(['pending', 'failed', 'complete', 'cancelled']),
  hintCode: z.string().nullable(),
  /** A key into the page's BankID messages (RFA1 …), or null. */
  message: z.string().nullable(),
  qr: z.string().nullable(),
  qrImage: z.string().nullable(),
  /** Where to go once complete (the receipt). */
  redirect: z.string().nullable(),
});
export type BankIdPoll = z.infer<typeof BankIdPollAnswer>;

/** Parses a form or JSON body (absent bodies count as empty). */
export const parseForm = <T extends z.ZodType>(schema: T, body: unknown): z.output<T> => schema.parse(body ?? {});
