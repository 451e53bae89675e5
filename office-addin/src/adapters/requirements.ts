/** `Office.context.requirements.isSetSupported`, tolerant of hosts that lack the requirements object. */
export function isSetSupported(name: string, version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported(name, version);
  } catch {
    return false;
  }
}
