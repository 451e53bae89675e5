/**
 * The organisation's own roles in the dashboard, in Chromium against a real server: an owner defines a role from
 * the permission editor and gives it to a user; that user's dashboard shows only what the role allows, and when
 * the owner takes a permission away, the user's next page has lost the control too. axe checks the views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard/build';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

describe('dashboard: roles', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startTestServer();
    org = await createOrg(server, 'roles-page');
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  async function signIn(email: string, at: string): Promise<Page> {
    const page = await (await chrome.browser.newContext({ locale: 'sv-SE', viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${server.url}/admin${at}`);
    await page.getByLabel('E-post').fill(email);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.locator('[data-testid=live-indicator][data-state=live]').waitFor({ timeout: 15_000 });
    // The login page's own 401 for "who am I" is expected; from here on, no errors.
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  }

  it('an owner defines a role with the permission editor, and its holder sees only what it allows', async () => {
    const owner = await signIn(org.emails.owner, '/settings/roles');
    await owner.getByTestId('role-row').nth(3).waitFor();
    expect(await owner.getByTestId('role-row').count()).toBe(4);
    expect(await owner.getByText('Inbyggd', { exact: true }).count()).toBe(4);

    await owner.getByTestId('new-role').click();
    await owner.getByTestId('role-name').fill('Fotografer');
    await owner.getByLabel('Beskrivning').fill('Laddar upp och taggar bilder från evenemang.');
    for (const p of ['persons:read', 'assets:read', 'assets:write', 'requests:send']) await owner.getByTestId(`permission-${p}`).check();
    expect(await axeViolations(owner, 'the role editor')).toEqual([]);
    await owner.getByTestId('role-save').click();
    const row = owner.getByTestId('role-row').filter({ hasText: 'Fotografer' });
    await row.waitFor();
    // The dialog fades out: axe would read its half-transparent text as low contrast.
    await owner.getByRole('dialog').waitFor({ state: 'detached' });
    // Five: every role also reads the settings, which the dashboard needs.
    expect(await row.textContent()).toContain('5 behörigheter');
    expect(await axeViolations(owner, 'the roles list')).toEqual([]);

    // The new role is offered wherever a role is chosen.
    await owner.getByRole('tab', { name: 'Användare' }).click();
    await owner.getByRole('button', { name: 'Ny användare' }).click();
    await owner.getByRole('dialog').getByLabel('Roll').click();
    await owner.getByRole('option', { name: 'Fotografer' }).waitFor();
    await owner.keyboard.press('Escape');

    const roles = await unwrap(org.as.owner.GET('/api/v1/roles'));
    const photographers = roles.items.find((r) => r.name === 'Fotografer')!;
    expect(photographers).toMatchObject({ builtIn: false, description: 'Laddar upp och taggar bilder från evenemang.', permissions: ['persons:read', 'assets:read', 'assets:write', 'requests:send', 'settings:read'] });
    await unwrap(org.as.owner.POST('/api/v1/users', { body: { email: 'foto@roles-page.test', name: 'Fia Foto', role: photographers.id, password: PASSWORD } }));
    const person = await unwrap(org.as.owner.POST('/api/v1/persons', { body: { name: 'Pelle Person', email: 'pelle@example.se' } }));

    const fia = await signIn('foto@roles-page.test', '/files');
    await fia.getByTestId('upload-button').waitFor();
    expect(await fia.getByTestId('user-menu').getAttribute('aria-label')).toContain('Fotografer');
    // No settings she may not change, no roles or users tab, no audit log.
    expect(await fia.getByRole('link', { name: 'Granskningslogg' }).count()).toBe(0);
    await fia.goto(`${server.url}/admin/persons/${person.id}`);
    await fia.getByRole('heading', { name: 'Pelle Person' }).waitFor();
    for (const id of ['new-agreement', 'edit-person', 'export-person']) expect(await fia.getByTestId(id).count(), id).toBe(0);
    // She may send a consent request.
    await fia.getByTestId('request-consent').waitFor();

    // The owner takes the uploads away: her next page has no upload button, and the server refuses.
    await unwrap(org.as.owner.PATCH('/api/v1/roles/{id}', { params: { path: { id: photographers.id } }, body: { permissions: ['persons:read', 'assets:read'] } }));
    await fia.goto(`${server.url}/admin/files`);
    await fia.getByTestId('filter-status').waitFor();
    expect(await fia.getByTestId('upload-button').count()).toBe(0);
    await fia.goto(`${server.url}/admin/persons/${person.id}`);
    await fia.getByRole('heading', { name: 'Pelle Person' }).waitFor();
    expect(await fia.getByTestId('request-consent').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it("a user manager cannot touch a user whose role holds more than theirs: the controls say so before the server does", async () => {
    const managers = await unwrap(org.as.owner.POST('/api/v1/roles', { body: { name: 'Personalkontoret', permissions: ['users:manage', 'persons:read', 'persons:fields', 'assets:read', 'status:read', 'usages:read'] } }));
    await unwrap(org.as.owner.POST('/api/v1/users', { body: { email: 'hr@roles-page.test', name: 'Hanna HR', role: managers.id, password: PASSWORD } }));
    const hr = await signIn('hr@roles-page.test', '/settings/users');
    const row = (email: string) => hr.getByTestId('users-table').locator('tr').filter({ hasText: email });
    await row(org.emails.owner).waitFor();
    expect(await row(org.emails.owner).getByRole('switch').isDisabled()).toBe(true);
    expect(await row(org.emails.owner).getByLabel('Roll').isDisabled()).toBe(true);
    // A viewer holds no more than HR does (HR reads what a viewer reads): HR may manage them, but not make them an owner.
    expect(await row(org.emails.viewer).getByRole('switch').isDisabled()).toBe(false);
    await row(org.emails.viewer).getByLabel('Roll').click();
    expect(await hr.getByRole('option', { name: 'Ägare' }).getAttribute('data-combobox-disabled')).toBe('true');
    expect(await hr.getByRole('option', { name: 'Läsare' }).getAttribute('data-combobox-disabled')).toBeNull();
    await hr.keyboard.press('Escape');
    expect(errors).toEqual([]);
  }, 60_000);
});
