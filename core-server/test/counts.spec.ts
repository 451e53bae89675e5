import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GDPR_STATUSES, type GdprStatus } from '@likeness/shared';
import type { LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { generatedJpeg, upload } from './support/media';

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

/** What the dashboard had to do before the counts: page through the list to the end. */
async function pagedAssets(client: LikenessClient, query: { channel?: string; status?: GdprStatus }): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await unwrap(client.GET('/api/v1/assets', { params: { query: { ...query, limit: 2, cursor } } }));
    n += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

async function pagedPersons(client: LikenessClient, filter?: 'missing_consent' | 'expiring' | 'minors' | 'withdrawn'): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await unwrap(client.GET('/api/v1/persons', { params: { query: { filter, limit: 2, cursor } } }));
    n += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

describe('counts: exact numbers per status and filter, equal to paging through the lists', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: LikenessClient;
  const agreementOf: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'counts');
    admin = org.as['gdpr-admin'];
    const person = async (key: string, body: Record<string, unknown>, agreements: Array<Record<string, unknown>>) => {
      const p = await unwrap(admin.POST('/api/v1/persons', { body: { name: `Person ${key}`, ...body } }));
      for (const a of agreements) {
        const created = await unwrap(admin.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: p.id } }, body: { kind: 'written', validFrom: inDays(-10), ...a } as never }));
        agreementOf[key] ??= created.id;
      }
      return p.id as string;
    };
    const valid = await person('valid', {}, [{ channels: ['web', 'print'], validUntil: inDays(300) }]);
    const ending = await person('ending', {}, [{ channels: ['web', 'print', 'social'], validUntil: inDays(10) }]);
    // Ends within the lead time, but a back-to-back renewal carries it on: the database finds it, the rule drops it.
    // One instant for both ends: two clock readings can differ by a millisecond, which is a gap to the rules.
    const renewal = inDays(10);
    await person('renewed', {}, [
      { channels: ['web'], validUntil: renewal },
      { channels: ['web'], validFrom: renewal, validUntil: inDays(400) },
    ]);
    const withdrawn = await person('withdrawn', {}, [{ channels: ['web', 'print', 'social'], validUntil: inDays(300) }]);
    await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementOf.withdrawn! } }, body: {} }));
    const none = await person('none', {}, []);
    await person('minor', { birthDate: '2016-05-01' }, [{ channels: ['web'], validUntil: inDays(300) }]);
    await person('deceased', { deceased: true }, []);

    let seed = 1;
    const file = async (basis: string | null, personId?: string, validUntil?: string) => {
      const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(seed++), name: 'f.jpg', type: 'image/jpeg' });
      expect(up.status).toBe(201);
      const id = up.body.id as string;
      if (basis) await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id } }, body: { basis: basis as never, validUntil: validUntil ?? null } }));
      if (personId) await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId } }));
      return id;
    };
    await file('consent', valid); // approved on web and print, consent missing on social
    await file('consent', ending); // expiring
    await file('consent', withdrawn);
    await file('consent', none);
    await file('consent'); // persons missing
    await file(null); // unhandled
    await file('public_task');
    await file('external_licence', undefined, inDays(-1)); // expired
  });
  afterAll(() => server.stop());

  it('GET /assets/counts: every channel and status, equal to the paged list, adding up to the total', async () => {
    const counts = await unwrap(org.as.viewer.GET('/api/v1/assets/counts'));
    expect(counts.total).toBe(8);
    expect(counts.total).toBe(await pagedAssets(org.as.viewer, {}));
    expect(counts.channels.map((c) => c.channel)).toEqual(['web', 'print', 'social']);
    for (const { channel, counts: byStatus } of counts.channels) {
      expect(Object.keys(byStatus).sort()).toEqual([...GDPR_STATUSES].sort());
      for (const status of GDPR_STATUSES) expect(byStatus[status], `${channel} ${status}`).toBe(await pagedAssets(org.as.viewer, { channel, status }));
      expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(counts.total);
    }
    expect(counts.channels[0]!.counts).toMatchObject({ approved: 2, expiring: 1, withdrawn: 1, consent_missing: 1, persons_missing: 1, unhandled: 1, expired: 1 });
    expect(counts.channels[2]!.counts).toMatchObject({ approved: 1, consent_missing: 2 });
  });

  it('GET /persons/counts: each register filter, equal to the paged list', async () => {
    const counts = await unwrap(org.as.viewer.GET('/api/v1/persons/counts'));
    expect(counts).toEqual({ total: 7, filters: { missing_consent: 3, expiring: 1, minors: 1, withdrawn: 1 } });
    expect(counts.total).toBe(await pagedPersons(org.as.viewer));
    for (const filter of ['missing_consent', 'expiring', 'minors', 'withdrawn'] as const) expect(counts.filters[filter], filter).toBe(await pagedPersons(org.as.viewer, filter));
  });

  it('follows a write at once: a withdrawal moves the file from approved to withdrawn, the person into the filters', async () => {
    await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementOf.valid! } }, body: {} }));
    const assets = await unwrap(org.as.viewer.GET('/api/v1/assets/counts'));
    expect(assets.channels[0]!.counts).toMatchObject({ approved: 1, withdrawn: 2 });
    const persons = await unwrap(org.as.viewer.GET('/api/v1/persons/counts'));
    expect(persons.filters).toMatchObject({ missing_consent: 4, withdrawn: 2 });
  });

  it('follows time with no write at all: an agreement entering the warning window, then ending', async () => {
    const lead = (await unwrap(admin.GET('/api/v1/settings'))).warningLeadDays;
    const soon = Date.now() + 2500;
    const p = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Time Person' } }));
    // Ends in 2.5 s (expiring now); a second person's agreement enters the window in 2.5 s.
    await unwrap(admin.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: p.id } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: new Date(soon).toISOString() } }));
    const q = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Window Person' } }));
    await unwrap(admin.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: q.id } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: new Date(soon + lead * DAY).toISOString() } }));
    const before = await unwrap(org.as.viewer.GET('/api/v1/persons/counts'));
    expect(before.filters.expiring).toBe(await pagedPersons(org.as.viewer, 'expiring'));
    await new Promise((r) => setTimeout(r, Math.max(0, soon - Date.now()) + 300));
    const after = await unwrap(org.as.viewer.GET('/api/v1/persons/counts'));
    // The first left "expiring" for "missing consent"; the second entered "expiring".
    expect(after.filters.missing_consent).toBe(before.filters.missing_consent + 1);
    expect(after.filters.expiring).toBe(before.filters.expiring);
    for (const filter of ['missing_consent', 'expiring'] as const) expect(after.filters[filter], filter).toBe(await pagedPersons(org.as.viewer, filter));
  });

  it("the list's status filter is exact even before the scheduler has recorded a change that time made", async () => {
    const p = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Brief Person' } }));
    const ends = Date.now() + 2000;
    await unwrap(admin.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: p.id } }, body: { kind: 'written', channels: ['web'], validFrom: inDays(-1), validUntil: new Date(ends).toISOString() } }));
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(99), name: 'brief.jpg', type: 'image/jpeg' });
    const id = up.body.id as string;
    await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id } }, body: { basis: 'consent' } }));
    await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: p.id } }));
    const listed = async (status: GdprStatus) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(org.as.viewer.GET('/api/v1/assets', { params: { query: { channel: 'web', status, limit: 2, cursor } } }));
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    expect(await listed('expiring')).toContain(id);
    // A scheduler that has not caught up yet: the recorded status still says "expiring" after the end.
    server.services.scheduler.stop();
    try {
      await new Promise((r) => setTimeout(r, Math.max(0, ends - Date.now()) + 300));
      const key = { assetId_channel: { assetId: id, channel: 'web' } };
      await server.services.db.assetStatusState.update({ where: key, data: { status: 'expiring', approved: true, nextChangeAt: new Date(ends) } });
      expect(await listed('expired')).toContain(id);
      expect(await listed('expiring')).not.toContain(id);
    } finally {
      await server.services.scheduler.start();
    }
  });

  it('counts only the caller\'s organisation', async () => {
    const other = await createOrg(server, 'counts-other');
    expect(await unwrap(other.as.viewer.GET('/api/v1/assets/counts'))).toMatchObject({ total: 0 });
    expect(await unwrap(other.as.viewer.GET('/api/v1/persons/counts'))).toEqual({ total: 0, filters: { missing_consent: 0, expiring: 0, minors: 0, withdrawn: 0 } });
  });
});
