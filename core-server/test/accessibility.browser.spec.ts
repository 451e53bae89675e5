/**
 * WCAG 2.1 AA (axe-core: wcag2a, wcag2aa, wcag21a, wcag21aa) on every page a person meets: every dashboard route
 * read from the dashboard's router (a new route is covered without touching this file; a new :param fails until it
 * gets a sample value here), with every tab, in Swedish and English, on the demo organisation's data; the login
 * page; the signing flow's pages (start, code, receipt, withdrawal, withdrawn, decline, declined, expired link) and
 * /accessibility, each in both colour schemes. One browser and one server for all. Also: a status change pushed
 * over the socket is read out politely, and every status colour comes with words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';
import { ensureDashboardBuilt } from '../dashboard/build';
import { sv } from '../dashboard/src/i18n/sv';
import { DEMO_LOGIN, seedDemo } from '../src/seed/demo.seed';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { codeIn, linkIn, smtpCapture, TEMPLATE } from './support/consent';
import { login, startTestServer, type TestServer } from './support/test-server';

const LANGUAGES = ['sv', 'en'] as const;
const SCHEMES = ['light', 'dark'] as const;

/** The dashboard's routes as its router declares them; redirects are left out (their targets are routes too). */
function dashboardRoutes(): string[] {
  const source = fs.readFileSync(path.resolve(import.meta.dirname, '../dashboard/src/App.tsx'), 'utf8');
  const routes = [...source.matchAll(/<Route\s+(index|path="([^"]*)")[^>]*?element=\{<(\w+)/g)];
  expect(routes.length).toBeGreaterThan(5);
  return routes.filter((m) => m[3] !== 'Navigate').map((m) => (m[1] === 'index' ? '' : m[2]!));
}

let server: TestServer;
let chrome: { browser: Browser; close(): Promise<void> };
let smtp: Awaited<ReturnType<typeof smtpCapture>>;
let owner: LikenessClient;
let ownerCookie: string;
const found: string[] = [];
const checked: string[] = [];
const problems: string[] = [];
let templateId = '';

async function check(page: Page, where: string) {
  // A route and its first tab can be the same page.
  if (checked.includes(where)) return;
  checked.push(where);
  found.push(...(await axeViolations(page, where)));
}

const inflight = new WeakMap<Page, Set<unknown>>();
/** Requests the page has open, except the socket's long poll. */
function track(page: Page) {
  const open = new Set<unknown>();
  page.on('request', (r) => !r.url().includes('/socket.io/') && open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  inflight.set(page, open);
}

/** The page has its heading, no request has been open for 300 ms (also after a client-side route change), no spinner. */
async function settled(page: Page) {
  await page.locator('h1').first().waitFor({ timeout: 15_000 });
  const open = inflight.get(page);
  for (let quietSince = Date.now(); Date.now() - quietSince < 300; ) {
    await page.waitForTimeout(50);
    if (open?.size) quietSince = Date.now();
  }
  await page.locator('.mantine-Loader-root').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

async function dashboardContext(lang: (typeof LANGUAGES)[number], cookie: string | null): Promise<BrowserContext> {
  const context = await chrome.browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  await context.addInitScript((l) => {
    // about:blank has no storage; the dashboard's origin has.
    if (location.origin !== 'null') localStorage.setItem('likeness.language', l);
  }, lang);
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
  }
  context.on('page', (p) => {
    track(p);
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  return context;
}

beforeAll(async () => {
  await ensureDashboardBuilt();
  smtp = await smtpCapture();
  server = await startTestServer({ smtpUrl: smtp.url, mailFrom: 'Likeness <samtycke@likeness.test>', devOutbox: true });
  await seedDemo(server.services, server.logger);
  ownerCookie = await login(server.url, DEMO_LOGIN.email, DEMO_LOGIN.password);
  owner = createLikenessClient({ baseUrl: server.url, headers: { cookie: ownerCookie } });
  // The demo organisation comes with its accessibility contact.
  expect(await unwrap(owner.GET('/api/v1/settings'))).toMatchObject({ accessibilityEmail: 'tillganglighet@exempelkommunen.se' });
  // A consent request in the register, so the consent pages are not empty.
  const template = await unwrap(owner.POST('/api/v1/consent/templates', { body: { ...TEMPLATE, methods: ['email_code'] } as never }));
  templateId = template.id;
  chrome = await launchChromium();
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
  await smtp?.close();
});

const personId = async (name: string) => (await unwrap(owner.GET('/api/v1/persons', { params: { query: { q: name } as never } }))).items.find((p) => p.name === name)!.id;
const assetByTitle = async (title: string) => (await unwrap(owner.GET('/api/v1/assets', { params: { query: { q: title } as never } }))).items.find((a) => a.title === title)!;

describe('WCAG 2.1 AA: axe finds nothing', () => {
  it('(the check itself finds a planted violation, and names the rule, the element and the page)', async () => {
    const page = await chrome.browser.newPage();
    await page.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><img src="data:," class="planted"></main></body></html>');
    expect(await axeViolations(page, 'planted')).toEqual([expect.stringMatching(/^planted: image-alt \(critical\) .+ → img/)]);
    await page.close();
  });

  it('on every dashboard route and tab, in Swedish and English (the dashboard has one colour scheme)', async () => {
    const request = await unwrap(owner.POST('/api/v1/consent/requests', { body: { personId: await personId('Johan Ström'), templateId, via: ['email'], session: 'Personalfesten' } }));
    expect(request.id).toBeTruthy();
    // A sample value for each route parameter; a route with another parameter fails here until it has one.
    const samples: Record<string, string> = {
      'files/:id': (await assetByTitle('Föräldramöte')).id,
      'persons/:id': await personId('Elsa Lund'),
    };
    const routes = dashboardRoutes();
    for (const lang of LANGUAGES) {
      const context = await dashboardContext(lang, ownerCookie);
      const page = await context.newPage();
      for (const route of routes) {
        if (route === '*') {
          await page.goto(`${server.url}/admin/no-such-page`);
          await settled(page);
          await check(page, `/admin/no-such-page [${lang}]`);
        } else if (route.endsWith('/:tab')) {
          const base = route.slice(0, -'/:tab'.length);
          await page.goto(`${server.url}/admin/${base}`);
          await settled(page);
          const tabs = page.getByRole('tab');
          const count = await tabs.count();
          expect(count, `tabs on /admin/${base}`).toBeGreaterThan(0);
          for (let i = 0; i < count; i++) {
            await tabs.nth(i).click();
            await settled(page);
            await check(page, `${new URL(page.url()).pathname} [${lang}]`);
          }
        } else {
          const sample = samples[route];
          expect(!route.includes(':') || sample, `a sample value for the route "${route}" in accessibility.browser.spec.ts`).toBeTruthy();
          const url = sample ? route.replace(/:\w+/, sample) : route;
          await page.goto(`${server.url}/admin/${url}`);
          await settled(page);
          await check(page, `/admin/${url} [${lang}]`);
        }
      }
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await context.close();
    }
    expect(found, found.join('\n')).toEqual([]);
  }, 240_000);

  it('the dashboard stays in its one (light) scheme when the system asks for dark', async () => {
    const context = await dashboardContext('sv', ownerCookie);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/admin/`);
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('light');
    await context.close();
  });

  it('on the login page and /accessibility, in both languages and colour schemes', async () => {
    for (const lang of LANGUAGES) {
      const context = await dashboardContext(lang, null);
      const page = await context.newPage();
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.url}/admin/`);
        await settled(page);
        await check(page, `/admin login [${lang}, ${scheme}]`);
        // The statement is linked from the login page, before anyone has an account.
        const href = await page.getByTestId('accessibility-link').getAttribute('href');
        expect(href).toBe(`/accessibility?lang=${lang}`);
        await page.goto(`${server.url}/accessibility?org=exempelkommunen&lang=${lang}`);
        await settled(page);
        await expect.poll(() => page.getByTestId('a11y-contact').textContent()).toContain('tillganglighet@exempelkommunen.se');
        await check(page, `/accessibility [${lang}, ${scheme}]`);
      }
      await context.close();
    }
    expect(found, found.join('\n')).toEqual([]);
  }, 60_000);

  it('on the signing flow: start, code, receipt, withdrawal, withdrawn, decline, declined and an expired link, in both schemes', async () => {
    const context = await chrome.browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    track(page);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    /** The page as it is, in both schemes, and in both languages when it can be fetched again. */
    const bothSchemes = async (name: string, again = true) => {
      const url = page.url();
      for (const lang of again ? LANGUAGES : [null]) {
        if (lang) await page.goto(`${url.replace(/[?&]lang=\w+/, '')}${url.includes('?') && !/\?lang=/.test(url) ? '&' : '?'}lang=${lang}`);
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          await check(page, `signing ${name} [${lang ?? (await page.getAttribute('html', 'lang'))}, ${scheme}]`);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
      if (again) await page.goto(url);
    };
    const ask = async (name: string, email: string) => {
      const r = await unwrap(owner.POST('/api/v1/consent/requests', { body: { personId: await personId(name), templateId, via: ['email'], session: 'Kulturnatten' } }));
      return { id: r.id, link: linkIn((await smtp.waitFor((m) => m.to.includes(email) && m.text.includes('/sign/'))).text) };
    };

    // Sign with a code, read the receipt, withdraw.
    await page.goto((await ask('Frank Berg', 'frank.berg@example.se')).link);
    await page.locator('h1').first().waitFor();
    expect(await page.locator('footer a[href^="/accessibility"]').count()).toBe(1);
    await bothSchemes('start');
    await page.getByRole('button', { name: /Få en kod via e-post/ }).click();
    await page.getByLabel('Kod (6 siffror)').waitFor();
    await bothSchemes('code');
    const code = codeIn((await smtp.waitFor((m) => m.to.includes('frank.berg@example.se') && /kod/i.test(m.subject))).text);
    await page.getByLabel('Kod (6 siffror)').fill(code);
    await page.getByRole('button', { name: 'Skriv under' }).click();
    await page.waitForURL(/\/sign\/receipt\//);
    await bothSchemes('receipt');
    await page.getByRole('link', { name: 'Återkalla samtycke' }).click();
    await page.getByRole('button', { name: /Återkalla mitt samtycke/ }).waitFor();
    await bothSchemes('withdrawal');
    await page.getByRole('button', { name: /Återkalla mitt samtycke/ }).click();
    await page.getByRole('heading', { name: /återkallat/ }).waitFor();
    await bothSchemes('withdrawn', false);

    // Decline another request.
    await page.goto((await ask('Sara Ek', 'sara.ek@example.se')).link);
    await page.getByRole('link', { name: 'Jag vill inte ge mitt samtycke' }).click();
    await page.getByRole('button', { name: /Tacka nej/ }).waitFor();
    await bothSchemes('decline');
    await page.getByRole('button', { name: /Tacka nej/ }).click();
    await page.locator('.state-icon').waitFor();
    await bothSchemes('declined', false);

    // A link past its end.
    const expired = await ask('Maja Holm', 'maja.holm@example.se');
    // Straight in the database: waiting out a real validity is not a test.
    await server.services.db.consentRequest.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const response = await page.goto(expired.link);
    expect(response!.status()).toBe(410);
    await bothSchemes('expired link');

    await context.close();
    expect(found, found.join('\n')).toEqual([]);
  }, 120_000);
});

describe('status in words, not only colour', () => {
  it('every status badge and file card strip says its status; a change pushed over the socket is read out politely', async () => {
    const context = await dashboardContext('sv', ownerCookie);
    const page = await context.newPage();
    for (const where of ['files', '']) {
      await page.goto(`${server.url}/admin/${where}`);
      await settled(page);
      const silent = await page.$$eval('[data-status]', (els) =>
        els.filter((e) => !((e as HTMLElement).textContent?.trim() || e.getAttribute('aria-label'))).map((e) => e.outerHTML.slice(0, 160)),
      );
      expect(await page.locator('[data-status]').count(), `status marks on /admin/${where}`).toBeGreaterThan(0);
      expect(silent, `status shown by colour only on /admin/${where}`).toEqual([]);
    }

    const asset = await assetByTitle('Frank på stadsbiblioteket');
    await page.goto(`${server.url}/admin/files/${asset.id}`);
    await settled(page);
    await page.locator('[data-testid=live-indicator][data-state=live]').waitFor();
    const region = page.getByTestId('live-announcer');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.getAttribute('role')).toBe('status');
    expect((await region.textContent())?.trim()).toBe('');

    // Frank's written agreement is withdrawn elsewhere: the open page says so in words.
    const agreements = await unwrap(owner.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: await personId('Frank Berg') } } }));
    for (const a of agreements.items.filter((x) => x.state === 'valid')) {
      await unwrap(owner.POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: a.id } }, body: { reason: 'Vill inte synas.' } }));
    }
    const after = await unwrap(owner.GET('/api/v1/assets/{id}', { params: { path: { id: asset.id } } }));
    const web = after.statuses.find((s) => s.channel === 'web')!;
    expect(web.status).toBe('withdrawn');
    await expect.poll(() => region.textContent(), { timeout: 10_000 }).toContain(`Frank på stadsbiblioteket: ${sv.status.withdrawn}`);
    await context.close();
  }, 60_000);

  it('saw no script errors, and checked every page', () => {
    expect(problems).toEqual([]);
    console.info(`axe checked ${checked.length} page states:\n${checked.join('\n')}`);
  });
});
