import { AppError } from '@likeness/shared';
import { OoxmlPackage, type PackageLimits } from './ooxml-package';

const WORKBOOK_LIMITS: PackageLimits = { maxBytes: 50 * 1024 * 1024, maxEntries: 5_000, maxImages: 0, maxUncompressedBytes: 400 * 1024 * 1024, maxCompressionRatio: 400 };
const WHAT = 'an .xlsx workbook';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m),
  );
}

/** The text of every <t> inside an element: a plain string, or the runs of rich text. */
function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += unescapeXml(m[1]!);
  return out;
}

/** "AB12" → 27 (0-based column). */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/**
 * The first sheet of a workbook as rows of text. Numbers come as written in the file (a date is Excel's serial
 * day number, which the importer reads as a date where a date is expected); formulas give their cached value.
 */
export async function readXlsx(path: string, maxRows: number, maxColumns: number): Promise<{ sheet: string; rows: string[][] }> {
  const pkg = await OoxmlPackage.open(path, WORKBOOK_LIMITS, WHAT);
  try {
    const workbook = await pkg.readText('xl/workbook.xml');
    if (!workbook) throw new AppError('invalid_file', `This is not ${WHAT} (it has no workbook part).`, { reason: 'no_workbook' });
    const first = /<sheet\s[^>]*>/.exec(workbook)?.[0] ?? '';
    const sheetName = unescapeXml(/\bname="([^"]*)"/.exec(first)?.[1] ?? 'Sheet1');
    const relId = /\br:id="([^"]*)"/.exec(first)?.[1];
    const rels = (await pkg.readText('xl/_rels/workbook.xml.rels')) ?? '';
    const target = relId ? new RegExp(`<Relationship[^>]*Id="${relId}"[^>]*>`).exec(rels)?.[0] : undefined;
    let sheetPath = target ? /Target="([^"]*)"/.exec(target)?.[1] : undefined;
    sheetPath = sheetPath ? (sheetPath.startsWith('/') ? sheetPath.slice(1) : `xl/${sheetPath.replace(/^\.\//, '')}`) : 'xl/worksheets/sheet1.xml';
    const sheet = await pkg.readText(sheetPath);
    if (!sheet) throw new AppError('invalid_file', `The workbook's first sheet (${sheetName}) could not be found.`, { reason: 'no_sheet' });
    const shared: string[] = [];
    const sst = await pkg.readText('xl/sharedStrings.xml');
    if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(textOf(m[1]!));
    const rows: string[][] = [];
    for (const r of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const at = Number(/\br="(\d+)"/.exec(r[1]!)?.[1] ?? rows.length + 1) - 1;
      if (at >= maxRows + 1) break;
      const cells: string[] = [];
      for (const c of (r[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1]!;
        const col = columnOf(/\br="([A-Z]+)\d*"/.exec(attrs)?.[1] ?? '');
        if (col < 0 || col >= maxColumns) continue;
        const type = /\bt="(\w+)"/.exec(attrs)?.[1];
        const body = c[2] ?? '';
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        const value = type === 's' ? (shared[Number(v)] ?? '') : type === 'inlineStr' ? textOf(body) : type === 'b' ? (v === '1' ? 'TRUE' : 'FALSE') : unescapeXml(v ?? '');
        while (cells.length < col) cells.push('');
        cells[col] = value;
      }
      while (rows.length < at) rows.push([]);
      rows[at] = cells;
    }
    return { sheet: sheetName, rows };
  } finally {
    await pkg.close();
  }
}
