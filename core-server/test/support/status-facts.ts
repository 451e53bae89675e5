import type { StatusInputRepository } from '../../src/modules/status/status.repository';

/** What the facts repository answers for `ids`: each an asset on consent with no boxes (or `basis` per id). */
export function factsOf(ids: string[], basis: (id: string) => string = () => 'consent') {
  return { assets: ids.map((id) => ({ id, basis: basis(id), basisValidUntil: null })), boxes: [], persons: [], agreements: [] };
}

/** A facts loader that records every load it was asked for. */
export function countingLoader() {
  const loads: string[][] = [];
  const loader = {
    load: async (_tenantId: string, ids: string[]) => {
      loads.push([...ids]);
      return factsOf(ids);
    },
  } as unknown as StatusInputRepository;
  return { loader, loads };
}
