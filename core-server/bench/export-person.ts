/** counts bench, second part: the access export of one person tagged in many files (time, zip size, peak RSS). */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import { PERMISSIONS } from '@likeness/shared';
import type { RequestContext } from '../src/kernel/request-context';
import type { RunningServer } from '../src/server';

export interface ExportFigures {
  files: number;
  ms: number;
  zipMb: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

/** Seeds a person in `files` photos (real 1600×1200 JPEGs on disk, ~0.3 MB each), then times one export job end to end. */
export async function exportPersonBench(server: RunningServer, tenantId: string, files: number): Promise<ExportFigures> {
  const { db, storage } = server.services;
  const ctx: RequestContext = { tenantId, actor: { type: 'system', id: null, label: 'bench' }, role: 'owner', permissions: PERMISSIONS, sessionTokenHash: null, ip: null, userAgent: null };
  const person = await server.services.persons.create(ctx, { name: 'Exported Person', email: 'exported@example.se' } as never);
  const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 80 }).toBuffer();
  const assets = Array.from({ length: files }, (_, i) => ({ id: randomUUID(), i }));
  for (const a of assets) {
    const key = `assets/${tenantId}/${a.id}`;
    fs.mkdirSync(storage.pathOf(key), { recursive: true });
    fs.writeFileSync(storage.pathOf(`${key}/original`), photo);
  }
  await db.asset.createMany({
    data: assets.map((a) => ({ id: a.id, tenantId, sha256: `${a.id.replace(/-/g, '')}${'0'.repeat(32)}`, kind: 'image', originalName: `event-${a.i}.jpg`, contentType: 'image/jpeg', size: photo.length, storageKey: `assets/${tenantId}/${a.id}`, basis: 'consent' })),
  });
  await db.assetBox.createMany({ data: assets.map((a) => ({ tenantId, assetId: a.id, personId: person.id, x: 0.3, y: 0.2, w: 0.2, h: 0.3 })) });

  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const started = await server.services.privacy.exports.request(ctx, person.id, { locale: 'sv' });
  let row = await server.services.privacy.exports.get(ctx, started.id);
  while (row.status === 'queued' || row.status === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    row = await server.services.privacy.exports.get(ctx, started.id);
  }
  const ms = performance.now() - t;
  clearInterval(sampler);
  if (row.status !== 'done') throw new Error(`the export ended ${row.status}: ${row.error}`);
  return { files, ms, zipMb: (row.size ?? 0) / MB, rssBeforeMb: rssBefore / MB, peakRssMb: peak / MB };
}
