import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { unwrap } from '@likeness/sdk';
import { approvedPhoto } from './support/approved-photo';
import { launchChromium } from './support/browser';
import { resizedCopy } from './support/documents-fixtures';
import { photo } from './support/media';
import { OFFICE_JS_URL, officeStubScript, type StubShape } from './support/office-stub';
import { PASSWORD, createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHANNELS = ['web', 'office'];

/** An image approved in the office channel: basis consent, one person, a written agreement. */
const approvedInOffice = (server: TestServer, org: TestOrg, name: string) => approvedPhoto(server, org, name, CHANNELS, 200);

const withdraw = (org: TestOrg, agreementId: string) =>
  unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreementId } }, body: {} }));

const tagged = (id: string, assetId: string): StubShape => ({
  id,
  type: 'Image',
  tags: [{ key: 'LIKENESS_ASSET', value: assetId }],
  altTextTitle: `likeness:${assetId}`,
  altTextDescription: `Photo ${id}`,
  image: '',
});

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugger protocol: the pane's CSP (no inline scripts) stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

describe('the Office task pane in Chromium with a stub Office, against a real core-server', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'office', CHANNELS);
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('signs in through the dialog, checks the presentation, inserts a tagged approved image, and flags a withdrawal live', async () => {
    const approved = await approvedInOffice(server, org, 'cage.jpg');
    const untaggedCopyOf = await approvedInOffice(server, org, 'audrey.jpg');
    const withdrawn = await approvedInOffice(server, org, 'SeanConnery.jpg');
    await withdraw(org, withdrawn.agreementId);
    const copy = (await resizedCopy(photo('audrey.jpg'), 0.5, 55)).toString('base64');

    const context = await chrome.browser.newContext();
    const stub = officeStubScript({
      displayLanguage: 'sv-SE',
      slides: [
        { id: '256#', shapes: [tagged('2', approved.assetId)] },
        { id: '257#', shapes: [tagged('3', withdrawn.assetId), { id: '4', type: 'GeometricShape', tags: [], altTextTitle: '', altTextDescription: '', image: '' }] },
        { id: '258#', shapes: [{ id: '5', type: 'Image', tags: [], altTextTitle: '', altTextDescription: '', image: copy }] },
      ],
    });
    await context.route(OFFICE_JS_URL, (route) => route.fulfill({ contentType: 'application/javascript', body: stub }));
    const pane = await context.newPage();
    try {
      await pane.goto(`${server.url}/office/taskpane.html?channel=office`);
      await pane.getByRole('button', { name: 'Logga in med Likeness' }).waitFor();
      expect(await axeViolations(pane)).toEqual([]);

      // Sign-in: the dialog is a real page of the server; its token reaches the pane only through messageParent.
      const [dialog] = await Promise.all([context.waitForEvent('page'), pane.getByRole('button', { name: 'Logga in med Likeness' }).click()]);
      await dialog.waitForLoadState();
      await dialog.getByLabel('E-post').waitFor();
      // The sign-in dialog is ours too (a page of this server inside Office's dialog).
      expect(await axeViolations(dialog)).toEqual([]);
      await dialog.getByLabel('E-post').fill(org.emails.editor);
      await dialog.getByLabel('Lösenord').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Logga in' }).click();
      await pane.getByText(`Inloggad som editor of office`).waitFor();
      // The pane closed the dialog once the message arrived, and keeps the token in its own storage.
      expect(dialog.isClosed()).toBe(true);
      expect(await pane.evaluate(() => JSON.parse(localStorage.getItem('likeness.office.credential')!).token)).toMatch(/^lks_/);

      // The check on open: one approved, one withdrawn, one untagged copy recognised by content (approved).
      await pane.getByText('1 av 3 bilder behöver åtgärdas.').waitFor({ timeout: 15_000 });
      const problem = pane.locator(`li.problem[data-asset="${withdrawn.assetId}"]`);
      expect(await problem.getAttribute('data-status')).toBe('withdrawn');
      expect(await problem.innerText()).toContain('Bild 2');
      expect(await problem.innerText()).toContain('samtycket har återkallats');
      expect(await pane.locator('li.problem').count()).toBe(1);
      const calls = () => pane.evaluate(() => (window as any).__office.calls as Array<{ name: string; args: any[] }>);
      expect((await calls()).filter((c) => c.name === 'getImageAsBase64').map((c) => c.args[0])).toEqual(['5']);

      // Search and insert: only approved images are offered; the insert goes through image coercion and is tagged twice.
      await pane.getByLabel('Sök på titel, filnamn eller person').fill('audrey');
      await pane.getByRole('button', { name: 'Sök', exact: true }).click();
      // The first list (everything approved) is replaced by the search's answer.
      await pane.waitForFunction(() => document.querySelectorAll('li.result').length === 1, null, { timeout: 10_000 });
      const insert = pane.getByRole('button', { name: 'Infoga Photo audrey.jpg' });
      expect(await insert.count()).toBe(1);
      expect(await axeViolations(pane)).toEqual([]);
      await insert.click();
      await pane.getByText('Photo audrey.jpg har infogats.').waitFor();
      const after = await calls();
      const [length, options] = after.find((c) => c.name === 'setSelectedDataAsync')!.args;
      expect(length).toBeGreaterThan(1000);
      expect(options).toMatchObject({ coercionType: 'image' });
      const tagsAdded = after.filter((c) => c.name === 'tags.add').map((c) => c.args.slice(1));
      expect(tagsAdded).toEqual([['LIKENESS_ASSET', untaggedCopyOf.assetId]]);
      expect(after.filter((c) => c.name === 'altTextTitle').map((c) => c.args[1])).toContain(`likeness:${untaggedCopyOf.assetId}`);
      const registry = await pane.evaluate(() => (window as any).__office.settings.get('likeness.images'));
      expect(JSON.parse(registry).map((e: { assetId: string }) => e.assetId)).toEqual([untaggedCopyOf.assetId]);

      // The usage is recorded for the document.
      const usages = await unwrap(org.as.owner.GET('/api/v1/assets/{id}/usages', { params: { path: { id: approved.assetId } } }));
      expect(usages.items.map((u) => [u.integration, u.channel])).toContainEqual(['office', 'office']);

      // Consent withdrawn while the pane is open: the pane flags slide 1 without a new check.
      await pane.getByText('Bevakar ändringar medan panelen är öppen.').waitFor();
      const checksBefore = (await calls()).filter((c) => c.name === 'getImageAsBase64').length;
      await withdraw(org, approved.agreementId);
      await pane.locator(`li.problem[data-asset="${approved.assetId}"][data-status="withdrawn"]`).waitFor({ timeout: 10_000 });
      expect(await pane.getByRole('alert').innerText()).toContain('Bild 1');
      expect((await calls()).filter((c) => c.name === 'getImageAsBase64').length).toBe(checksBefore);
      expect(await axeViolations(pane)).toEqual([]);

      // Remove the flagged image: the shape is deleted through PowerPoint's API.
      await pane.getByRole('button', { name: 'Ta bort: Bild 1' }).click();
      await pane.getByText('Bild 1 har tagits bort.').waitFor();
      expect((await calls()).filter((c) => c.name === 'shape.delete').map((c) => c.args[0])).toEqual(['2']);
    } finally {
      await context.close();
    }
  });

  it('signs in on a shared computer with an API key, in English, and a revoked key ends the session', async () => {
    const created = await unwrap(
      org.as.owner.POST('/api/v1/api-keys', { body: { name: 'Reception PC', scopes: ['assets:read', 'status:read', 'usages:write'] } }),
    );
    const context = await chrome.browser.newContext();
    await context.route(OFFICE_JS_URL, (route) => route.fulfill({ contentType: 'application/javascript', body: officeStubScript({ displayLanguage: 'en-US', slides: [{ id: '256#', shapes: [] }] }) }));
    const pane = await context.newPage();
    try {
      await pane.goto(`${server.url}/office/taskpane.html`);
      await pane.getByLabel('API key').fill(created.key);
      await pane.getByRole('button', { name: 'Use API key' }).click();
      await pane.getByText('Signed in as Reception PC').waitFor();
      await pane.getByText('Channel: office').waitFor();
      await pane.getByText('The document has no images.').waitFor();
      await unwrap(org.as.owner.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: created.id } } }));
      await pane.reload();
      await pane.getByText('Your session has ended. Sign in again.').waitFor();
      await pane.getByRole('button', { name: 'Sign in with Likeness' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
