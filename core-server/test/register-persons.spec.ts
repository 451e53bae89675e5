import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, type LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { rejects } from './support/assertions';

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const pseudonym = (ref: number) => `P-${String(ref).padStart(4, '0')}`;




const ids = (page: { items: Array<{ id: string }> }) => page.items.map((p) => p.id).sort();

// ---------------------------------------------------------------------------------------------

describe('the register: persons, search and filters', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: LikenessClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'reg');
    admin = org.as['gdpr-admin'];
  });
  afterAll(() => server.stop());

  describe('persons', () => {
    it('creates, reads, updates and deletes a person', async () => {
      const created = await unwrap(
        admin.POST('/api/v1/persons', {
          body: { name: '  Maja Lind ', email: 'maja@example.se', phone: '070-111 22 33', birthDate: '1990-02-03', notes: 'Körledare' },
        }),
      );
      expect(created).toMatchObject({
        name: 'Maja Lind',
        displayName: 'Maja Lind',
        email: 'maja@example.se',
        phone: '070-111 22 33',
        birthDate: '1990-02-03',
        minor: false,
        deceased: false,
        consentState: 'missing',
        customFields: {},
      });
      const got = await unwrap(org.as.viewer.GET('/api/v1/persons/{id}', { params: { path: { id: created.id } } }));
      expect(got).toEqual(created);

      const updated = await unwrap(
        admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: created.id } }, body: { phone: null, notes: '', deceased: true } }),
      );
      expect(updated).toMatchObject({ name: 'Maja Lind', phone: null, notes: null, deceased: true, email: 'maja@example.se' });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      // With pseudonymous IDs off, the name cannot be removed.
      await rejects(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: created.id } }, body: { name: null } }), 400, 'validation_failed');

      await unwrap(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: created.id } } }));
      await rejects(admin.GET('/api/v1/persons/{id}', { params: { path: { id: created.id } } }), 404, 'not_found');
      await rejects(admin.DELETE('/api/v1/persons/{id}', { params: { path: { id: created.id } } }), 404, 'not_found');
    });

    describe('search', () => {
      let karin: { id: string; ref: number };
      let lars: { id: string; ref: number };
      const search = async (q: string) => ids(await unwrap(org.as.viewer.GET('/api/v1/persons', { params: { query: { q, limit: 200 } } })));

      beforeAll(async () => {
        karin = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Karin Andersson', email: 'karin.a@example.se', phone: '070-123 45 67' } }));
        lars = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Lars Persson', email: 'lars@foo.se', phone: '+46 8 555 123' } }));
      });

      it('finds by part of the name, in any case', async () => {
        expect(await search('andersson')).toEqual([karin.id]);
        expect(await search('KARIN')).toEqual([karin.id]);
        expect(await search('persson')).toEqual([lars.id]); // not "Andersson"
        expect(await search('nobody at all')).toEqual([]);
      });

      it('finds by email', async () => {
        expect(await search('lars@foo')).toEqual([lars.id]);
        expect(await search('karin.a@example.se')).toEqual([karin.id]);
      });

      it('finds by the digits of the phone number', async () => {
        expect(await search('0701234567')).toEqual([karin.id]);
        expect(await search('+468555123')).toEqual([lars.id]);
        expect(await search('4567')).toEqual([karin.id]);
      });

      it('finds a phone number typed the way it is displayed', async () => {
        expect(await search('070-123 45 67')).toEqual([karin.id]);
        expect(await search('+46 8 555 123')).toEqual([lars.id]);
      });

      it('finds by pseudonymous ID', async () => {
        expect(await search(pseudonym(lars.ref))).toEqual([lars.id]);
        expect(await search(pseudonym(karin.ref).toLowerCase())).toEqual([karin.id]);
      });

      it('follows a changed name', async () => {
        await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: lars.id } }, body: { name: 'Lars Vik' } }));
        expect(await search('persson')).toEqual([]);
        expect(await search('vik')).toEqual([lars.id]);
        expect(await search('lars@foo')).toEqual([lars.id]);
      });
    });

    describe('pseudonymous IDs', () => {
      afterAll(async () => {
        await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { pseudonymousIds: false } }));
      });

      it('requires a name while the setting is off, and generates P-nnnn IDs when on', async () => {
        const err = await rejects(admin.POST('/api/v1/persons', { body: { email: 'anon@example.se' } }), 400, 'validation_failed');
        expect(err.details).toMatchObject({ field: 'name' });

        const settings = await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { pseudonymousIds: true } }));
        expect(settings.pseudonymousIds).toBe(true);
        const anon = await unwrap(admin.POST('/api/v1/persons', { body: { birthDate: '2001-01-01' } }));
        expect(anon.name).toBeNull();
        expect(anon.displayName).toMatch(/^P-\d{4}$/);
        expect(anon.displayName).toBe(pseudonym(anon.ref));
        const next = await unwrap(admin.POST('/api/v1/persons', { body: {} }));
        expect(next.ref).toBe(anon.ref + 1);
        expect(next.displayName).toBe(pseudonym(anon.ref + 1));
        const found = await unwrap(admin.GET('/api/v1/persons', { params: { query: { q: anon.displayName } } }));
        expect(ids(found)).toEqual([anon.id]);
      });
    });

    describe('custom fields', () => {
      let personId: string;

      beforeAll(async () => {
        const settings = await unwrap(
          org.as.owner.PATCH('/api/v1/settings', {
            body: {
              customFields: [
                { key: 'klass', label: 'Klass', type: 'text', visibleTo: ['owner', 'gdpr-admin'] },
                { key: 'shirtSize', label: 'Tröjstorlek', type: 'number', visibleTo: ['owner', 'gdpr-admin', 'editor', 'viewer'] },
              ],
            },
          }),
        );
        expect(settings.customFields.map((f) => f.key)).toEqual(['klass', 'shirtSize']);
        personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Olof Elev', customFields: { klass: '7B', shirtSize: 152 } } }))).id;
      });

      it('shows a restricted field to the roles it names and to no one else', async () => {
        const asAdmin = await unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(asAdmin.customFields).toEqual({ klass: '7B', shirtSize: 152 });
        const asOwner = await unwrap(org.as.owner.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(asOwner.customFields).toEqual({ klass: '7B', shirtSize: 152 });
        for (const role of ['viewer', 'editor'] as const) {
          const one = await unwrap(org.as[role].GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
          expect(one.customFields).toEqual({ shirtSize: 152 });
          const list = await unwrap(org.as[role].GET('/api/v1/persons', { params: { query: { limit: 200 } } }));
          expect(list.items.find((p) => p.id === personId)!.customFields).toEqual({ shirtSize: 152 });
          expect(JSON.stringify(list)).not.toContain('7B');
        }
        const key = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Reader', scopes: ['persons:read'] } }));
        const viaKey = await unwrap(createLikenessClient({ baseUrl: server.url, apiKey: key.key }).GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(viaKey.customFields).not.toHaveProperty('klass');
      });

      it('updates one field and keeps the others', async () => {
        const updated = await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { klass: '8B' } } }));
        expect(updated.customFields).toEqual({ klass: '8B', shirtSize: 152 });
        const cleared = await unwrap(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { shirtSize: null } } }));
        expect(cleared.customFields).toEqual({ klass: '8B', shirtSize: null });
      });

      it('refuses an unknown key and a value of the wrong type with 400', async () => {
        const unknown = await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { shoeSize: '42' } } }), 400, 'validation_failed');
        expect(unknown.details).toMatchObject({ field: 'shoeSize' });
        const wrongText = await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { klass: 7 } } }), 400, 'validation_failed');
        expect(wrongText.details).toMatchObject({ field: 'klass' });
        await rejects(admin.POST('/api/v1/persons', { body: { name: 'X', customFields: { shirtSize: 'large' } } }), 400, 'validation_failed');
        await rejects(admin.PATCH('/api/v1/persons/{id}', { params: { path: { id: personId } }, body: { customFields: { shirtSize: true } } }), 400, 'validation_failed');
        const kept = await unwrap(admin.GET('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
        expect(kept.customFields).toEqual({ klass: '8B', shirtSize: null });
        const list = await unwrap(admin.GET('/api/v1/persons', { params: { query: { q: 'x', limit: 200 } } }));
        expect(list.items.filter((p) => p.name === 'X')).toEqual([]);
      });
    });
  });

  describe('list filters and pagination', () => {
    let fx: TestOrg;
    const p: Record<string, string> = {};
    const list = async (query: Record<string, string | number>) =>
      ids(await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200, ...query } as never } })));
    const named = (...names: string[]) => names.map((n) => p[n]!).sort();

    beforeAll(async () => {
      // A separate organisation, so that the filters see exactly this fixture.
      fx = await createOrg(server, 'reg-filters');
      const a = fx.as['gdpr-admin'];
      const person = async (name: string, extra: Record<string, unknown> = {}) => {
        p[name] = (await unwrap(a.POST('/api/v1/persons', { body: { name, ...extra } }))).id;
        return p[name]!;
      };
      const agree = async (personId: string, from: number, until: number | null, extra: Record<string, unknown> = {}) =>
        unwrap(
          a.POST('/api/v1/persons/{id}/agreements', {
            params: { path: { id: personId } },
            body: { kind: 'written', channels: ['web'], validFrom: inDays(from), validUntil: until === null ? null : inDays(until), ...extra } as never,
          }),
        );
      await agree(await person('anna'), -10, 300); // valid for long
      await agree(await person('bo'), -10, 10); // ends within the 30-day lead time
      await person('cia'); // no agreement at all
      const dan = await agree(await person('dan'), -10, 100); // withdrawn
      await unwrap(a.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: dan.id } }, body: { reason: 'Ångrat sig' } }));
      await person('eva', { birthDate: '2016-05-01', guardianName: 'Eva Förälder' }); // a minor, no agreement
      await agree(await person('fia'), -100, -1); // expired
      const gus = await person('gus'); // one agreement ending soon, another lasting
      await agree(gus, -10, 10);
      await agree(gus, -10, 400);
      await agree(await person('hugo'), 5, 100); // not yet valid
      await agree(await person('ines'), -10, null); // open-ended
      const ivar = await agree(await person('ivar'), -10, 300); // withdrawal scheduled in 20 days: still valid now
      await unwrap(a.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: ivar.id } }, body: { at: inDays(20) } }));
    });

    it('the fixture has the consent states it is meant to have', async () => {
      const all = await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200 } } }));
      const state = Object.fromEntries(all.items.map((x) => [x.name, x.consentState]));
      expect(state).toEqual({
        anna: 'valid',
        bo: 'expiring',
        cia: 'missing',
        dan: 'withdrawn',
        eva: 'missing',
        fia: 'expired',
        gus: 'valid',
        hugo: 'missing',
        ines: 'valid',
        ivar: state.ivar, // valid until the scheduled withdrawal: 'valid' or 'expiring' are both defensible
      });
      expect(['valid', 'expiring']).toContain(state.ivar);
    });

    it('missing_consent: persons with no agreement valid now (a withdrawal scheduled for later does not end it yet)', async () => {
      expect(await list({ filter: 'missing_consent' })).toEqual(named('cia', 'dan', 'eva', 'fia', 'hugo'));
    });

    it('expiring: persons whose valid consent all ends within the horizon', async () => {
      // ivar (withdrawal scheduled) is left out here: whether a coming withdrawal counts as an end is a design choice.
      const expiring = async (query: Record<string, string | number>) => (await list({ filter: 'expiring', ...query })).filter((id) => id !== p.ivar);
      expect(await expiring({})).toEqual(named('bo')); // default: the 30-day lead time
      expect(await expiring({ days: 5 })).toEqual([]);
      expect(await expiring({ days: 365 })).toEqual(named('anna', 'bo'));
      expect(await expiring({ days: 500 })).toEqual(named('anna', 'bo', 'gus'));
    });

    it('minors: persons under the adult age', async () => {
      expect(await list({ filter: 'minors' })).toEqual(named('eva'));
    });

    it('withdrawn: persons with a withdrawn agreement', async () => {
      expect(await list({ filter: 'withdrawn' })).toEqual(named('dan'));
    });

    it('combines a filter with a search', async () => {
      expect(await list({ filter: 'missing_consent', q: 'hug' })).toEqual(named('hugo'));
      expect(await list({ filter: 'missing_consent', q: 'anna' })).toEqual([]);
    });

    it('walks every person with limit 2, without duplicates or gaps', async () => {
      const all = (await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 200 } } }))).items.map((x) => x.id);
      expect(all).toHaveLength(10);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await unwrap(fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } } }));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(5);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      // The same walk through a filter.
      const missing: string[] = [];
      cursor = undefined;
      do {
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = await unwrap(
          fx.as.viewer.GET('/api/v1/persons', { params: { query: { limit: 2, filter: 'missing_consent', ...(cursor ? { cursor } : {}) } } }),
        );
        missing.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(missing.sort()).toEqual(await list({ filter: 'missing_consent' }));
      expect(new Set(missing).size).toBe(missing.length);
    });
  });

});
