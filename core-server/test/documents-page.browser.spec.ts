/**
 * The dashboard's "Check a document" page in Chromium against a real server: a .pptx made with pptxgenjs
 * holding a bank image (approved), a withdrawn one and a foreign one is uploaded through the page, and the
 * report lists each with its slide and status. axe checks the page with the report shown.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { ensureDashboardBuilt } from '../dashboard/build';
import { launchChromium } from './support/browser';
import { makePptx, PHOTOS } from './support/documents-fixtures';
import { approvedAsset } from './support/live';
import { PASSWORD, createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('dashboard: check a document', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startTestServer();
    org = await createOrg(server, 'doc-page');
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('lists every image of an uploaded presentation with its slide and status', async () => {
    await approvedAsset(server.url, org, 'cage.jpg');
    const withdrawn = await approvedAsset(server.url, org, 'SeanConnery.jpg');
    await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: withdrawn.agreementId } }, body: {} }));
    const pptx = await makePptx([[fs.readFileSync(PHOTOS.cage)], [fs.readFileSync(PHOTOS.connery), fs.readFileSync(PHOTOS.murray)]]);
    const file = `${fs.mkdtempSync('/tmp/likeness-doc-')}/Presentation.pptx`;
    fs.writeFileSync(file, pptx);

    const page = await (await chrome.browser.newContext({ locale: 'sv-SE', bypassCSP: true })).newPage();
    await page.goto(`${server.url}/admin/documents`);
    await page.getByLabel('E-post').fill(org.emails.editor);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Granska ett dokument' }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('document-check-upload').click();
    await (await chooser).setFiles(file);
    const report = page.getByTestId('document-check-report');
    await report.waitFor({ timeout: 20_000 });
    await expect.poll(() => report.getByRole('row').count()).toBe(4); // header + 3 images
    const rows = await report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ status: tr.getAttribute('data-status'), text: tr.textContent })));
    expect(rows.map((r) => r.status).sort()).toEqual(['approved', 'foreign', 'withdrawn']);
    expect(rows.find((r) => r.status === 'approved')!.text).toContain('Bild 1');
    expect(rows.find((r) => r.status === 'withdrawn')!.text).toContain('Bild 2');
    expect(rows.find((r) => r.status === 'foreign')!.text).toContain('Inte från bildbanken');
    await expect.poll(() => report.getByRole('status').textContent()).toContain('3 bilder');

    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });
});
