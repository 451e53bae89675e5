/**
 * Bringing a register and a bank in through the dashboard, in Chromium against a real server: a GDPR admin imports
 * a spreadsheet (mapping suggested from its headers, a check that shows the bad row with its line, the import with
 * bad rows skipped), and uploads a folder of photos with one legal basis for all. axe checks the views.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard/build';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { generatedJpeg } from './support/media';
import { HEADER, goodRow, toCsv } from './support/register-import';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

describe('dashboard: import', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startTestServer();
    org = await createOrg(server, 'import-page');
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { customFields: [{ key: 'klass', label: 'Klass', type: 'text', visibleTo: ['owner', 'gdpr-admin'] }] } }));
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ locale: 'sv-SE', viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${server.url}/admin/persons`);
    await page.getByLabel('E-post').fill(org.emails['gdpr-admin']);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.locator('[data-testid=live-indicator][data-state=live]').waitFor({ timeout: 15_000 });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('imports a spreadsheet: suggested columns, a check that shows the bad row, then the good rows', async () => {
    await page.getByTestId('import-persons').click();
    const bad = goodRow(3);
    bad[1] = 'inte-en-adress';
    const csv = toCsv([HEADER, goodRow(1), goodRow(2), bad, goodRow(4)]);
    await page.locator('input[type=file]').first().setInputFiles({ name: 'elever.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('import-file').textContent()).toContain('elever.csv: 4 rader, 9 kolumner');
    // The headers named the fields: "E-post" became Email, "Klass" the custom field.
    expect(await page.getByTestId('map-column-1').inputValue()).toBe('E-post');
    expect(await page.getByTestId('map-column-8').inputValue()).toBe('Klass');
    expect(await axeViolations(page, 'the column mapping')).toEqual([]);

    await page.getByTestId('import-check').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('3 rader kan importeras');
    const errorRow = page.getByTestId('import-errors').locator('tbody tr');
    expect(await errorRow.count()).toBe(1);
    // Row 4, the E-post column, the problem in Swedish.
    expect(await errorRow.first().textContent()).toBe('4E-postIngen e-postadress.');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    expect(await axeViolations(page, 'the check report')).toEqual([]);

    await page.getByTestId('import-skip-invalid').check();
    await page.getByTestId('import-run').click();
    await page.locator('[data-testid=import-result][data-status=done]').waitFor();
    expect(await page.getByTestId('import-result').textContent()).toContain('3 personer och 3 avtal importerades');
    const persons = await unwrap(org.as['gdpr-admin'].GET('/api/v1/persons', { params: { query: { q: 'elev2@skola.example' } } }));
    expect(persons.items).toMatchObject([{ name: 'Elev Nummer2', customFields: { klass: '3A' } }]);
  }, 90_000);

  it('uploads a folder with one legal basis for every new photo in it', async () => {
    await page.goto(`${server.url}/admin/files`);
    await page.getByTestId('folder-upload').waitFor();
    // A folder on disk, as the browser's folder picker hands it over: photos, one in a subfolder, and a text file.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-utflykt-'));
    fs.mkdirSync(path.join(folder, 'dag 2'));
    for (const seed of [11, 12]) fs.writeFileSync(path.join(folder, `bild-${seed}.jpg`), await generatedJpeg(seed));
    fs.writeFileSync(path.join(folder, 'dag 2', 'bild-13.jpg'), await generatedJpeg(13));
    fs.writeFileSync(path.join(folder, 'lista.txt'), 'x');
    await page.getByTestId('folder-input').setInputFiles(folder);
    expect(await page.getByTestId('folder-count').textContent()).toBe('3 bilder och videor hittades. 1 annan fil lämnas utanför.');
    await page.getByTestId('folder-basis').click();
    await page.getByRole('option', { name: 'Allmänt intresse eller myndighetsutövning' }).click();
    expect(await axeViolations(page, 'the folder upload')).toEqual([]);
    await page.getByTestId('folder-start').click();
    await expect.poll(() => page.locator('[data-testid=upload-item][data-state=done]').count(), { timeout: 30_000 }).toBe(3);
    const assets = await unwrap(org.as['gdpr-admin'].GET('/api/v1/assets', { params: { query: { limit: 10 } } }));
    expect(assets.items.filter((a) => a.originalName.startsWith('bild-')).map((a) => a.basis).sort()).toEqual(['public_task', 'public_task', 'public_task']);
    // The browser reads the files as it uploads them: the folder goes only now.
    fs.rmSync(folder, { recursive: true, force: true });
    expect(errors).toEqual([]);
  }, 90_000);
});
