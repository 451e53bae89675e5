import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allOperations } from '@likeness/shared';
import { buildOpenApiDocument } from '../src/openapi/openapi.document';

const root = path.resolve(import.meta.dirname, '..');

describe('the committed OpenAPI document and SDK', () => {
  const doc = buildOpenApiDocument();

  it('matches what the contracts generate (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('describes every operation with its permission and error shape', () => {
    for (const op of allOperations) {
      const openapiPath = `/api/v1${op.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      const described = (doc.paths as Record<string, Record<string, { operationId: string; 'x-permission': unknown; responses: object }>>)[openapiPath]?.[op.method];
      expect(described?.operationId, `${op.method} ${openapiPath}`).toBe(op.operationId);
      expect(described?.['x-permission']).toBe(op.permission);
      expect(Object.keys(described!.responses)).toContain('400');
    }
  });

  it('has SDK types generated from the committed document', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-')), 'openapi.d.ts');
    const cli = path.join(root, '../node_modules/openapi-typescript/bin/cli.js');
    execFileSync(process.execPath, [cli, path.join(root, 'openapi.json'), '--default-non-nullable', 'false', '-o', out], { stdio: 'ignore' });
    const committed = fs.readFileSync(path.join(root, '../plugins/src/generated/openapi.d.ts'), 'utf8');
    expect(fs.readFileSync(out, 'utf8')).toBe(committed);
  });
});
