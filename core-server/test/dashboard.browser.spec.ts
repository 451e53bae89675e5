/**
 * The admin dashboard end to end: Debian's headless Chromium (through playwright-core) against a real server
 * and database. One user journey, in order: log in, register a person with an agreement, upload a photo by
 * drag and drop, choose its basis, draw a box and tag the person, see it approved, withdraw the consent in
 * another tab and watch the first tab's badge change without any navigation, switch the language; then a
 * viewer, who sees no edit controls. Screenshots of the main views go to test-results/dashboard/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../dashboard/build';
import { approvedAsset } from './support/live';
import { readPhoto } from './support/media';
import { createOrg, PASSWORD, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

const SHOTS = path.resolve(import.meta.dirname, '../test-results/dashboard');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let server: TestServer;
let org: TestOrg;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

/** A browser with a fresh profile; every console error and page error is collected (and fails the suite). */
async function openBrowser(locale = 'sv-SE'): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    locale,
    viewport: { width: 1440, height: 900 },
  });
  contexts.push(context);
  (context as BrowserContext & { userDataDir?: string }).userDataDir = userDataDir;
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return context;
}

function watch(page: Page) {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The session check before logging in answers 401 by design.
    if (/status of 401/.test(msg.text()) && /auth\/me/.test(msg.location().url + msg.text())) return;
    if (/status of 401/.test(msg.text())) return;
    problems.push(`console: ${msg.text()}`);
  });
}

async function login(page: Page, email: string) {
  await page.goto(`${server.url}/admin`);
  await page.getByLabel(/E-post|Email/).fill(email);
  await page.getByLabel(/Lösenord|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /Logga in|Log in/ }).click();
  await page.locator('[data-testid=live-indicator][data-state=live]').waitFor({ timeout: 15_000 });
}

/** A screenshot of the whole page (the viewport grows to fit, so the fixed navigation stays whole). */
async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  // Lazy images and face crops load as they scroll into view: bring everything in once.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.min(Math.max(height, 900), 2600) });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

const channelStatus = (page: Page, channel: string) => page.locator(`[data-testid=channel-status-${channel}]`);

beforeAll(async () => {
  // `npm start` builds the dashboard when its sources changed; the test does the same (a no-op when fresh).
  await ensureDashboardBuilt();
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  org = await createOrg(server, 'dash');
}, 240_000);

