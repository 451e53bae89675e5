/**
 * The dashboard by keyboard alone (Tab, arrows, Enter, typing; never a click or the mouse): log in, use the skip
 * link, open a file, set its legal basis, tag a person and approve a face suggestion. Everything that takes focus
 * on the way must show it (an outline or a ring).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard/build';
import { sv } from '../dashboard/src/i18n/sv';
import { launchChromium } from './support/browser';
import { readPhoto, upload } from './support/media';
import { createOrg, PASSWORD, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let v = await fn(); ; v = await fn()) {
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Focused {
  tag: string;
  text: string;
  label: string;
  testid: string;
  value: string;
  visibleFocus: boolean;
}

/** What has focus, and whether a focus style is drawn on it (or on the card or label that wraps it). */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const drawn = (e: Element | null) => {
      if (!e) return false;
      const cs = getComputedStyle(e);
      return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== 'none' && cs.boxShadow !== '');
    };
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? '').trim().slice(0, 80),
      label: el.getAttribute('aria-label') ?? '',
      testid: el.getAttribute('data-testid') ?? '',
      value: (el as HTMLInputElement).value ?? '',
      visibleFocus: drawn(el) || drawn(el.closest('label, [data-testid^=basis-], .mantine-Radio-card')),
    };
  });

let server: TestServer;
let org: TestOrg;
let chrome: { browser: Browser; close(): Promise<void> };
const personName = 'Franck Example';
let assetId = '';
let franckId = '';

const faces = (id: string) => unwrap(org.as.viewer.GET('/api/v1/assets/{id}/faces', { params: { path: { id } } }));

beforeAll(async () => {
  await ensureDashboardBuilt();
  server = await startTestServer();
  org = await createOrg(server, 'kbd');
  const admin = org.as['gdpr-admin'];
  await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
  franckId = (await unwrap(admin.POST('/api/v1/persons', { body: { name: personName } }))).id;
  await unwrap(admin.POST('/api/v1/persons', { body: { name: 'Astrid Lind' } }));
  // One confirmed face of Franck, and a second photo of him: the face engine suggests him there.
  const first = (await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('franck_02159.jpg'), { title: 'Franck i biblioteket' })).body.id as string;
  const scanned = await until('the first scan', () => faces(first), (f) => f.scan !== null && f.faces.length === 1);
  await unwrap(org.as.editor.PATCH('/api/v1/boxes/{id}', { params: { path: { id: scanned.faces[0]!.boxId } }, body: { personId: franckId } }));
  assetId = (await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto('franck_03909.jpg'), { title: 'Franck i receptionen' })).body.id as string;
  await until('a suggestion of Franck', () => faces(assetId), (f) => f.faces.some((x) => x.suggestions.some((s) => s.personId === franckId)));
  chrome = await launchChromium();
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('the dashboard by keyboard only', () => {
  it('logs in, skips to the content, opens a file, sets the basis, tags a person and approves a face suggestion', async () => {
    const context = await chrome.browser.newContext({ locale: 'sv-SE', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const seen: string[] = [];
    /** Tab (forwards) until the focused element is the wanted one; each stop on the way must show its focus. */
    const tabTo = async (what: string, wanted: (f: Focused) => boolean, max = 80) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (f.tag !== 'body') seen.push(`${f.tag} "${f.label || f.text}" ${f.visibleFocus ? 'ok' : 'NO FOCUS STYLE'}`);
        if (wanted(f)) {
          expect(f.visibleFocus, `a visible focus on ${what}`).toBe(true);
          return f;
        }
      }
      throw new Error(`Tab never reached ${what}; on the way: ${seen.slice(-max).join(' | ')}`);
    };

    // Log in: the email field has focus on arrival.
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('E-post').waitFor();
    expect((await focused(page)).tag).toBe('input');
    await page.keyboard.type(org.emails.owner);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=live-indicator][data-state=live]').waitFor({ timeout: 15_000 });

    // The first Tab reaches the skip link, which shows itself and moves focus to the content.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip.text).toBe('Hoppa till innehållet');
    expect(skip.visibleFocus).toBe(true);
    const box = await page.locator('.lk-skip-link').boundingBox();
    expect(box && box.y >= 0 && box.x >= 0 && box.width > 20, 'the focused skip link is on screen').toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Open Files from the navigation, then the file.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo('the Files link', (f) => f.tag === 'a' && f.text === 'Filer');
    await page.keyboard.press('Enter');
    await page.getByTestId('file-card').first().waitFor();
    await tabTo('the file card', (f) => f.tag === 'a' && (f.label + f.text).includes('Franck i receptionen'));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/admin/files/${assetId}$`));
    await page.getByTestId('box-stage').waitFor();

    // Step 1: the legal basis, with the arrow keys in the radio group.
    let choice = (await tabTo('a legal basis', (f) => f.testid.startsWith('basis-') && f.testid !== 'basis-summary')).testid;
    for (let i = 0; choice !== 'basis-consent' && i < 12; i++) {
      await page.keyboard.press('ArrowDown');
      choice = (await focused(page)).testid;
    }
    expect(choice).toBe('basis-consent');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('basis-consent').getAttribute('aria-checked')).toBe('true');
    await tabTo('Save', (f) => f.testid === 'save-basis');
    await page.keyboard.press('Enter');
    await page.getByTestId('basis-summary').and(page.locator('[data-basis=consent]')).waitFor();

    // Step 2: approve the face suggestion.
    await tabTo('the approve button', (f) => f.tag === 'button' && f.label === `${sv.faces.approve}: ${personName}`);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=face-box][data-person-id="${franckId}"]`).waitFor();

    // And tag a second person: a box in the middle, the person typed and picked from the list.
    await tabTo('Add person', (f) => f.tag === 'button' && f.text === 'Lägg till person');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByTestId('assign-person').waitFor();
    expect((await focused(page)).testid).toBe('assign-person');
    await page.keyboard.type('Astrid');
    await page.getByRole('option', { name: /Astrid Lind/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabTo('Save in the dialog', (f) => f.testid === 'assign-save', 10);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const asset = await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }));
    expect(asset.basis).toBe('consent');
    expect(asset.boxes.map((b) => b.personName).sort()).toEqual(['Astrid Lind', personName]);
    expect(seen.filter((s) => s.endsWith('NO FOCUS STYLE')), 'every stop shows its focus').toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
