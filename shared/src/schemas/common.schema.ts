import { z } from 'zod';
import { ERROR_CODES } from '../errors';

export const IdSchema = z.uuid().meta({ description: 'Identifier (UUID).' });
export const IdParamsSchema = z.strictObject({ id: IdSchema });

/** Instants travel as ISO 8601 with an explicit offset, so no timezone is guessed. */
export const InstantSchema = z.iso.datetime({ offset: true }).meta({ example: '2027-06-30T22:00:00Z' });
export const DateOnlySchema = z.iso.date().meta({ example: '2012-05-17' });

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque cursor from a previous page.' }),
});

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` to get the next page; null on the last page.' }),
    })
    .meta({ id });
}

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const OkSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

/** Trimmed, bounded free text; empty strings become null so that "cleared" is explicit. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v))
    .optional();

export const ChannelSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Channels are lower-case words: letters, digits, - and _.')
  .meta({ example: 'web' });
