import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkOwnership } from '../scripts/check-table-ownership.mjs';

/**
 * The boundary rules of `npm run lint` (.dependency-cruiser.cjs), run by the real dependency-cruiser
 * on small fixture trees laid out like core-server: a tree that keeps the rules passes, and each
 * planted violation fails with the rule's name.
 */
const root = path.resolve(import.meta.dirname, '..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, '../node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const dirs: string[] = [];

function cruise(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-lint-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const roots = ['src', 'shared/src'].filter((r) => fs.existsSync(path.join(dir, r)));
  const run = spawnSync(process.execPath, [depcruise, ...roots, '--config', config, '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A module with a facade, a repository that reads db/, and a kernel type: every arrow allowed. */
const house: Record<string, string> = {
  'src/db/prisma.client.ts': 'export type Db = { ping(): void };\n',
  'src/kernel/request-context.ts': 'export interface RequestContext { tenantId: string }\n',
  'src/http/route.binder.ts': "import type { RequestContext } from '../kernel/request-context';\nexport const mount = (c: RequestContext) => c;\n",
  'src/modules/register/person.repository.ts': "import type { Db } from '../../db/prisma.client';\nexport const persons = (db: Db) => db;\n",
  'src/modules/register/person.service.ts': "import { persons } from './person.repository';\nimport type { RequestContext } from '../../kernel/request-context';\nexport const list = (c: RequestContext) => [persons, c];\n",
  'src/modules/register/index.ts': "export { list } from './person.service';\n",
  'src/modules/consent/consent.service.ts': "import { list } from '../register';\nexport const send = () => list;\n",
  'src/app.ts': "import { mount } from './http/route.binder';\nimport { send } from './modules/consent/consent.service';\nexport const app = [mount, send];\n",
  'shared/src/rules.ts': 'export const ok = true;\n',
};

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the boundary lint', () => {
  it('passes a tree that keeps the rules', () => {
    const { status, output } = cruise(house);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it.each([
    ['only-repositories-import-db', { 'src/modules/register/person.service.ts': "import type { Db } from '../../db/prisma.client';\nexport const x = (d: Db) => d;\n" }],
    ['modules-meet-through-facades', { 'src/modules/consent/consent.service.ts': "import { persons } from '../register/person.repository';\nexport const send = () => persons;\n" }],
    ['nothing-imports-upward-into-http', { 'src/modules/register/person.service.ts': "import { mount } from '../../http/route.binder';\nexport const list = () => mount;\n" }],
    ['kernel-uses-nothing-of-theirs', { 'src/kernel/leak.ts': "import { list } from '../modules/register';\nexport const leak = list;\n" }],
    ['controllers-see-only-their-facade', { 'src/modules/register/register.controller.ts': "import { list } from './person.service';\nexport const routes = [list];\n" }],
    ['production-does-not-load-dev-tools', { 'dev/simulator.ts': 'export const sim = 1;\n', 'src/modules/register/sim.ts': "import { sim } from '../../../dev/simulator';\nexport const s = sim;\n" }],
    ['shared-imports-no-node-builtins', { 'shared/src/rules.ts': "import fs from 'node:fs';\nexport const ok = fs.existsSync('.');\n" }],
    ['transactions-know-no-module', { 'src/persistence/index.ts': "import { list } from '../modules/register';\nexport const run = list;\n" }],
    ['no-import-cycles', { 'src/modules/register/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'src/modules/register/b.ts': "import { a } from './a';\nexport const b = () => a;\n" }],
  ])('fails on a planted violation of %s', (rule, planted) => {
    const { status, output } = cruise({ ...house, ...planted });
    expect(output).toContain(rule);
    expect(status).not.toBe(0);
  });
});

/** The table-ownership lint (scripts/check-table-ownership.mjs) on the real schema and a planted write. */
describe('the table-ownership lint', () => {
  function tree(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-tables-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'prisma'));
    fs.copyFileSync(path.join(root, 'prisma/models.prisma'), path.join(dir, 'prisma/models.prisma'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  }
  const ownWrite = "export class PersonRepository { constructor(private db: any) {}\n  rename(id: string) { return this.db.person.update({ where: { id }, data: {} }); } }\n";

  it('passes the real tree, and a module writing its own table', () => {
    expect(checkOwnership(root)).toEqual([]);
    expect(checkOwnership(tree({ 'src/modules/register/person.repository.ts': ownWrite }))).toEqual([]);
  });

  it("fails when a module's repository writes another module's table", () => {
    const planted = "export class PersonRepository { constructor(private db: any) {}\n  untag(id: string) { return this.db.assetBox.update({ where: { id }, data: { personId: null } }); } }\n";
    const problems = checkOwnership(tree({ 'src/modules/register/person.repository.ts': planted })) as string[];
    expect(problems).toEqual(['src/modules/register/person.repository.ts: assetBox.update writes the assets module\'s table; call that module\'s facade instead']);
  });

  it('fails on raw SQL writes, which it cannot attribute', () => {
    const planted = 'export class PersonRepository { constructor(private db: any) {}\n  wipe() { return this.db.$executeRaw`DELETE FROM "AssetBox"`; } }\n';
    expect(checkOwnership(tree({ 'src/modules/register/person.repository.ts': planted }))).toEqual([
      'src/modules/register/person.repository.ts: raw SQL writes cannot be checked for ownership; use the client',
    ]);
  });
});
