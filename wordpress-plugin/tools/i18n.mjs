#!/usr/bin/env node
/**
 * Translations.
 *
 *   node tools/i18n.mjs pot       languages/likeness.pot from the PHP and JS sources (xgettext from GNU gettext)
 *   node tools/i18n.mjs compile   every languages/*.po → .mo (msgfmt, or the MO writer below when gettext is
 *                                 missing) and → likeness-<locale>-<md5>.json for the editor script
 *   node tools/i18n.mjs check     the .pot is current and every .po translates every string (exit 1 if not)
 *
 * The .pot and .po files are committed; .mo and .json are built (see .gitignore).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const languages = path.join(root, 'languages');
const DOMAIN = 'likeness';
/** The editor script's builds, relative to the plugin folder: WordPress looks for <domain>-<locale>-md5(<path>).json. */
const SCRIPTS = ['build/modern/index.js', 'build/classic/index.js'];

const PHP_KEYWORDS = ['__', '_e', 'esc_html__', 'esc_html_e', 'esc_attr__', 'esc_attr_e', '_x:1,2c', '_ex:1,2c', 'esc_html_x:1,2c', 'esc_attr_x:1,2c', '_n:1,2', '_nx:1,2,4c', '_n_noop:1,2', '_nx_noop:1,2,3c'];
const JS_KEYWORDS = ['__', '_x:1,2c', '_n:1,2', '_nx:1,2,4c'];

function files(dir, ext) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(rel, ext));
    else if (entry.name.endsWith(ext)) out.push(rel);
  }
  return out.sort();
}