afterAll(async () => {
  for (const c of contexts) {
    await c.close().catch(() => undefined);
    const dir = (c as BrowserContext & { userDataDir?: string }).userDataDir;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  await server?.stop();
});

describe('the admin dashboard in a browser', () => {
  let context: BrowserContext;
  let page: Page;
  let assetId: string;
  let personId: string;

  it('logs in and registers a person with an agreement', async () => {
    context = await openBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    await login(page, org.emails['gdpr-admin']);
    await page.getByRole('heading', { name: 'Översikt' }).waitFor();
    await page.getByRole('link', { name: 'Personer' }).first().click();
    await page.getByTestId('new-person').click();
    await page.getByTestId('person-name').fill('Astrid Lind');
    await page.getByLabel('E-post').first().fill('astrid.lind@example.se');
    await page.getByTestId('person-save').click();
    await page.getByTestId('person-title').filter({ hasText: 'Astrid Lind' }).waitFor();
    personId = page.url().split('/persons/')[1]!;
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByTestId('new-agreement').click();
    await page.getByRole('dialog').getByText('Skriftligt').waitFor();
    await page.getByTestId('agreement-save').click();
    const agreement = page.getByTestId('agreement');
    await agreement.waitFor();
    expect(await agreement.getAttribute('data-state')).toBe('valid');
    await page.getByTestId('person-consent').filter({ hasText: 'Giltigt samtycke' }).waitFor();
  }, 60_000);

  it('uploads a photo by drag and drop, sets the basis, draws a box, tags the person and sees it approved', async () => {
    await page.getByRole('link', { name: 'Filer' }).first().click();
    await page.getByTestId('upload-button').waitFor();
    const photo = readPhoto('cage.jpg');
    await page.evaluate(
      ({ b64, name, type }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dataTransfer = new DataTransfer();
        dataTransfer.items.add(new File([bytes], name, { type }));
        for (const kind of ['dragenter', 'dragover', 'drop']) {
          document.body.dispatchEvent(new DragEvent(kind, { dataTransfer, bubbles: true, cancelable: true }));
        }
      },
      { b64: Buffer.from(photo.bytes).toString('base64'), name: photo.name, type: photo.type },
    );
    await page.locator('[data-testid=upload-item][data-state=done]').waitFor({ timeout: 20_000 });
    const card = page.getByTestId('file-card').first();
    await card.waitFor();
    assetId = (await card.getAttribute('data-asset-id'))!;
    await shot(page, '02-files');
    await card.click();

    // Step 1: the legal basis.
    await page.getByTestId('basis-consent').click();
    await page.getByTestId('save-basis').click();
    await page.getByTestId('basis-summary').and(page.locator('[data-basis=consent]')).waitFor();
    await channelStatus(page, 'web').and(page.locator('[data-status=persons_missing]')).waitFor();

    // Step 2: draw a box on the face and tag the person.
    const stage = page.getByTestId('box-stage');
    await stage.locator('img').evaluate((img: HTMLImageElement) => (img.complete ? null : new Promise((r) => (img.onload = r))));
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Vem är det här?').waitFor();
    await dialog.getByTestId('assign-person').fill('Astrid');
    await page.getByRole('option', { name: /Astrid Lind/ }).click();
    await dialog.getByTestId('assign-save').click();
    await page.locator(`[data-testid=face-box][data-person-id="${personId}"]`).waitFor();

    // Step 3: the status becomes approved in every channel, with its lease.
    for (const channel of ['web', 'print', 'social']) {
      await channelStatus(page, channel).and(page.locator('[data-status=approved]')).waitFor();
    }
    await expect(page.getByTestId('status-badge-web').textContent()).resolves.toContain('Godkänd');
    await expect(page.getByTestId('approved-until-web').textContent()).resolves.toMatch(/Godkänd till/);
    await page.locator('[data-testid=consent-person][data-ok=true]').waitFor();

    const drawn = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    expect(drawn.boxes).toHaveLength(1);
    expect(drawn.boxes[0]!.personId).toBe(personId);
    expect(drawn.boxes[0]!.x).toBeGreaterThan(0.25);
    expect(drawn.boxes[0]!.w).toBeGreaterThan(0.3);

    // The box is keyboard-accessible: focus it and nudge it right; the move is saved once the keys settle.
    await page.getByTestId('face-box').first().focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect
      .poll(async () => (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }))).boxes[0]!.x, { timeout: 5000 })
      .toBeCloseTo(drawn.boxes[0]!.x + 0.05, 3);
    await shot(page, '03-file-approved');
  }, 90_000);

  it('shows the withdrawal live: the badge changes while the page never navigates', async () => {
    const fileUrl = page.url();
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // Someone withdraws the consent in another tab, through the person page.
    const other = await context.newPage();
    await other.goto(`${server.url}/admin/persons/${personId}`);
    await other.getByTestId('withdraw-agreement').click();
    await other.getByLabel('Orsak (valfritt)').fill('Vill inte synas längre.');
    await other.getByTestId('withdraw-confirm').click();
    await other.locator('[data-testid=agreement][data-state=withdrawn]').waitFor();
    await other.getByTestId('person-consent').filter({ hasText: 'Återkallat' }).waitFor();
    await shot(other, '05-person-withdrawn');
    await other.close();

    // The first tab was left alone: its badge follows over the socket.
    await channelStatus(page, 'web').and(page.locator('[data-status=withdrawn]')).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('status-badge-web').textContent()).resolves.toContain('Återkallad');
    expect(page.url()).toBe(fileUrl);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // And a change made elsewhere through the API arrives the same way: a new agreement approves the file again.
    await unwrap(
      org.as['gdpr-admin'].POST('/api/v1/persons/{id}/agreements', {
        params: { path: { id: personId } },
        body: { kind: 'oral', channels: ['web'], validFrom: new Date(Date.now() - 60_000).toISOString(), validUntil: null, signedBy: 'subject' },
      }),
    );
    await channelStatus(page, 'web').and(page.locator('[data-status=approved]')).waitFor({ timeout: 10_000 });
    await channelStatus(page, 'print').and(page.locator('[data-status=withdrawn]')).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await shot(page, '04-file-live-update');
  }, 60_000);

  it('switches the language', async () => {
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByRole('link', { name: 'Files' }).first().waitFor();
    await expect(page.getByTestId('status-badge-print').textContent()).resolves.toContain('Withdrawn');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, '06-file-english');
    await page.getByRole('link', { name: 'Overview' }).first().click();
    await page.getByTestId('tile-withdrawn-count').waitFor();
    await shot(page, '07-overview-english');

    await page.getByTestId('language-switch').getByText('SV').click();
    await page.getByRole('link', { name: 'Filer' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    // The choice survives a reload.
    await page.reload();
    await page.getByRole('link', { name: 'Personer' }).first().waitFor();
  }, 60_000);

  it('takes screenshots of the main views', async () => {
    await page.goto(`${server.url}/admin`);
    // In "web" the file is approved again; in "print" its consent is withdrawn.
    await page.getByTestId('tile-withdrawn-count').filter({ hasText: '0' }).waitFor();
    await page.getByTestId('channel-switch').getByText('print').click();
    await page.getByTestId('tile-withdrawn-count').filter({ hasText: '1' }).waitFor();
    await shot(page, '01-overview');
    await page.goto(`${server.url}/admin/persons`);
    await page.getByTestId('person-row').first().waitFor();
    await shot(page, '08-persons');
    await page.goto(`${server.url}/admin/persons/${personId}`);
    await page.getByTestId('agreement').first().waitFor();
    await shot(page, '09-person');
    await page.goto(`${server.url}/admin/audit`);
    await page.locator('[data-testid=chain-status][data-valid=true]').waitFor();
    await shot(page, '10-audit');
    await page.goto(`${server.url}/admin/settings/general`);
    await page.getByTestId('settings-lead-days').waitFor();
    await shot(page, '11-settings');
    await page.goto(`${server.url}/admin/settings/integrations`);
    await page.getByTestId('new-key').click();
    await page.getByTestId('key-kind').getByText('Webbläsarnyckel').click();
    await page.getByLabel('Namn').first().fill('Webbplatsen');
    await page.getByTestId('key-origins').fill('https://www.example.se');
    await page.keyboard.press('Enter');
    await page.getByTestId('key-create').click();
    const secret = await page.getByTestId('secret-value').textContent();
    expect(secret).toMatch(/^lk_/);
    await shot(page, '12-api-key-once');
    await page.getByRole('button', { name: 'Jag har sparat den' }).click();
    await page.getByText('Webbplatsen').waitFor();
    await shot(page, '13-integrations');
  }, 90_000);

  it('sends a digital consent request, and finds the message in the development outbox', async () => {
    await unwrap(
      org.as['gdpr-admin'].POST('/api/v1/consent/templates', {
        body: {
          name: 'Foto',
          channels: ['web', 'print', 'social'],
          methods: ['email_code'],
          texts: {
            sv: { title: 'Samtycke till bilder', body: 'Hej {{person.name}}! Får {{organisation}} använda bilderna?', completionText: '' },
            en: { title: 'Consent to photos', body: 'Hello {{person.name}}! May {{organisation}} use the photos?', completionText: '' },
          },
        },
      }),
    );
    await page.goto(`${server.url}/admin/persons/${personId}`);
    await page.getByTestId('request-consent').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('E-post till astrid.lind@example.se').waitFor();
    await page.getByTestId('request-send').click();
    await page.locator('[data-testid=request-table] tr[data-status=sent]').waitFor();
    await page.getByRole('link', { name: 'Samtycken' }).first().click();
    await page.getByTestId('tab-outbox').click();
    const message = page.getByTestId('outbox-message').first();
    await message.getByText('astrid.lind@example.se').waitFor();
    expect(await message.getByRole('link').first().getAttribute('href')).toMatch(/\/sign\//);
    await shot(page, '16-consent-outbox');
  }, 60_000);

  it("exports the person's data from their page: progress, then a zip to download", async () => {
    await page.goto(`${server.url}/admin/persons/${personId}`);
    await page.getByTestId('export-person').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Språk för sammanställningen').waitFor();
    await dialog.getByText('English').click();
    await page.getByTestId('export-start').click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 30_000 });
    await dialog.getByText(/Klar: .* Nedladdningen fungerar till/).waitFor();
    await shot(page, '17-person-export');
    // The link is the API's, with the session cookie: the download a browser makes.
    const href = (await link.getAttribute('href'))!;
    const cookies = await context.cookies(server.url);
    const res = await fetch(`${server.url}${href}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['person.json', 'person.schema.json', 'summary.html']));
    expect(strFromU8(zip['summary.html']!)).toContain('<html lang="en">');
    expect(JSON.parse(strFromU8(zip['person.json']!)).person.name).toBe('Astrid Lind');
    await page.keyboard.press('Escape');
  }, 60_000);

  it('asks where a file will be used before downloading it, and shows its public delivery link', async () => {
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { downloadNeedsUsage: true } }));
    const { assetId: approvedId } = await approvedAsset(server.url, org, 'chuck_crop.jpg');
    await page.goto(`${server.url}/admin/files/${approvedId}`);
    await page.getByTestId('download-original').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Var ska filen användas?').waitFor();
    await page.getByTestId('download-note').fill('Nyhetsbrev mars');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-submit').click()]);
    expect(download.suggestedFilename()).toBe('chuck_crop.jpg');
    await dialog.waitFor({ state: 'hidden' });
    const usages = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}/usages', { params: { path: { id: approvedId } } }));
    expect(usages.items.map((u) => [u.channel, u.location])).toEqual([['web', 'Nyhetsbrev mars']]);
    await page.getByText('Nyhetsbrev mars').first().waitFor();
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { downloadNeedsUsage: false, deliveryChannels: ['web'] } }));

    // With a delivery channel, the file page shows its public link, and the link serves the approved image.
    await page.reload();
    const link = page.getByTestId('delivery-url-web');
    await link.waitFor();
    const served = await fetch(await link.inputValue());
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/webp']);
    await shot(page, '18-file-delivery-links');
  }, 60_000);

  it('a viewer sees no edit controls, and the server refuses anyway', async () => {
    const viewerContext = await openBrowser();
    const v = viewerContext.pages()[0] ?? (await viewerContext.newPage());
    await login(v, org.emails.viewer);
    await expect(v.getByRole('link', { name: 'Granskningslogg' }).count()).resolves.toBe(0);

    await v.getByRole('link', { name: 'Filer' }).first().click();
    await v.getByTestId('file-card').first().waitFor();
    expect(await v.getByTestId('upload-button').count()).toBe(0);

    await v.goto(`${server.url}/admin/files/${assetId}`);
    await v.getByTestId('basis-summary').waitFor();
    await v.getByTestId('face-box').first().waitFor();
    for (const id of ['change-basis', 'save-basis', 'box-assign', 'box-delete']) expect(await v.getByTestId(id).count(), id).toBe(0);
    expect(await v.getByRole('button', { name: 'Lägg till person' }).count()).toBe(0);
    expect(await v.getByTestId('face-box').first().getAttribute('data-editable')).toBe('false');
    expect(await v.getByTestId('box-stage').getAttribute('data-drawable')).toBe('false');
    await shot(v, '14-viewer-file');

    await v.goto(`${server.url}/admin/persons`);
    await v.getByTestId('person-row').first().waitFor();
    expect(await v.getByTestId('new-person').count()).toBe(0);
    await v.goto(`${server.url}/admin/persons/${personId}`);
    await v.getByTestId('agreement').first().waitFor();
    for (const id of ['new-agreement', 'withdraw-agreement', 'attach-document', 'edit-person', 'export-person']) expect(await v.getByTestId(id).count(), id).toBe(0);

    await v.goto(`${server.url}/admin/settings/general`);
    await v.getByTestId('settings-lead-days').waitFor();
    expect(await v.getByTestId('settings-lead-days').isDisabled()).toBe(true);
    expect(await v.getByTestId('settings-save').count()).toBe(0);
    expect(await v.getByRole('tab', { name: 'Integrationer' }).count()).toBe(0);
    await shot(v, '15-viewer-settings');

    // The server enforces the same: the viewer's own session may not write.
    const refused = await org.as.viewer.POST('/api/v1/persons', { body: { name: 'Nope' } });
    expect(refused.response.status).toBe(403);
  }, 60_000);

  it('had no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
