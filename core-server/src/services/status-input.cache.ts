import type { LegalBasis, Signer, StatusInput } from '@likeness/shared';
import type { StatusInputRepository } from '../repositories/asset.repository';

interface TenantEntries {
  /** Bumped by every invalidation, so a load that raced a write is not cached. */
  generation: number;
  inputs: Map<string, StatusInput>;
}

const MAX_ENTRIES_PER_TENANT = 250_000;

/**
 * The facts behind each asset's status (basis, boxes, persons' agreements), kept in memory.
 * Status itself depends on the moment, so it is evaluated per request from these facts;
 * only writes invalidate them.
 */
export class StatusInputCache {
  private readonly tenants = new Map<string, TenantEntries>();

  constructor(private readonly loader: StatusInputRepository) {}

  private entries(tenantId: string): TenantEntries {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { generation: 0, inputs: new Map() };
      this.tenants.set(tenantId, t);
    }
    return t;
  }

  /** Inputs for the ids that exist in the tenant; unknown ids are absent from the result. */
  async get(tenantId: string, assetIds: readonly string[]): Promise<Map<string, StatusInput>> {
    const t = this.entries(tenantId);
    const found = new Map<string, StatusInput>();
    const missing: string[] = [];
    for (const id of assetIds) {
      const hit = t.inputs.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) return found;

    const generation = t.generation;
    const loaded = toStatusInputs(await this.loader.load(tenantId, missing));
    const cacheable = t.generation === generation;
    if (cacheable && t.inputs.size + loaded.size > MAX_ENTRIES_PER_TENANT) t.inputs.clear();
    for (const [id, input] of loaded) {
      found.set(id, input);
      if (cacheable) t.inputs.set(id, input);
    }
    return found;
  }

  invalidateAssets(tenantId: string, assetIds: Iterable<string>): void {
    const t = this.entries(tenantId);
    t.generation++;
    for (const id of assetIds) t.inputs.delete(id);
  }

  invalidatePersons(tenantId: string, personIds: Iterable<string>): void {
    const t = this.entries(tenantId);
    t.generation++;
    const persons = new Set(personIds);
    for (const [assetId, input] of t.inputs) {
      if (input.boxes.some((b) => b.personId !== null && persons.has(b.personId))) t.inputs.delete(assetId);
    }
  }

  invalidateTenant(tenantId: string): void {
    const t = this.entries(tenantId);
    t.generation++;
    t.inputs.clear();
  }
}

type Loaded = Awaited<ReturnType<StatusInputRepository['load']>>;

export function toStatusInputs({ assets, boxes, persons, agreements }: Loaded): Map<string, StatusInput> {
  const agreementsByPerson = new Map<string, StatusInput['persons'][number]['agreements']>();
  for (const a of agreements) {
    const list = agreementsByPerson.get(a.personId) ?? [];
    list.push({
      id: a.id,
      channels: a.channels as string[],
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      withdrawnAt: a.withdrawnAt,
      signedBy: a.signedBy as Signer,
    });
    agreementsByPerson.set(a.personId, list);
  }
  const personFacts = new Map(
    persons.map((p) => [p.id, { id: p.id, birthDate: p.birthDate, deceased: p.deceased, agreements: agreementsByPerson.get(p.id) ?? [] }]),
  );
  const boxesByAsset = new Map<string, StatusInput['boxes']>();
  for (const b of boxes) {
    const list = boxesByAsset.get(b.assetId) ?? [];
    list.push({ id: b.id, personId: b.personId });
    boxesByAsset.set(b.assetId, list);
  }
  const result = new Map<string, StatusInput>();
  for (const a of assets) {
    const assetBoxes = boxesByAsset.get(a.id) ?? [];
    const ids = new Set(assetBoxes.flatMap((b) => (b.personId ? [b.personId] : [])));
    result.set(a.id, {
      basis: a.basis as LegalBasis | null,
      basisValidUntil: a.basisValidUntil,
      boxes: assetBoxes,
      persons: [...ids].flatMap((id) => personFacts.get(id) ?? []),
    });
  }
  return result;
}