function hasCommand(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the template with xgettext: PHP first, then JS joined in. */
function buildPot() {
  if (!hasCommand('xgettext')) throw new Error('xgettext not found: apt-get install gettext');
  const out = path.join(os.tmpdir(), `likeness-${process.pid}.pot`);
  const common = ['--from-code=UTF-8', '--add-comments=translators:', '--sort-by-file', '--package-name=Likeness', '--package-version=0.3.0', '--msgid-bugs-address=https://github.com/likeness/likeness/issues', `--default-domain=${DOMAIN}`, '-o', out];
  const php = ['likeness.php', ...files('src', '.php')];
  execFileSync('xgettext', ['--language=PHP', ...PHP_KEYWORDS.map((k) => `--keyword=${k}`), ...common, ...php], { cwd: root });
  execFileSync('xgettext', ['--join-existing', '--language=JavaScript', ...JS_KEYWORDS.map((k) => `--keyword=${k}`), ...common, ...files('js', '.js')], { cwd: root });
  let pot = fs.readFileSync(out, 'utf8');
  fs.rmSync(out);
  // Stable header: no creation date, so that an unchanged template gives no diff.
  pot = pot
    .replace(/^"POT-Creation-Date: .*\\n"\n/m, '')
    .replace('# SOME DESCRIPTIVE TITLE.', '# Likeness for WordPress.')
    .replace("# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER", '# Copyright (C) Likeness contributors')
    .replace('# This file is distributed under the same license as the Likeness package.', '# This file is distributed under the same licence as the Likeness package (AGPL-3.0-or-later).')
    .replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
    .replace(/^#, fuzzy\n/m, '');
  // The plugin header, which WordPress translates in the plugin list.
  const header = fs.readFileSync(path.join(root, 'likeness.php'), 'utf8');
  for (const field of ['Description', 'Author']) {
    const value = header.match(new RegExp(`^ \\* ${field}:\\s+(.+)$`, 'm'))?.[1]?.trim();
    if (value && !pot.includes(`msgid ${JSON.stringify(value)}`)) pot += `\n#. ${field} of the plugin\n#: likeness.php\nmsgid ${JSON.stringify(value)}\nmsgstr ""\n`;
  }
  return pot;
}

/** Parses a PO file: entries with context, id, plural id, translations, references and flags. */
export function parsePo(text) {
  const entries = [];
  let entry = null;
  let field = null;
  const flush = () => {
    if (entry && entry.msgid !== undefined) entries.push(entry);
    entry = null;
    field = null;
  };
  const unquote = (s) => JSON.parse(s.replace(/\\([^"\\nt])/g, '$1'));
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    entry ??= { references: [], flags: [], msgstr: [] };
    if (line.startsWith('#:')) entry.references.push(...line.slice(2).trim().split(/\s+/));
    else if (line.startsWith('#,')) entry.flags.push(...line.slice(2).split(',').map((f) => f.trim()));
    else if (line.startsWith('#')) continue;
    else {
      const m = line.match(/^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/);
      if (m) {
        const value = unquote(m[3]);
        if (m[1].startsWith('msgstr')) {
          field = ['msgstr', m[2] === undefined ? 0 : Number(m[2])];
          entry.msgstr[field[1]] = value;
        } else {
          field = [m[1]];
          entry[m[1]] = value;
        }
      } else if (line.startsWith('"') && field) {
        const value = unquote(line);
        if (field[0] === 'msgstr') entry.msgstr[field[1]] += value;
        else entry[field[0]] += value;
      }
    }
  }
  flush();
  return entries;
}

function headerOf(entries) {
  const header = entries.find((e) => e.msgid === '' && !e.msgctxt);
  const fields = {};
  for (const line of (header?.msgstr[0] ?? '').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return fields;
}

const keyOf = (e) => (e.msgctxt ? `${e.msgctxt}\u0004` : '') + e.msgid;

/** Writes a GNU MO file (little endian, no hash table). */
export function writeMo(entries) {
  const list = entries
    .filter((e) => !e.flags.includes('fuzzy') && (e.msgid === '' || e.msgstr.some((s) => s)))
    .map((e) => ({ key: keyOf(e) + (e.msgid_plural !== undefined ? `\u0000${e.msgid_plural}` : ''), value: e.msgstr.join('\u0000') }))
    .sort((a, b) => (Buffer.from(a.key) < Buffer.from(b.key) ? -1 : Buffer.from(a.key) > Buffer.from(b.key) ? 1 : 0));
  const n = list.length;
  const headerSize = 28;
  const keysAt = headerSize;
  const valuesAt = keysAt + n * 8;
  let dataAt = valuesAt + n * 8;
  const keyBufs = list.map((e) => Buffer.from(e.key, 'utf8'));
  const valueBufs = list.map((e) => Buffer.from(e.value, 'utf8'));
  const table = Buffer.alloc(dataAt);
  table.writeUInt32LE(0x950412de, 0);
  table.writeUInt32LE(0, 4);
  table.writeUInt32LE(n, 8);
  table.writeUInt32LE(keysAt, 12);
  table.writeUInt32LE(valuesAt, 16);
  table.writeUInt32LE(0, 20);
  table.writeUInt32LE(dataAt, 24);
  const chunks = [];
  const place = (bufs, at) =>
    bufs.forEach((buf, i) => {
      table.writeUInt32LE(buf.length, at + i * 8);
      table.writeUInt32LE(dataAt, at + i * 8 + 4);
      chunks.push(buf, Buffer.from([0]));
      dataAt += buf.length + 1;
    });
  place(keyBufs, keysAt);
  place(valueBufs, valuesAt);
  return Buffer.concat([table, ...chunks]);
}

/** The Jed 1.x JSON that wp_set_script_translations() loads, with the strings used in js/. */
function scriptJson(entries, locale) {
  const header = headerOf(entries);
  const messages = { '': { domain: 'messages', lang: locale, 'plural-forms': header['Plural-Forms'] ?? 'nplurals=2; plural=(n != 1);' } };
  for (const e of entries) {
    if (e.msgid === '' || e.flags.includes('fuzzy') || !e.references.some((r) => r.startsWith('js/'))) continue;
    if (!e.msgstr.some((s) => s)) continue;
    messages[keyOf(e)] = e.msgstr;
  }
  return JSON.stringify({ 'translation-revision-date': header['PO-Revision-Date'] ?? '', generator: 'likeness/tools/i18n.mjs', domain: 'messages', locale_data: { messages } });
}

function compile() {
  const msgfmt = hasCommand('msgfmt');
  for (const file of fs.readdirSync(languages).filter((f) => f.endsWith('.po'))) {
    const po = path.join(languages, file);
    const locale = file.replace(`${DOMAIN}-`, '').replace(/\.po$/, '');
    const mo = po.replace(/\.po$/, '.mo');
    const entries = parsePo(fs.readFileSync(po, 'utf8'));
    if (msgfmt) execFileSync('msgfmt', ['--check', '-o', mo, po]);
    else fs.writeFileSync(mo, writeMo(entries));
    const json = scriptJson(entries, locale);
    const names = SCRIPTS.map((script) => `${DOMAIN}-${locale}-${createHash('md5').update(script).digest('hex')}.json`);
    for (const name of names) fs.writeFileSync(path.join(languages, name), json);
    console.log(`${file} → ${path.basename(mo)} (${msgfmt ? 'msgfmt' : 'built-in MO writer'}) and ${names.join(', ')}`);
  }
}

function check() {
  const problems = [];
  const potPath = path.join(languages, `${DOMAIN}.pot`);
  const committed = parsePo(fs.readFileSync(potPath, 'utf8'));
  const current = parsePo(buildPot());
  const ids = (list) => new Set(list.filter((e) => e.msgid !== '').map(keyOf));
  const [have, want] = [ids(committed), ids(current)];
  for (const id of want) if (!have.has(id)) problems.push(`${DOMAIN}.pot lacks ${JSON.stringify(id)} (run npm run i18n:pot)`);
  for (const id of have) if (!want.has(id)) problems.push(`${DOMAIN}.pot has an unused ${JSON.stringify(id)} (run npm run i18n:pot)`);
  for (const file of fs.readdirSync(languages).filter((f) => f.endsWith('.po'))) {
    const entries = parsePo(fs.readFileSync(path.join(languages, file), 'utf8'));
    const translated = new Map(entries.filter((e) => e.msgid !== '' && !e.flags.includes('fuzzy') && e.msgstr.every((s) => s)).map((e) => [keyOf(e), e]));
    for (const id of want) if (!translated.has(id)) problems.push(`${file} does not translate ${JSON.stringify(id)}`);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`i18n: ${want.size} strings, every .po complete`);
}

const command = process.argv[2];
if (command === 'pot') {
  fs.writeFileSync(path.join(languages, `${DOMAIN}.pot`), buildPot());
  console.log(`languages/${DOMAIN}.pot written`);
} else if (command === 'compile') compile();
else if (command === 'check') check();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.error('usage: node tools/i18n.mjs pot|compile|check');
  process.exit(2);
}
