#!/usr/bin/env node
// Every table has one owning module, and only that module's repositories write it (`npm run lint`).
// Modules read what they need by joins; a change to another module's rows goes through its facade.
// Usage: node scripts/check-table-ownership.mjs [--root <core-server dir>]
import fs from 'node:fs';
import path from 'node:path';

/** Prisma model (as the client spells it) → the one module that writes it. */
export const OWNERS = {
  admin: ['tenant', 'user', 'customRole', 'session', 'apiKey', 'auditEvent'],
  assets: ['asset', 'assetBox', 'usage'],
  register: ['person', 'agreement', 'agreementDocument', 'personImport'],
  status: ['assetStatusState', 'notification'],
  live: ['statusEvent', 'webhook', 'webhookDelivery'],
  faces: ['faceEmbedding', 'faceSuggestion', 'faceScan', 'faceJob'],
  consent: ['consentSettings', 'consentTemplate', 'consentTemplateVersion', 'consentBatch', 'consentRequest', 'consentToken', 'consentMessage', 'consentOtp', 'consentBankIdOrder', 'consentEvidence'],
  documents: ['assetFingerprint'],
  privacy: ['subjectExport'],
  maintenance: [],
};
/** Housekeeping deletes other modules' expired rows by age, and writes nothing else. */
const HOUSEKEEPING = { maintenance: { ops: ['deleteMany'], models: ['session', 'webhookDelivery'] } };

const WRITE = /\b(?:this\.db|db|tx)\.([a-zA-Z]+)\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\s*\(/g;
const RAW_WRITE = /\$executeRaw/;

export function checkOwnership(root) {
  const problems = [];
  const schema = fs.readFileSync(path.join(root, 'prisma/models.prisma'), 'utf8');
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1][0].toLowerCase() + m[1].slice(1));
  const ownerOf = new Map();
  for (const [module, owned] of Object.entries(OWNERS)) {
    for (const model of owned) {
      if (ownerOf.has(model)) problems.push(`${model} is owned twice (${ownerOf.get(model)} and ${module})`);
      ownerOf.set(model, module);
    }
  }
  for (const model of models) if (!ownerOf.has(model)) problems.push(`${model} has no owning module: add it to OWNERS in scripts/check-table-ownership.mjs`);
  const modulesDir = path.join(root, 'src/modules');
  for (const module of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, module);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.repository.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const where = `src/modules/${module}/${file}`;
      if (RAW_WRITE.test(text)) problems.push(`${where}: raw SQL writes cannot be checked for ownership; use the client`);
      for (const [, model, op] of text.matchAll(WRITE)) {
        if (!models.includes(model)) continue;
        const owner = ownerOf.get(model);
        const chore = HOUSEKEEPING[module];
        if (owner === module || (chore && chore.ops.includes(op) && chore.models.includes(model))) continue;
        problems.push(`${where}: ${model}.${op} writes the ${owner} module's table; call that module's facade instead`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--root');
  const root = i > 0 ? path.resolve(process.argv[i + 1]) : path.resolve(import.meta.dirname, '..');
  const problems = checkOwnership(root);
  for (const p of problems) console.error(`table-ownership: ${p}`);
  if (problems.length) process.exit(1);
  console.log('✔ every table is written only by its owning module');
}
