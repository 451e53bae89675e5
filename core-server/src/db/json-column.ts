import type { Prisma } from './prisma.client';

/**
 * A value for a Json column. Prisma's input type cannot be told "any JSON-serialisable value",
 * which is what every caller passes (rows of the shared schemas, audit snapshots); the value is
 * stored exactly as given, as before.
 */
export function jsonColumn(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
