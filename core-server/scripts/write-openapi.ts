// Writes the committed OpenAPI document; `npm run openapi` at the root also regenerates the SDK types.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../src/openapi/openapi.document';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');
fs.writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
