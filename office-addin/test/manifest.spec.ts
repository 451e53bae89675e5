import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { parseStringPromise } from 'xml2js';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDIN_ID, normaliseServerUrl, renderManifest } from '../src/manifest/manifest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-manifest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every attribute value and text node in the parsed XML, except namespace declarations. */
function allValues(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => allValues(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$') {
        for (const [attr, v] of Object.entries(value as Record<string, string>)) if (!attr.startsWith('xmlns') && attr !== 'xsi:type') out.push(v);
      } else allValues(value, out);
    }
  }
  return out;
}

async function write(serverUrl: string, channel?: string) {
  const xml = renderManifest({ serverUrl, ...(channel ? { channel } : {}) });
  const file = path.join(dir, `manifest-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  return { xml, file };
}

describe('the add-in manifest, checked offline', () => {
  it('is a well-formed XML add-in-only manifest for Word and PowerPoint with ReadWriteDocument', async () => {
    const { file, xml } = await write('https://likeness.example.se/');
    const info = await OfficeAddinManifest.readManifestFile(file);
    expect(info.manifestType).toBe('xml');
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.id).toBe(ADDIN_ID);
    expect(info.hosts).toEqual(['Document', 'Presentation']);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(info.displayName).toBe('Likeness images');
    expect(info.defaultSettings?.sourceLocation).toBe('https://likeness.example.se/office/taskpane.html');
    const parsed = await parseStringPromise(xml);
    const overrides = parsed.OfficeApp.VersionOverrides[0].Hosts[0].Host.map((h: any) => h.$['xsi:type']);
    expect(overrides).toEqual(['Document', 'Presentation']);
    // Swedish display name and ribbon label next to the English defaults.
    expect(parsed.OfficeApp.DisplayName[0].Override[0].$).toEqual({ Locale: 'sv-SE', Value: 'Likeness bilder' });
    expect(xml).toContain('Value="Godkända bilder"');
  });

  it('puts every URL under the configured server, icons included, and nothing else', async () => {
    const server = 'https://bilder.kommun.se/likeness';
    const { xml } = await write(server, 'print');
    const values = allValues(await parseStringPromise(xml));
    const urls = values.filter((v) => /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBeGreaterThanOrEqual(10);
    for (const url of urls) expect(url === server || url.startsWith(`${server}/office/`), url).toBe(true);
    expect(urls).toContain(`${server}/office/taskpane.html?channel=print`);
    for (const size of [16, 32, 64, 80]) expect(urls).toContain(`${server}/office/icon-${size}.png`);
    expect(values).toContain(server); // AppDomain
  });

  it('refuses a server URL that is not absolute http(s), or carries a query or credentials, and a bad channel', () => {
    expect(() => normaliseServerUrl('likeness.example.se')).toThrow(/absolute/);
    expect(() => normaliseServerUrl('ftp://likeness.example.se')).toThrow(/https/);
    expect(() => normaliseServerUrl('https://u:p@likeness.example.se')).toThrow(/credentials/);
    expect(() => normaliseServerUrl('https://likeness.example.se/?x=1')).toThrow(/query/);
    expect(() => renderManifest({ serverUrl: 'https://x.se', channel: 'a"><x' })).toThrow(/channel/);
  });

  it('escapes the URL into XML', async () => {
    const { file } = await write('https://likeness.example.se/a&b');
    const info = await OfficeAddinManifest.readManifestFile(file);
    expect(info.defaultSettings?.sourceLocation).toBe('https://likeness.example.se/a&b/office/taskpane.html');
  });
});
