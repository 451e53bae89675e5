import { describe, expect, it } from 'vitest';
import { en } from '../dashboard/src/i18n/en';
import { sv } from '../dashboard/src/i18n/sv';
import { STRINGS } from '../src/modules/consent/signing-page/i18n';

type Catalogue = { [key: string]: string | Catalogue };

/** Every leaf as `a.b.c` → text. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** Texts that are the same word in Swedish and English on purpose (names, loanwords, formats). */
const SAME_ON_PURPOSE = new Set([
  'live.live', // "Live" is used as is in Swedish
  'import.groups.person', // "Person" in both
  'files.video',
  'files.videoFacts', // numbers and a codec name
  'files.filters.status',
  'files.filters.person',
  'fileDetail.download', // "Original", the file as uploaded
  'consentMethods.bankid', // a product name
  'settings.sessions.client.office', // "Word/PowerPoint": product names
  'consentRequests.state',
  'documentCheck.status',
  'consentTemplates.body', // "Text (Markdown)"
  'consentTemplates.version',
  'assign.person',
  'usages.via',
  'usages.period',
  'audit.hash',
  'audit.entityTypes.person',
  'audit.entityTypes.webhook',
  'persons.columns.person',
  'agreements.period', // a date range format
  'settings.general.organisation',
  'settings.fields.types.text',
  'integrations.hooks.title', // "Webhooks" is the Swedish term too
]);

/** English words that never belong in a Swedish text (whole words, outside {{placeholders}}; key names such as Delete are fine). */
const ENGLISH = /\b(the|and|any|all|with|from|this|that|none|file|files|request|settings|save|search|loading|error|failed|approved|withdrawn|missing|expired|expiring|until)\b/i;

describe('dashboard catalogues', () => {
  const english = flatten(en as unknown as Catalogue);
  const swedish = flatten(sv as unknown as Catalogue);

  it('have the same keys', () => {
    expect([...swedish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no Swedish text identical to the English one unless it is the same on purpose', () => {
    const same = [...english].filter(([key, text]) => swedish.get(key) === text && !SAME_ON_PURPOSE.has(key)).map(([key]) => key);
    expect(same).toEqual([]);
  });

  it('keep the same-on-purpose list honest: each entry is still the same in both', () => {
    const drifted = [...SAME_ON_PURPOSE].filter((key) => english.get(key) !== swedish.get(key));
    expect(drifted).toEqual([]);
  });

  it('have no English words left in Swedish texts', () => {
    const leftovers = [...swedish]
      .filter(([key, text]) => !SAME_ON_PURPOSE.has(key) && ENGLISH.test(text.replace(/\{\{[^}]*\}\}/g, '')))
      .map(([key, text]) => `${key}: ${text}`);
    expect(leftovers).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const mismatched = [...english].filter(([key, text]) => swedish.has(key) && placeholders(text).join() !== placeholders(swedish.get(key)!).join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});

describe('signing page catalogues', () => {
  // Texts with variables are functions: render each with stand-ins (any property of an object argument is "X").
  const standIn = new Proxy({}, { get: (_t, key) => (key === Symbol.toPrimitive ? () => 'X' : 'X') });
  const render = (value: unknown): string =>
    typeof value === 'function' ? String((value as (...args: unknown[]) => unknown)(...Array.from({ length: value.length }, () => standIn))) : String(value);
  const texts = (catalogue: object) => new Map(Object.entries(catalogue).map(([key, value]) => [key, render(value)]));
  const english = texts(STRINGS.en);
  const swedish = texts(STRINGS.sv);

  it('have the same keys', () => {
    expect([...swedish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no Swedish text identical to the English one but product names', () => {
    const same = [...english].filter(([key, text]) => swedish.get(key) === text && key !== 'methodBankid').map(([key]) => key);
    expect(same).toEqual([]);
  });

  it('have no English words left in Swedish texts', () => {
    const leftovers = [...swedish].filter(([, text]) => ENGLISH.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(leftovers).toEqual([]);
  });
});
