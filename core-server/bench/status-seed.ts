/** status bench: the seeded organisation (a realistic mix of statuses) and the request bodies that ask about it. */
import type { Prisma } from '../src/db/generated/sqlite/client';
import type { Db } from '../src/db/prisma.client';
import { chunks, type Prng } from './support';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const CHANNELS = ['web', 'print', 'social'];

export interface DataSetSize {
  assets: number;
  persons: number;
  agreements: number;
}

export interface RequestShape {
  /** Distinct bodies to rotate through. */
  bodies: number;
  /** Asset ids per body. */
  ids: number;
  /** Fraction of ids that are random (unknown) UUIDs. */
  unknown: number;
}


const FIRST = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Sara', 'Per', 'Elin', 'Nils', 'Ida', 'Olle', 'Maja', 'Leo', 'Frida', 'Hugo'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lund', 'Berg'];
const KINDS = ['written', 'oral', 'digital', 'model_release'];
const EXEMPT = ['contract', 'legitimate_interest', 'external_licence', 'no_identifiable_persons', 'historical', 'artistic_journalistic'];

interface Seeded {
  tenantId: string;
  assetIds: string[];
  boxes: number;
}

/**
 * One organisation with a realistic mix: most agreements valid with an end date, some expiring,
 * expired, withdrawn, open-ended or not yet valid, minors with guardian-signed ones; most assets
 * on consent with 1–3 boxes, some with an unidentified box, some exempt, some without a basis.
 */
