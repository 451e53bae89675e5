import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePo, writeMo } from '../../tools/i18n.mjs';

const po = fs.readFileSync(new URL('../../languages/likeness-sv_SE.po', import.meta.url), 'utf8');
const pot = fs.readFileSync(new URL('../../languages/likeness.pot', import.meta.url), 'utf8');

/** Reads a little-endian MO file back: key → value. */
function readMo(buf) {
  expect(buf.readUInt32LE(0)).toBe(0x950412de);
  const n = buf.readUInt32LE(8);
  const keys = buf.readUInt32LE(12);
  const values = buf.readUInt32LE(16);
  const str = (table, i) => buf.toString('utf8', buf.readUInt32LE(table + i * 8 + 4), buf.readUInt32LE(table + i * 8 + 4) + buf.readUInt32LE(table + i * 8));
  const out = new Map();
  for (let i = 0; i < n; i++) out.set(str(keys, i), str(values, i));
  return out;
}

describe('translations', () => {
  it('the Swedish .po translates every string of the template', () => {
    const translated = new Map(parsePo(po).map((e) => [e.msgid, e]));
    const untranslated = parsePo(pot)
      .filter((e) => e.msgid !== '')
      .filter((e) => !translated.get(e.msgid)?.msgstr.every((s) => s));
    expect(untranslated.map((e) => e.msgid)).toEqual([]);
  });

  it('keeps placeholders in the translations', () => {
    for (const e of parsePo(po).filter((x) => x.msgid !== '')) {
      const wanted = (e.msgid.match(/%(\d\$)?[sd]/g) ?? []).sort();
      for (const s of e.msgstr) expect((s.match(/%(\d\$)?[sd]/g) ?? []).sort(), e.msgid).toEqual(wanted);
    }
  });

  it('writes MO files that read back (the fallback when msgfmt is missing)', () => {
    const mo = readMo(writeMo(parsePo(po)));
    expect(mo.get('Approved')).toBe('Godkänd');
    expect(mo.get('%d image in this post is not approved and will not be shown on the site:\u0000%d images in this post are not approved and will not be shown on the site:')).toBe(
      '%d bild i inlägget är inte godkänd och kommer inte att visas på webbplatsen:\u0000%d bilder i inlägget är inte godkända och kommer inte att visas på webbplatsen:',
    );
    expect(mo.get('')).toContain('Plural-Forms: nplurals=2; plural=(n != 1);');
    const keys = [...mo.keys()];
    expect(keys).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
