/**
 * The accessibility statement (DOS law / web accessibility directive) at /accessibility, public and
 * server-rendered, with the organisation's contact for reporting problems set through the settings API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';

describe('the accessibility statement', () => {
  let server: TestServer;
  let org: TestOrg;
  const page = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/accessibility${query}`, { headers });
    return { status: res.status, csp: res.headers.get('content-security-policy'), html: await res.text() };
  };

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'kommunen');
  }, 60_000);
  afterAll(() => server?.stop());

  it('sets the contact through the settings API, with an audit row, and refuses what is not an email or http(s) URL', async () => {
    const owner = org.as.owner;
    expect(await unwrap(owner.GET('/api/v1/settings'))).toMatchObject({ accessibilityEmail: null, accessibilityUrl: null });
    const saved = await unwrap(owner.PATCH('/api/v1/settings', { body: { accessibilityEmail: 'tillganglighet@kommunen.se', accessibilityUrl: 'https://kommunen.se/synpunkter' } }));
    expect(saved).toMatchObject({ accessibilityEmail: 'tillganglighet@kommunen.se', accessibilityUrl: 'https://kommunen.se/synpunkter' });

    const audit = await unwrap(owner.GET('/api/v1/audit', { params: { query: { action: 'settings.updated' } } }));
    const row = audit.items.find((e) => (e.after as { accessibilityEmail?: string } | null)?.accessibilityEmail === 'tillganglighet@kommunen.se');
    expect(row?.before).toMatchObject({ accessibilityEmail: null });

    for (const body of [{ accessibilityEmail: 'not an email' }, { accessibilityUrl: 'javascript:alert(1)' }, { accessibilityUrl: 'ftp://kommunen.se' }]) {
      const refused = await owner.PATCH('/api/v1/settings', { body });
      expect(refused.response.status, JSON.stringify(body)).toBe(400);
    }
    // An editor may not change it.
    expect((await org.as.editor.PATCH('/api/v1/settings', { body: { accessibilityEmail: null } })).response.status).toBe(403);
  });

  it('serves the statement without login, in Swedish and English, with the contact, Digg and the date', async () => {
    const sv = await page('?org=kommunen&lang=sv');
    expect(sv.status).toBe(200);
    expect(sv.csp).toContain("default-src 'none'");
    expect(sv.html).toContain('<html lang="sv">');
    expect(sv.html).toContain('Tillgänglighetsredogörelse för Likeness');
    expect(sv.html).toContain('delvis förenlig med lagen om tillgänglighet till digital offentlig service');
    expect(sv.html).toContain('href="mailto:tillganglighet@kommunen.se"');
    expect(sv.html).toContain('href="https://kommunen.se/synpunkter"');
    expect(sv.html).toContain('Myndigheten för digital förvaltning');
    expect(sv.html).toContain('href="https://www.digg.se/tdosanmalan"');
    expect(sv.html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
    expect(sv.html).toContain('href="/accessibility?org=kommunen&amp;lang=en"');

    const en = await page('?org=kommunen', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Accessibility statement for Likeness');
    expect(en.html).toContain('partially compliant');
    expect(en.html).toContain('The Agency for Digital Government');
  });

  it('with one organisation needs no slug; with several, an unknown or missing one names nobody', async () => {
    expect((await page('?lang=sv')).html).toContain('mailto:tillganglighet@kommunen.se');
    await createOrg(server, 'annan');
    const none = await page('?lang=sv');
    expect(none.status).toBe(200);
    expect(none.html).not.toContain('mailto:');
    expect(none.html).toContain('Kontakta den organisation som använder Likeness');
    expect((await page('?org=annan&lang=en')).html).toContain('Contact Org annan');
    // A malformed slug is ignored, not an error.
    expect((await page('?org=%3Cscript%3E&lang=xx')).status).toBe(200);
  });

  it('is linked from the signing pages', async () => {
    const invalid = await fetch(`${server.url}/sign/not-a-token?lang=en`);
    expect(await invalid.text()).toContain('href="/accessibility?lang=en"');
  });
});
