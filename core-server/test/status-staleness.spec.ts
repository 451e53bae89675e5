import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap } from '@likeness/sdk';
import { loadConfig } from '../src/kernel/config';
import { startServer, type RunningServer } from '../src/server';
import { FACTS_TTL_MS, StatusInputCache } from '../src/modules/status/status-input.cache';
import { apiKey, approvedAsset, inDays } from './support/live';
import { countingLoader } from './support/status-facts';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/**
 * Two app instances on one database with no bus between them: every cache invalidation one sends is lost
 * on the way to the other, as when a node dies between commit and publish, or Redis blinks.
 */
describe('a node that missed the invalidation does not keep answering "approved"', () => {
  let a: TestServer;
  let b: RunningServer;
  let org: TestOrg;

  beforeAll(async () => {
    a = await startTestServer();
    b = await startServer(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { ...a.config, port: 0 }), { migrate: false, logger: pino({ level: 'silent' }) });
    org = await createOrg(a, 'stale');
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  it('a withdrawal committed on node A is answered as withdrawn by node B, whose cache had it approved', async () => {
    const { assetId, agreementId } = await approvedAsset(a.url, org, 'cage.jpg', inDays(100));
    const onB = createLikenessClient({ baseUrl: b.url, apiKey: await apiKey(org, ['status:read']) });
    const ask = async () => (await unwrap(onB.POST('/api/v1/status/batch', { body: { channel: 'web', assetIds: [assetId] } }))).items[0]!;
    expect(await ask()).toMatchObject({ approved: true });
    expect(await ask()).toMatchObject({ approved: true }); // now served from B's cache, good for 100 days

    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));
    expect(await ask()).toMatchObject({ approved: false, visible: false, status: 'withdrawn' });
  });
});

describe('the facts cache in isolation', () => {
  /** A loader that counts loads and a head that the test moves; the clock is the test's too. */
  function rig(seqCheckMs = 0) {
    let head = 0;
    let clock = 1_000_000;
    const { loader, loads } = countingLoader();
    const cache = new StatusInputCache(loader, { head: async () => head, now: () => clock, seqCheckMs });
    return { cache, loads, setHead: (n: number) => (head = n), tick: (ms: number) => (clock += ms) };
  }

  it('keeps facts while the seq moves only by what the bus reported, drops them on a gap', async () => {
    const r = rig();
    await r.cache.get('t', ['x']);
    await r.cache.get('t', ['x']);
    expect(r.loads).toHaveLength(1);
    // A commit elsewhere (seq 1) whose message arrived: its invalidation was precise, the rest stays cached.
    r.setHead(1);
    r.cache.heard('t', [1]);
    await r.cache.get('t', ['x']);
    expect(r.loads).toHaveLength(1);
    // Seq 2 committed and its message was lost.
    r.setHead(2);
    await r.cache.get('t', ['x']);
    expect(r.loads).toHaveLength(2);
  });

  it('with a check interval (production: STATUS_SEQ_CHECK_MS), a lost message is noticed at the next check, not later', async () => {
    const r = rig(1000);
    await r.cache.get('t', ['x']);
    r.setHead(1); // committed elsewhere, message lost
    r.tick(999);
    await r.cache.get('t', ['x']);
    expect(r.loads).toHaveLength(1); // within the interval the node trusts its bus
    r.tick(1);
    await r.cache.get('t', ['x']);
    expect(r.loads).toHaveLength(2);
  });

  it(`no fact is served older than ${FACTS_TTL_MS / 1000} s, even with no event at all`, async () => {
    const r = rig();
    await r.cache.get('t', ['x', 'y']);
    r.tick(FACTS_TTL_MS - 1);
    await r.cache.get('t', ['x', 'y']);
    expect(r.loads).toHaveLength(1);
    r.tick(1);
    await r.cache.get('t', ['x', 'y']);
    expect(r.loads).toEqual([['x', 'y'], ['x', 'y']]);
  });
});
