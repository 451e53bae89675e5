/** A database row as export JSON: instants as ISO strings, bytes left out (they travel as files), JSON columns as they are. */
export function exportRow(row: Record<string, unknown>, omit: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key) || key === 'tenantId' || value instanceof Uint8Array) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** A file name that is safe as one path segment of a zip entry. */
export function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '_').slice(0, 120) || 'file';
}
