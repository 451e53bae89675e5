/** How a person is shown everywhere (pages, PDFs, notifications, the API): the name, or the person number. */
export function personDisplayName(p: { name: string | null; ref: number }): string {
  return p.name ?? `P-${String(p.ref).padStart(4, '0')}`;
}
