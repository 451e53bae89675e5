/**
 * The dashboard side of issue 11's protections, in Chromium: overriding a withdrawal asks for a reason
 * (the server's 409), the basis is read-only for an editor, a digitally signed agreement's terms are
 * read-only, and switching face matching off asks first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard/build';
import { launchChromium } from './support/browser';
import { generatedJpeg, upload } from './support/media';
import { createOrg, PASSWORD, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { digitalAgreement } from './support/digital-agreement';

const DAY = 86_400_000;
let server: TestServer;
let org: TestOrg;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let assetId = '';
let personId = '';

async function login(email: string): Promise<Page> {
  const context = await chrome.browser.newContext({ locale: 'sv-SE', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await page.getByLabel(/E-post/).fill(email);
  await page.getByLabel(/Lösenord/).fill(PASSWORD);
  await page.getByRole('button', { name: /Logga in/ }).click();
  await page.locator('[data-testid=live-indicator][data-state=live]').waitFor({ timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  await ensureDashboardBuilt();
  server = await startTestServer();
  org = await createOrg(server, 'protect');
  const admin = org.as['gdpr-admin'];
  personId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Vera Holm' } }))).id;
  const agreement = await digitalAgreement(server, org.tenantId, personId, { channels: ['web'], validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: null });
  assetId = (await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: await generatedJpeg(701, 640, 480), name: 'vera.jpg', type: 'image/jpeg' })).body.id;
  await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
  await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.2, y: 0.2, w: 0.3, h: 0.4, personId } }));
  await unwrap(admin.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: agreement.id } }, body: {} }));
  chrome = await launchChromium();
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('protections in the dashboard', () => {
  it('asks the GDPR administrator for a reason before another basis overrides a withdrawal', async () => {
    const page = await login(org.emails['gdpr-admin']);
    await page.goto(`${server.url}/admin/files/${assetId}`);
    await page.getByTestId('change-basis').click();
    await page.getByTestId('basis-legitimate_interest').click();
    await page.getByTestId('save-basis').click();
    const dialog = page.getByTestId('override-withdrawal');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Vera Holm har återkallat sitt samtycke');
    expect(await page.getByTestId('override-confirm').isDisabled()).toBe(true);
    await page.getByTestId('override-reason').fill('Dokumentation av olycka, beslut 2026-12');
    await page.getByTestId('override-confirm').click();
    await page.locator('[data-testid=basis-summary][data-basis=legitimate_interest]').waitFor();
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: assetId, action: 'asset.basis_set' } } }));
    expect(audit.items[0]!.after).toMatchObject({ basis: 'legitimate_interest', overrideWithdrawal: { reason: 'Dokumentation av olycka, beslut 2026-12' } });
    await page.context().close();
  }, 60_000);

  it('shows the editor the basis read-only', async () => {
    const page = await login(org.emails.editor);
    await page.goto(`${server.url}/admin/files/${assetId}`);
    await page.getByTestId('basis-read-only').waitFor();
    expect(await page.getByTestId('change-basis').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('shows a digitally signed agreement\'s terms read-only, with the way forward', async () => {
    const person = await unwrap(org.as['gdpr-admin'].POST('/api/v1/persons', { body: { name: 'Sigrid Signerad' } }));
    await digitalAgreement(server, org.tenantId, person.id, { channels: ['web'], validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: null });
    const page = await login(org.emails['gdpr-admin']);
    await page.goto(`${server.url}/admin/persons/${person.id}`);
    await page.getByRole('button', { name: 'Redigera avtalet' }).first().click();
    const sealed = page.getByTestId('agreement-sealed');
    await sealed.waitFor();
    expect(await sealed.textContent()).toContain('Skicka en ny förfrågan');
    expect(await page.locator('[data-testid=agreement-terms]').evaluate((f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    await page.context().close();
  }, 60_000);

  it('asks before switching face matching off (which erases the face data)', async () => {
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
    const page = await login(org.emails.owner);
    await page.goto(`${server.url}/admin/settings`);
    await page.getByLabel('Ansiktsmatchning').first().uncheck({ force: true });
    await page.getByTestId('settings-save').click();
    await page.getByText('Stänga av ansiktsmatchning?').waitFor();
    await page.getByTestId('confirm-button').click();
    await page.getByText('Sparat').first().waitFor();
    expect((await unwrap(org.as.owner.GET('/api/v1/settings'))).faceMatching).toBe(false);
    await page.context().close();
  }, 60_000);
});
