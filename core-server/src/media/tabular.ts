import fs from 'node:fs/promises';
import { AppError } from '@likeness/shared';
import { decodeText, parseCsv } from './csv';
import { readXlsx } from './xlsx';

export interface Table {
  format: 'csv' | 'xlsx';
  sheet: string | null;
  /** The first non-empty row: the column names. */
  header: string[];
  /** Data rows with their row number in the file (the header's is 1, as a spreadsheet counts); empty rows left out. */
  rows: { line: number; cells: string[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A spreadsheet of the register: XLSX by its bytes (whatever its name says), anything else as CSV text. */
export async function readTable(path: string, limits: { maxRows: number; maxColumns: number }): Promise<Table> {
  const head = Buffer.alloc(4);
  const file = await fs.open(path, 'r');
  try {
    await file.read(head, 0, 4, 0);
  } finally {
    await file.close();
  }
  let format: Table['format'] = 'csv';
  let sheet: string | null = null;
  let grid: string[][];
  if (ZIP_MAGIC.every((b, i) => head[i] === b)) {
    format = 'xlsx';
    ({ sheet, rows: grid } = await readXlsx(path, limits.maxRows, limits.maxColumns));
  } else {
    const bytes = await fs.readFile(path);
    if (bytes.includes(0)) throw new AppError('invalid_file', 'This is neither a CSV text file nor an .xlsx workbook. Save the sheet as CSV or XLSX.', { reason: 'not_tabular' });
    grid = parseCsv(decodeText(bytes).replace(/^\uFEFF/, ''));
  }
  const filled = (cells: string[]) => cells.some((c) => c.trim() !== '');
  const headerAt = grid.findIndex(filled);
  if (headerAt < 0) throw new AppError('invalid_file', 'The file is empty: the first row should name the columns.', { reason: 'empty' });
  const header = grid[headerAt]!.map((h) => h.trim());
  if (header.length > limits.maxColumns) throw new AppError('invalid_file', `The file has ${header.length} columns; at most ${limits.maxColumns} are read.`, { reason: 'too_many_columns' });
  const rows: Table['rows'] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    if (!filled(grid[i]!)) continue;
    if (rows.length === limits.maxRows) throw new AppError('invalid_file', `The file has more than ${limits.maxRows} rows; split it into smaller files.`, { reason: 'too_many_rows' });
    rows.push({ line: i + 1, cells: grid[i]!.map((c) => c.trim()) });
  }
  return { format, sheet, header, rows };
}
