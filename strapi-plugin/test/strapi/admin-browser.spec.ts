/**
 * The admin panel in headless Chromium: Strapi's real admin build (with this plugin's admin compiled in),
 * log in, open an entry, see the status badges and the blocked-publish message; axe (WCAG 2.1 AA) on the
 * plugin's own UI: the edit-view panel, the image field and its picker, the bulk check dialog, the settings page.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildAdmin } from '../support/admin-build';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, prepareApp } from '../support/strapi';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const dir = prepareApp('admin');
  buildAdmin(dir);
  stack = await startStack('admin', {}, { dir, serveAdmin: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],  // Playwright gives each launch a fresh profile itself
  });
  // axe is injected as a script; Strapi's CSP (script-src 'self') would refuse it. Reduced motion: the
  // design system then skips its fade-ins, which axe would otherwise measure half-transparent (a false contrast failure).
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true, reducedMotion: 'reduce' });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function axe(selector: string) {
  // Any finite animation still running (one not behind prefers-reduced-motion) must end before contrast is measured.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 10_000 });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    async (include) => (window as any).axe.run({ include: [include] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    selector,
  );
  return (result.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

it('shows the status badges and the blocked-publish message in the edit view, and passes axe', async () => {
  const { likeness, app } = stack;
  const approved = await likeness.approvedAsset(61, 'Godkänd');
  const missing = await likeness.unapprovedAsset(62, 'Saknar samtycke');
  const ok = await app.upload(approved.bytes, approved.name);
  const bad = await app.upload(missing.bytes, missing.name);
  const documentId = await app.createDraft({ title: 'Admin test', cover: ok.id, gallery: [bad.id] });

  await page.goto(`${app.url}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(ADMIN.email);
  await page.locator('input[name="password"]').fill(ADMIN.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/admin(?!\/auth)/, { timeout: 60_000 });

  await page.goto(`${app.url}/admin/content-manager/collection-types/api::article.article/${documentId}`);
  const panel = page.locator('[data-likeness="panel"]');
  await panel.waitFor({ timeout: 60_000 });
  await expect(panel.locator('[data-likeness-status="approved"]').first()).toBeTruthy();
  expect(await panel.locator('[data-likeness-status="approved"]').count()).toBe(1);
  expect(await panel.locator('[data-likeness-status="consent_missing"]').innerText()).toMatch(/not approved/i);
  expect(await panel.locator('[data-likeness-blocked]').innerText()).toContain(missing.name);

  await page.getByRole('button', { name: /^Publish$/ }).click();
  const notice = page.getByText(/cannot be published/).first();
  await notice.waitFor({ timeout: 30_000 });
  expect(await notice.innerText()).toContain(missing.name);
  expect(await axe('[data-likeness="panel"]')).toEqual([]);

  // The Likeness image custom field in the form, and its picker of approved images.
  expect(await axe('[data-likeness="image-field"]')).toEqual([]);
  await page.getByRole('button', { name: 'Choose an approved image' }).click();
  const picker = page.locator('[data-likeness="image-picker"]');
  await picker.getByRole('button', { name: /^Use this image: / }).first().waitFor({ timeout: 30_000 });
  expect(await axe('[data-likeness="image-picker"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });

  // The list view's "Check consent" bulk action and its dialog.
  await page.goto(`${app.url}/admin/content-manager/collection-types/api::article.article`);
  // The header checkbox exists before the rows: selecting all before they load selects nothing.
  await page.getByRole('row').filter({ hasText: 'Admin test' }).first().waitFor({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: /select all/i }).first().check();
  await page.getByRole('button', { name: 'Check consent' }).click();
  const bulk = page.locator('[data-likeness="bulk"]');
  await bulk.getByText('Admin test').waitFor({ timeout: 30_000 });
  expect(await axe('[data-likeness="bulk"]')).toEqual([]);
  await page.keyboard.press('Escape');

  // The settings page (Settings → Likeness).
  await page.goto(`${app.url}/admin/settings/likeness`);
  await page.locator('[data-likeness="settings"]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/Connected to Testkommunen/).waitFor({ timeout: 30_000 });
  expect(await page.locator('input[type="password"]').first().inputValue()).toBe('');
  expect(await axe('[data-likeness="settings"]')).toEqual([]);
});
