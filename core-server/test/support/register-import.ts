import { strToU8, zipSync } from 'fflate';
import { expect } from 'vitest';
import type { LikenessClient } from '@likeness/sdk';
import { unwrap } from './test-server';
import { upload } from './media';

export const HEADER = ['Namn', 'E-post', 'Mobil', 'Födelsedatum', 'Avtalstyp', 'Kanaler', 'Giltigt från', 'Giltigt till', 'Klass'];

/** Row i of a generated register: a person with a written agreement for two channels. */
export function goodRow(i: number): string[] {
  const day = String((i % 28) + 1).padStart(2, '0');
  return [`Elev Nummer${i}`, `elev${i}@skola.example`, `070-${String(1_000_000 + i).slice(1)}`, `2012-03-${day}`, 'Skriftligt', 'web; print', '2026-08-01', '2029-07-31', `${(i % 9) + 1}A`];
}

/** The kinds of bad row an exported register really holds, each with the field the report must name. */
export const BAD_ROWS: Array<{ field: string; code: string; make(i: number): string[] }> = [
  { field: 'email', code: 'invalid_email', make: (i) => withCell(goodRow(i), 1, 'elev-at-skola') },
  { field: 'birthDate', code: 'not_a_date', make: (i) => withCell(goodRow(i), 3, '31/02/2012') },
  { field: 'agreementChannels', code: 'unknown_channel', make: (i) => withCell(goodRow(i), 5, 'web; tv') },
  { field: 'agreementKind', code: 'digital_requires_signature', make: (i) => withCell(goodRow(i), 4, 'Digitalt') },
  { field: 'agreementKind', code: 'unknown_kind', make: (i) => withCell(goodRow(i), 4, 'handslag') },
  { field: 'name', code: 'name_required', make: (i) => withCell(goodRow(i), 0, '') },
  { field: 'phone', code: 'invalid_phone', make: (i) => withCell(goodRow(i), 2, 'ring mig') },
  { field: 'agreementValidUntil', code: 'end_before_start', make: (i) => withCell(goodRow(i), 7, '2025-01-01') },
];

function withCell(row: string[], index: number, value: string): string[] {
  const copy = [...row];
  copy[index] = value;
  return copy;
}

const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const toCsv = (rows: string[][]) => '\uFEFF' + rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n';

/** A real .xlsx (shared strings, an inline string, a number, a date as Excel's serial day) for the first sheet. */
export function toXlsx(rows: Array<Array<string | number>>): Uint8Array {
  const shared: string[] = [];
  const col = (i: number) => String.fromCharCode(65 + i);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const sheetRows = rows
    .map((r, ri) => {
      const cells = r
        .map((v, ci) => {
          const ref = `${col(ci)}${ri + 1}`;
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          if (ci === 1 && ri > 0) return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
          shared.push(v);
          return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
        })
        .join('');
      return `<row r="${ri + 1}">${cells}</row>`;
    })
    .join('');
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Elever" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${sheetRows}</sheetData></worksheet>`),
    'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst xmlns="${ns}">${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`),
  });
}

type ImportResult = Awaited<ReturnType<typeof getImport>>;
const getImport = (client: LikenessClient, id: string) => unwrap(client.GET('/api/v1/imports/persons/{id}', { params: { path: { id } } }));

/** Starts an import and waits for it to end. */
export async function runImport(
  baseUrl: string,
  cookie: string,
  client: LikenessClient,
  file: { bytes: Uint8Array; name: string; type: string },
  fields: { mapping: unknown; dryRun?: boolean; skipInvalid?: boolean },
): Promise<ImportResult> {
  const started = await upload(baseUrl, '/api/v1/imports/persons', cookie, file, {
    mapping: JSON.stringify(fields.mapping),
    dryRun: String(fields.dryRun ?? false),
    skipInvalid: String(fields.skipInvalid ?? false),
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  let result = started.body as ImportResult;
  const until = Date.now() + 180_000;
  while (['queued', 'checking', 'writing'].includes(result.status)) {
    if (Date.now() > until) throw new Error(`import ${result.id} still ${result.status}`);
    await new Promise((r) => setTimeout(r, 100));
    result = await getImport(client, result.id);
    if (process.env.IMPORT_TRACE) console.log(new Date().toISOString(), result.status, result.checked);
  }
  return result;
}
