/**
 * SQLite answers "too many SQL variables" past 999 bound parameters (PostgreSQL past 32,767), and
 * Prisma's driver adapters do not split `in` lists. Queries over an unbounded id list go through here.
 */
export const IN_CHUNK = 500;

export async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>, size = IN_CHUNK): Promise<T[]> {
  if (ids.length <= size) return query([...ids]);
  const out: T[] = [];
  // One chunk at a time: a transaction's connection runs one query at a time anyway.
  for (let i = 0; i < ids.length; i += size) out.push(...(await query(ids.slice(i, i + size))));
  return out;
}