export async function seed(db: Db, o: DataSetSize, rnd: Prng, now: number): Promise<Seeded> {
  const at = (ms: number) => new Date(now + ms);
  const tenant = await db.tenant.create({
    data: { slug: 'bench', name: 'Bench organisation', channels: CHANNELS, customFields: [], warningLeadDays: 30, personSeq: o.persons },
  });
  const tenantId = tenant.id;

  const persons: Prisma.PersonCreateManyInput[] = [];
  const minor: boolean[] = [];
  for (let i = 0; i < o.persons; i++) {
    const name = `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
    const email = rnd.chance(0.7) ? `${name.toLowerCase().replace(' ', '.')}.${i}@example.se` : null;
    const r = rnd.next();
    const isMinor = r < 0.04;
    minor.push(isMinor);
    const birthDate = isMinor ? at(-rnd.int(3, 16) * YEAR - rnd.int(0, 364) * DAY) : r < 0.6 ? at(-rnd.int(19, 80) * YEAR - rnd.int(0, 364) * DAY) : null;
    persons.push({
      id: rnd.uuid(),
      tenantId,
      ref: i + 1,
      name,
      email,
      birthDate,
      deceased: !isMinor && rnd.chance(0.01),
      guardianName: isMinor ? `${rnd.pick(FIRST)} ${name.split(' ')[1]}` : null,
      customFields: {},
      searchText: [name.toLowerCase(), email ?? '', String(i + 1)].join(' '),
    });
  }

  // Agreements go round-robin over the first W persons (W ≈ 52.5 % of the agreement count): with 8,000
  // agreements, 4,200 persons have some (3,800 of them two) and the other 800 have none.
  const withAgreement = Math.min(o.persons, Math.max(Math.ceil(o.agreements * 0.525), o.agreements - o.persons));
  const agreements: Prisma.AgreementCreateManyInput[] = [];
  for (let i = 0; i < o.agreements; i++) {
    const p = i % withAgreement;
    const person = persons[p]!;
    const r = rnd.next();
    let validFrom = at(-rnd.int(1, 700) * DAY);
    let validUntil: Date | null = at(rnd.int(31, 1000) * DAY);
    let withdrawnAt: Date | null = null;
    if (r < 0.55) {
      // valid, with an end date
    } else if (r < 0.62) {
      validUntil = at(rnd.int(1, 29) * DAY); // expiring within the warning lead
    } else if (r < 0.77) {
      validUntil = null; // open-ended
    } else if (r < 0.9) {
      validFrom = at(-rnd.int(400, 1500) * DAY);
      validUntil = at(-rnd.int(1, 399) * DAY); // expired
    } else if (r < 0.97) {
      withdrawnAt = at(-rnd.int(1, 300) * DAY);
      if (rnd.chance(0.4)) validUntil = null;
    } else {
      validFrom = at(rnd.int(1, 60) * DAY); // not yet valid
    }
    const c = rnd.next();
    const channels = c < 0.65 ? CHANNELS : c < 0.8 ? ['web', 'social'] : c < 0.9 ? ['print'] : ['web'];
    const guardian = minor[p] === true && rnd.chance(0.85);
    agreements.push({
      tenantId,
      personId: person.id!,
      kind: rnd.pick(KINDS),
      channels,
      validFrom,
      validUntil,
      signedBy: guardian ? 'guardian' : 'subject',
      guardianName: guardian ? (person.guardianName ?? null) : null,
      withdrawnAt,
      withdrawalReason: withdrawnAt ? 'Withdrawn by e-mail.' : null,
    });
  }

  const assets: Prisma.AssetCreateManyInput[] = [];
  const boxes: Prisma.AssetBoxCreateManyInput[] = [];
  const box = (assetId: string, personId: string | null, k: number): Prisma.AssetBoxCreateManyInput => ({
    tenantId,
    assetId,
    personId,
    x: 0.05 + 0.3 * k,
    y: 0.1 + rnd.next() * 0.3,
    w: 0.2,
    h: 0.3,
    source: rnd.chance(0.5) ? 'detected' : 'manual',
  });
  for (let i = 0; i < o.assets; i++) {
    const id = rnd.uuid();
    const sha256 = rnd.hex(32);
    const r = rnd.next();
    let basis: string | null;
    let basisValidUntil: Date | null = null;
    if (r < 0.7) {
      basis = 'consent';
      const n = rnd.chance(0.6) ? 1 : rnd.chance(0.75) ? 2 : 3;
      const unknownAt = rnd.chance(0.07) ? rnd.int(0, n - 1) : -1;
      for (let k = 0; k < n; k++) boxes.push(box(id, k === unknownAt ? null : persons[rnd.int(0, o.persons - 1)]!.id!, k));
    } else if (r < 0.78) {
      basis = null;
      if (rnd.chance(0.3)) boxes.push(box(id, null, 0)); // detected, nobody identified yet
    } else {
      basis = rnd.pick(EXEMPT);
      if (basis === 'external_licence') basisValidUntil = rnd.chance(0.7) ? at(rnd.int(1, 900) * DAY) : at(-rnd.int(1, 300) * DAY);
    }
    const createdAt = at(-rnd.int(0, 1500) * DAY);
    assets.push({
      id,
      tenantId,
      sha256,
      kind: 'image',
      originalName: `IMG_${String(i + 1).padStart(5, '0')}.jpg`,
      contentType: 'image/jpeg',
      size: rnd.int(200_000, 12_000_000),
      width: 4000,
      height: 3000,
      storageKey: `assets/${tenantId}/${sha256}`,
      title: rnd.chance(0.5) ? `Photo ${i + 1}` : null,
      basis,
      basisValidUntil,
      basisSetAt: basis ? createdAt : null,
      createdAt,
    });
  }

  await db.$transaction(
    async (tx) => {
      for (const c of chunks(persons, 1000)) await tx.person.createMany({ data: c });
      for (const c of chunks(agreements, 1000)) await tx.agreement.createMany({ data: c });
      for (const c of chunks(assets, 1000)) await tx.asset.createMany({ data: c });
      for (const c of chunks(boxes, 1000)) await tx.assetBox.createMany({ data: c });
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
  return { tenantId, assetIds: assets.map((a) => a.id!), boxes: boxes.length };
}

export function requestBodies(assetIds: string[], o: RequestShape, rnd: Prng): string[] {
  const pool = [...assetIds];
  const bodies: string[] = [];
  for (let b = 0; b < o.bodies; b++) {
    // Partial Fisher–Yates: o.ids distinct ids.
    for (let i = 0; i < o.ids; i++) {
      const j = rnd.int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const ids = pool.slice(0, o.ids).map((id) => (o.unknown > 0 && rnd.chance(o.unknown) ? rnd.uuid() : id));
    bodies.push(JSON.stringify({ channel: 'web', assetIds: ids }));
  }
  return bodies;
}

