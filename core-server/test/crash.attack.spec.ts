import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/prisma.client';
import { MaintenanceRepository } from '../src/modules/maintenance/maintenance.repository';
import { OrphanFileSweep } from '../src/modules/maintenance/orphan-files.sweep';
import { FileStorage } from '../src/storage/file.storage';
import { TEMPLATE, TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, codeIn, fakeTwilio, hiddenFields, linkIn, postForm } from './support/consent';
import { freshDatabase } from './support/databases';
import { verifyAuditCli } from './support/attack';
import { generatedJpeg } from './support/media';
import { SpawnedLikeness, freePort } from './support/spawned-server';

// A real `node` child on a file SQLite database, killed with SIGKILL at random moments while
// clients create agreements, withdraw them, upload documents, change bases and channels, and
// persons sign consent requests with an SMS code on the signing pages.
// The oracle is the client's log of acknowledged answers: after the last restart each must be
// there, every committed webhook delivery reaches the local receiver, the audit chain verifies
// and no stored file lacks its row. CRASH_SEED reproduces the kill points; CRASH_KILLS sizes it.

const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = Number(process.env.CRASH_KILLS ?? 12);
const OWNER = { email: 'owner@crash.test', password: 'crash test password 1' };
const PERSONS = 6;
const SIGNERS = 2;

/** The child server, restarted on the same port and database after each kill. */
type Node = SpawnedLikeness;

async function api(node: Node, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method, headers: { cookie: node.cookie } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(node.url + '/api/v1' + url, init);
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** The acknowledged answers: what the server promised was committed. */
interface Log {
  agreements: Set<string>;
  withdrawn: Set<string>;
  documents: Set<string>;
  /** Per asset, the bases it may have: the last acknowledged one and any sent after it without an answer. */
  basis: Map<string, Set<string | null>>;
  /** Consent requests whose code signature the signing page confirmed (redirect to the receipt). */
  signed: Set<string>;
}

type Twilio = Awaited<ReturnType<typeof fakeTwilio>>;
interface Signer { id: string; assetId: string; phone: string }

/** The ids of the person's signed consent requests, as the API lists them. */
async function signedRequests(node: Node, personId: string): Promise<Set<string>> {
  const res = await api(node, 'GET', `/consent/requests?personId=${personId}&status=signed&limit=200`);
  if (res.status !== 200) throw new Error(`list ${res.status}`);
  return new Set((res.json.items as Array<{ id: string }>).map((r) => r.id));
}

/** A person signing request after request by SMS code, as on their phone, until the node dies. */
async function signingLoop(node: Node, log: Log, signer: Signer, templateId: string, twilio: Twilio, alive: () => boolean) {
  const sms = (from: number, match: (body: string) => boolean) =>
    twilio.waitFor((m) => m.to === signer.phone && match(m.body) && twilio.messages.indexOf(m) >= from, 15_000);
  while (alive()) {
    try {
      const from = twilio.messages.length;
      const request = await api(node, 'POST', '/consent/requests', { personId: signer.id, templateId, assetIds: [signer.assetId], via: ['sms'] });
      if (request.status === 429) continue; // a limit refused it and changed nothing
      if (request.status !== 201) throw new Error(`request ${request.status} ${JSON.stringify(request.json)}`);
      const link = linkIn((await sms(from, (b) => b.includes('/sign/'))).body);
      const fields = hiddenFields(await (await fetch(link)).text());
      const codeFrom = twilio.messages.length;
      const asked = await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' });
      if (asked.status !== 303) throw new Error(`code ${asked.status}`);
      const code = codeIn((await sms(codeFrom, (b) => b.includes('är din kod'))).body);
      // The link may be an older request's: its SMS, queued before a kill, can be delivered after the restart.
      // So the signature acknowledged is the request that became signed, whichever it is.
      const before = await signedRequests(node, signer.id);
      const verified = await postForm(`${link}/code/verify?lang=sv`, { ...fields, code, channel: 'sms' });
      if (verified.status !== 303 || !verified.headers.get('location')?.includes('/sign/receipt/')) throw new Error(`verify ${verified.status}`);
      const fresh = [...(await signedRequests(node, signer.id))].filter((id) => !before.has(id));
      if (fresh.length !== 1) throw new Error(`one signature acknowledged, but ${fresh.length} requests became signed`);
      log.signed.add(fresh[0]!);
    } catch (err) {
      await Promise.race([node.exited, new Promise((r) => setTimeout(r, 5000))]);
      if (alive()) throw err;
    }
  }
}

/** Keeps every client busy until the node dies; each acknowledged answer goes into the log. */
async function workload(node: Node, log: Log, persons: Array<{ id: string; assetId: string }>, round: number, jpeg: Buffer, signing: { signers: Signer[]; templateId: string; twilio: Twilio }) {
  const alive = () => node.running;
  const day = 86_400_000;
  const loops = persons.map(async (p, i) => {
    for (let n = 0; alive(); n++) {
      try {
        const created = await api(node, 'POST', `/persons/${p.id}/agreements`, { kind: 'written', channels: ['web'], validFrom: new Date(Date.now() - day).toISOString(), validUntil: null });
        if (created.status !== 201) throw new Error(`agreement ${created.status} ${JSON.stringify(created.json)}`);
        log.agreements.add(created.json.id);
        const withdrawn = await api(node, 'POST', `/agreements/${created.json.id}/withdraw`, { reason: 'crash test' });
        if (withdrawn.status !== 200) throw new Error(`withdraw ${withdrawn.status} ${JSON.stringify(withdrawn.json)}`);
        log.withdrawn.add(created.json.id);
        if (n % 3 === 1) {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `r${round}-${i}-${n}.jpg`);
          const doc = await api(node, 'POST', `/agreements/${created.json.id}/documents`, form);
          if (doc.status !== 201) throw new Error(`document ${doc.status} ${JSON.stringify(doc.json)}`);
          log.documents.add(doc.json.id);
        }
        const basis = n % 2 ? 'consent' : 'legitimate_interest';
        log.basis.get(p.assetId)!.add(basis);
        const put = await api(node, 'PUT', `/assets/${p.assetId}/basis`, { basis });
        // After a withdrawal another basis needs a confirmed override: a 409 is a refusal that changed nothing.
        if (put.status === 409) continue;
        if (put.status !== 200) throw new Error(`basis ${put.status} ${JSON.stringify(put.json)}`);
        log.basis.set(p.assetId, new Set([basis]));
      } catch (err) {
        // The socket closes a moment before the exit event: a refused request is only fine if the node is dying.
        await Promise.race([node.exited, new Promise((r) => setTimeout(r, 5000))]);
        if (alive()) throw err;
      }
    }
  });
  // The tenant-wide recompute: a channel added and removed again, in a background job of pages.
  const bulk = (async () => {
    for (let n = 0; alive(); n++) {
      await api(node, 'PATCH', '/settings', { channels: n % 2 ? ['web', 'print'] : ['web', 'print', 'social'] }).catch(() => undefined);
    }
  })();
  const signers = signing.signers.map((signer) => signingLoop(node, log, signer, signing.templateId, signing.twilio, alive));
  await Promise.all([...loops, bulk, ...signers]);
}

