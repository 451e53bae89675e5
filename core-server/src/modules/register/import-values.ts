/** How a spreadsheet cell becomes a value: the forms Swedish and English registers are kept in. */

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || y > 2200 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** 2027-06-30, 20270630, 30/6/2027, 30.6.2027, an ISO instant, or Excel's serial day number (a date cell in XLSX). */
export function parseDateOnly(value: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value);
  if (m) return validDate(+m[3]!, +m[2]!, +m[1]!);
  if (/^\d{4,5}(\.\d+)?$/.test(value)) {
    const t = new Date(EXCEL_EPOCH_MS + Math.floor(Number(value)) * DAY_MS);
    return validDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  return null;
}

/** The instant a day begins in Sweden, as the dashboard's date pickers mean it. */
export function swedishDayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' }).formatToParts(utcMidnight).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const [, sign, hh, mm] = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name) ?? [null, '+', '01', '00'];
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm ?? 0)) * 60_000;
  return new Date(utcMidnight - offsetMs).toISOString();
}

const norm = (s: string) => s.toLowerCase().normalize('NFC').replace(/[\s\-_.:()/]+/g, '');

function lookup<T extends string>(table: Record<T, string[]>, value: string): T | null {
  const v = norm(value);
  for (const [key, words] of Object.entries(table) as [T, string[]][]) if (key === v || words.some((w) => norm(w) === v)) return key;
  return null;
}

const KINDS = {
  written: ['skriftligt', 'skriftlig', 'skriftligen', 'papper', 'written', 'paper'],
  oral: ['muntligt', 'muntlig', 'oral', 'verbal'],
  model_release: ['modellavtal', 'model release', 'modelrelease'],
  digital: ['digitalt', 'digital', 'bankid', 'e-signatur', 'esignature'],
};
export const parseKind = (v: string) => lookup(KINDS, v);

const SIGNERS = {
  subject: ['personen', 'person', 'själv', 'den avbildade', 'subject', 'self'],
  guardian: ['vårdnadshavare', 'vårdnadshavaren', 'förälder', 'guardian', 'parent'],
};
export const parseSigner = (v: string) => lookup(SIGNERS, v);

const BOOLEANS = { true: ['ja', 'j', 'x', 'sant', 'yes', 'y', '1', 'true'], false: ['nej', 'n', 'falskt', 'no', '0', 'false'] };
export function parseBoolean(v: string): boolean | null {
  const key = lookup(BOOLEANS, v);
  return key === null ? null : key === 'true';
}

/** 1 234,5 and 1234.5 alike. */
export function parseNumber(v: string): number | null {
  const s = v.replace(/[\s\u00a0]/g, '').replace(/,(?=\d+$)/, '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** "webb, tryck; sociala medier" → the organisation's channels, matched whatever the case. */
export function parseChannels(v: string, channels: readonly string[]): { channels: string[]; unknown: string[] } {
  const wanted = v.split(/[,;|]/).map((c) => c.trim()).filter(Boolean);
  const found: string[] = [];
  const unknown: string[] = [];
  for (const w of wanted) {
    const hit = channels.find((c) => c.toLowerCase() === w.toLowerCase());
    if (hit) found.push(hit);
    else unknown.push(w);
  }
  return { channels: [...new Set(found)], unknown };
}

export const normaliseHeader = norm;
