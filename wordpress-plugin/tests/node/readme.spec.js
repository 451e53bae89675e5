/**
 * readme.txt (WordPress.org format) and the plugin header say what the suite proves: "Requires at least" is
 * the oldest release in tests/wordpress-versions.json and "Tested up to" the newest, and the versions agree.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const readme = read('readme.txt');
const main = read('likeness.php');
const versions = JSON.parse(read('tests/wordpress-versions.json'));
const pkg = JSON.parse(read('package.json'));

/** The "Name: value" lines before the first section (readme) or in the header comment (plugin). */
function fields(text, prefix = '') {
  const out = {};
  for (const m of text.matchAll(new RegExp(`^${prefix}([A-Z][A-Za-z ]+):\\s*(.+)$`, 'gm'))) out[m[1].trim()] = m[2].trim();
  return out;
}
const readmeHead = fields(readme.slice(0, readme.indexOf('\n== Description')));
const header = fields(main.slice(0, main.indexOf('*/')), ' \\* ');
const majorMinor = (v) => v.split(/[.-]/).slice(0, 2).join('.');
const compare = (a, b) => {
  const [x, y] = [a, b].map((v) => majorMinor(v).split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1];
};
const tested = versions.map((v) => v.expect).sort(compare);
const section = (name) => {
  const start = readme.indexOf(`== ${name} ==`);
  if (start < 0) return null;
  const end = readme.indexOf('\n== ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe('readme.txt and the plugin header', () => {
  it('require the oldest release the suite runs on and claim no newer one than it has tested', () => {
    expect(readmeHead['Requires at least']).toBe(majorMinor(tested[0]));
    expect(readmeHead['Tested up to']).toBe(majorMinor(tested.at(-1)));
    expect(header['Requires at least']).toBe(readmeHead['Requires at least']);
    expect(header['Tested up to']).toBe(readmeHead['Tested up to']);
    expect(header['Requires PHP']).toBe(readmeHead['Requires PHP']);
    // And the compatibility notes name exactly those releases.
    for (const v of tested) expect(section('Description')).toContain(v.replace(/-alpha.*/, ''));
  });

  it('agree on the version, with a changelog entry and an upgrade notice for it', () => {
    const version = readmeHead['Stable tag'];
    expect(header.Version).toBe(version);
    expect(pkg.version).toBe(version);
    expect(main).toContain(`define( 'LIKENESS_VERSION', '${version}' );`);
    expect(section('Changelog')).toContain(`= ${version} =`);
    expect(section('Upgrade Notice')).toContain(`= ${version} =`);
  });

  it('follow the WordPress.org format', () => {
    expect(readme.split('\n')[0]).toBe('=== Likeness ===');
    for (const field of ['Contributors', 'Tags', 'Requires at least', 'Tested up to', 'Requires PHP', 'Stable tag', 'License', 'License URI']) expect(readmeHead[field], field).toBeTruthy();
    expect(readmeHead.Tags.split(',').length).toBeLessThanOrEqual(5);
    const short = readme.slice(0, readme.indexOf('\n== Description')).trim().split('\n').at(-1);
    expect(short.length).toBeGreaterThan(20);
    expect(short.length).toBeLessThanOrEqual(150);
    for (const name of ['Description', 'Installation', 'Frequently Asked Questions', 'Changelog']) expect(section(name), name).not.toBeNull();
  });

  it('has the description and every FAQ answer in Swedish as well', () => {
    const description = section('Description');
    const [english, swedish] = description.split('= På svenska =');
    expect(swedish).toBeDefined();
    const bullets = (text) => text.match(/^\* \*\*/gm)?.length ?? 0;
    expect(bullets(swedish)).toBe(bullets(english));
    const faq = section('Frequently Asked Questions');
    const [en, sv] = faq.split('= Vanliga frågor på svenska =');
    expect(sv).toBeDefined();
    const questions = en.match(/^= .+\? =$/gm) ?? [];
    expect(questions.length).toBeGreaterThanOrEqual(5);
    expect(sv.match(/^\*\*.+\?\*\*$/gm)?.length).toBe(questions.length);
  });
});