describe('crash test: SIGKILL in the middle of writes and signatures', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let node: Node | undefined;
  const received = new Set<string>();
  let receiver: http.Server;
  let twilio: Twilio;

  beforeAll(async () => {
    db = await freshDatabase();
    twilio = await fakeTwilio();
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.add(String(req.headers['x-likeness-delivery']));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await node?.kill();
    await new Promise((r) => receiver.close(r));
    await twilio?.close();
    await db.drop();
  });

  it(`loses no acknowledged write or signature over ${KILLS} kills, delivers every webhook, keeps the audit chain and leaves no orphaned file`, { timeout: 600_000 }, async () => {
    console.log(`crash seed ${SEED} (CRASH_SEED=${SEED} reproduces the kill points)`);
    // One port for every restart, so a signing link sent before a kill still works after it.
    node = new SpawnedLikeness(db.dataDir, await freePort(), OWNER, { databaseUrl: db.url, env: { RECONCILE_SECONDS: '5', TWILIO_BASE_URL: twilio.url } });
    const killAfterMs = fc.sample(fc.integer({ min: 1000, max: 6000 }), { seed: SEED, numRuns: KILLS });
    const jpeg = await generatedJpeg(5);

    await node.boot();
    await node.signIn();
    if (process.env.CRASH_VERBOSE) console.log('started');
    const hook = await api(node, 'POST', '/webhooks', { name: 'receiver', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
    expect(hook.status, JSON.stringify(hook.json)).toBe(201);
    const persons: Array<{ id: string; assetId: string }> = [];
    for (let i = 0; i < PERSONS; i++) {
      const person = await api(node, 'POST', '/persons', { name: `Crash Person ${i}` });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await generatedJpeg(100 + i))], { type: 'image/jpeg' }), `a${i}.jpg`);
      const asset = await api(node, 'POST', '/assets', form);
      await api(node, 'POST', `/assets/${asset.json.id}/boxes`, { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: person.json.id });
      persons.push({ id: person.json.id, assetId: asset.json.id });
    }
    const settings = await api(node, 'PATCH', '/consent/settings', { twilioAccountSid: TWILIO_SID, twilioAuthToken: TWILIO_TOKEN, twilioFrom: TWILIO_FROM });
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);
    const template = await api(node, 'POST', '/consent/templates', { ...TEMPLATE, channels: ['web'], methods: ['sms_code'] });
    expect(template.status, JSON.stringify(template.json)).toBe(201);
    const signers: Signer[] = [];
    for (let i = 0; i < SIGNERS; i++) {
      const phone = `+4670555010${i}`;
      const person = await api(node, 'POST', '/persons', { name: `Signer ${i}`, phone });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await generatedJpeg(200 + i))], { type: 'image/jpeg' }), `s${i}.jpg`);
      const asset = await api(node, 'POST', '/assets', form);
      await api(node, 'PUT', `/assets/${asset.json.id}/basis`, { basis: 'consent' });
      await api(node, 'POST', `/assets/${asset.json.id}/boxes`, { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: person.json.id });
      signers.push({ id: person.json.id, assetId: asset.json.id, phone });
    }
    const signing = { signers, templateId: template.json.id as string, twilio };
    const log: Log = { agreements: new Set(), withdrawn: new Set(), documents: new Set(), basis: new Map(persons.map((p) => [p.assetId, new Set<string | null>([null])])), signed: new Set() };

    let kills = 0;
    for (const ms of killAfterMs) {
      const running = workload(node, log, persons, kills, jpeg, signing);
      await new Promise((r) => setTimeout(r, ms));
      await node.kill();
      kills++;
      await running;
      if (process.env.CRASH_VERBOSE) console.log(`kill ${kills} after ${ms} ms: ${log.agreements.size} agreements so far`);
      await node.boot();
      await node.signIn();
    }
    console.log(`crash kills: ${kills}; acknowledged: ${log.agreements.size} agreements, ${log.withdrawn.size} withdrawals, ${log.documents.size} documents, ${log.signed.size} signatures`);
    expect(kills).toBe(KILLS);
    expect(log.withdrawn.size).toBeGreaterThan(0);
    expect(log.signed.size).toBeGreaterThan(0);

    // Read the database beside the running node (SQLite WAL allows a second reader).
    const prisma = await connectDatabase(db.url);
    try {
      const agreements = await prisma.agreement.findMany({ select: { id: true, withdrawnAt: true } });
      const byId = new Map(agreements.map((a) => [a.id, a]));
      expect([...log.agreements].filter((id) => !byId.has(id)), 'acknowledged agreements lost').toEqual([]);
      expect([...log.withdrawn].filter((id) => !byId.get(id)?.withdrawnAt), 'acknowledged withdrawals lost').toEqual([]);
      const documents = await prisma.agreementDocument.findMany({ select: { id: true, storageKey: true } });
      expect([...log.documents].filter((id) => !documents.some((d) => d.id === id)), 'acknowledged documents lost').toEqual([]);
      // Every confirmed signature is a signed request with its digital agreement and sealed evidence.
      const requests = await prisma.consentRequest.findMany({ where: { id: { in: [...log.signed] } }, select: { id: true, status: true, agreementId: true } });
      const evidence = new Set((await prisma.consentEvidence.findMany({ select: { requestId: true } })).map((e) => e.requestId));
      const digital = new Set((await prisma.agreement.findMany({ where: { kind: 'digital' }, select: { id: true } })).map((a) => a.id));
      // Each lost one says what is missing, so a rare failure can be read from the CI log alone.
      const lostSignatures = [...log.signed].flatMap((id) => {
        const r = requests.find((x) => x.id === id);
        const ok = r && r.status === 'signed' && r.agreementId && digital.has(r.agreementId) && evidence.has(id);
        return ok ? [] : [{ id, request: r ?? null, digitalAgreement: r?.agreementId ? digital.has(r.agreementId) : null, evidence: evidence.has(id) }];
      });
      expect(lostSignatures, 'confirmed signatures lost').toEqual([]);
      const assets = await prisma.asset.findMany({ select: { id: true, basis: true, storageKey: true } });
      for (const a of assets) {
        const possible = log.basis.get(a.id);
        if (possible) expect([...possible], `basis of ${a.id}`).toContain(a.basis);
      }

      // Every committed delivery is delivered after the restart (the dispatcher sweeps at start and every 15 s).
      let pending = -1;
      for (let i = 0; i < 120 && pending !== 0; i++) {
        pending = await prisma.webhookDelivery.count({ where: { status: { not: 'delivered' } } });
        if (pending) await new Promise((r) => setTimeout(r, 1000));
      }
      const deliveries = await prisma.webhookDelivery.findMany({ select: { id: true, status: true } });
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.filter((d) => d.status !== 'delivered' || !received.has(d.id)).map((d) => d.id), 'webhooks not delivered').toEqual([]);

      // A kill between storing a file and committing its row leaves a file no row names: the maintenance
      // sweep removes those once past their grace period (here, none). After it, every stored file
      // belongs to a row, and every row's file is still there.
      const filesRoot = path.join(db.dataDir, 'files');
      await new OrphanFileSweep(new FileStorage(filesRoot), new MaintenanceRepository(prisma), 0).run(Date.now() + 1000);
      const keys = new Set([...documents.map((d) => d.storageKey), ...assets.map((a) => a.storageKey)]);
      const stored = listFiles(filesRoot);
      const orphans = stored.filter((f) => !f.startsWith('tmp/') && ![...keys].some((k) => f === k || f.startsWith(path.dirname(k) + '/')));
      expect(orphans, 'files without a row').toEqual([]);
      expect(documents.filter((d) => !stored.includes(d.storageKey)).map((d) => d.id), 'documents without their file').toEqual([]);
    } finally {
      await prisma.$disconnect();
    }

    await node.kill();
    const verify = await verifyAuditCli(db.url, db.dataDir);
    expect(verify, verify.stdout).toMatchObject({ code: 0 });
  });
});

function listFiles(dir: string, rel = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), r) : [r];
  });
}
