import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LikenessClient } from '@likeness/sdk';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

// More files than SQLite's 999 bound parameters: every query over "this person's files" must split its id list.
const FILES = 1_200;
const DAY = 86_400_000;

describe('a person in more files than one query can name', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: LikenessClient;
  let personId: string;
  let agreementId: string;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'large-bank');
    admin = org.as['gdpr-admin'];
    const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Often Photographed' } }));
    personId = person.id;
    // The files come in directly (uploading 1,200 images would only slow the test); the API does the rest.
    const db = server.services.db;
    const assets = Array.from({ length: FILES }, (_, i) => ({
      id: randomUUID(),
      tenantId: org.tenantId,
      sha256: i.toString(16).padStart(64, '0'),
      kind: 'image',
      originalName: `event-${i}.jpg`,
      contentType: 'image/jpeg',
      size: 1000,
      storageKey: `seed/${i}`,
      basis: 'consent',
      createdAt: new Date(Date.now() - i * 1000),
    }));
    await db.asset.createMany({ data: assets });
    await db.assetBox.createMany({ data: assets.map((a) => ({ tenantId: org.tenantId, assetId: a.id, personId, x: 0.1, y: 0.1, w: 0.2, h: 0.2 })) });
    const agreement = await unwrap(
      admin.POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: personId } },
        body: { kind: 'written', channels: ['web'], validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: new Date(Date.now() + 300 * DAY).toISOString() },
      }),
    );
    agreementId = agreement.id;
  }, 120_000);

  afterAll(() => server?.stop());

  async function pagedCount(status: 'approved' | 'withdrawn'): Promise<number> {
    let n = 0;
    let cursor: string | undefined;
    do {
      const page = await unwrap(admin.GET('/api/v1/assets', { params: { query: { channel: 'web', status, limit: 100, cursor } } }));
      n += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return n;
  }

  it('lists and counts every approved file, filtered by status', async () => {
    expect(await pagedCount('approved')).toBe(FILES);
    const counts = await unwrap(admin.GET('/api/v1/assets/counts'));
    expect(counts.channels.find((c) => c.channel === 'web')!.counts.approved).toBe(FILES);
  });

  it('a withdrawal hides all of them at once', async () => {
    await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    const counts = await unwrap(admin.GET('/api/v1/assets/counts'));
    expect(counts.channels.find((c) => c.channel === 'web')!.counts).toMatchObject({ withdrawn: FILES, approved: 0 });
    expect(await pagedCount('withdrawn')).toBe(FILES);
    const events = await server.services.db.statusEvent.count({ where: { tenantId: org.tenantId } });
    expect(events).toBeGreaterThanOrEqual(FILES);
  });
});
