/**
 * Content API enforcement and publishing on a real Strapi 5.54 with a real core-server: uploads linked
 * by SHA-256, non-approved images left out everywhere they can appear, publish refused under `hide`,
 * usages reported and ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/likeness';
import { startStack, type Stack } from '../support/stack';
import { blocksWith, type UploadedFile } from '../support/strapi';

let stack: Stack;
let ok: UploadedFile & { assetId: string };
let bad: UploadedFile & { assetId: string };
let unlinked: UploadedFile;

beforeAll(async () => {
  stack = await startStack('content');
  const { likeness, app } = stack;
  const approved = await likeness.approvedAsset(11, 'Skolgården');
  const missing = await likeness.unapprovedAsset(12, 'Utan samtycke');
  ok = { ...(await app.upload(approved.bytes, approved.name)), assetId: approved.assetId };
  bad = { ...(await app.upload(missing.bytes, missing.name)), assetId: missing.assetId };
  await app.admin('PUT', '/likeness/settings', { unlinked: 'hide' });
  const { photo } = await import('../support/likeness');
  unlinked = await app.upload(await photo(99), 'not-in-likeness.jpg');
});
afterAll(async () => stack?.stop());

const everywhere = (a: UploadedFile, b: UploadedFile) => ({
  title: `Both ${a.id}-${b.id}`,
  cover: b.id,
  gallery: [a.id, b.id],
  hero: { image: b.id, caption: 'Hero' },
  sections: [
    { __component: 'shared.figure', image: b.id, caption: 'Figure' },
    { __component: 'shared.gallery', images: [a.id, b.id], title: 'Gallery' },
  ],
  body: blocksWith(a, b),
  notes: `Före ![ok](${a.url}) mitten ![bad](${b.url}) <img src="${b.url}" alt="x"> efter`,
});

describe('linking', () => {
  it('links an upload through /api/upload to its Likeness asset by SHA-256', async () => {
    const res = await stack.app.admin('GET', `/likeness/status/files?ids=${ok.id},${bad.id},${unlinked.id}`);
    const byId = new Map(res.data.map((s: any) => [s.fileId, s]));
    expect(byId.get(ok.id)).toMatchObject({ assetId: ok.assetId, approved: true, visible: true });
    expect(byId.get(bad.id)).toMatchObject({ assetId: bad.assetId, status: 'consent_missing', visible: false });
    expect(byId.get(unlinked.id)).toMatchObject({ assetId: null, status: 'unlinked' });
  });
});

describe('Content API', () => {
  it('leaves out the non-approved image at top level, in components, dynamic zones, Blocks and Markdown', async () => {
    const { app } = stack;
    const documentId = await app.createDraft(everywhere(ok, bad));
    const res = await app.content('GET', `/api/articles/${documentId}?status=draft&populate[cover]=true&populate[gallery]=true&populate[hero][populate]=*&populate[sections][populate]=*`);
    const a = res.data;
    expect(a.cover).toBeNull();
    expect(a.gallery.map((f: any) => f.id)).toEqual([ok.id]);
    expect(a.hero.image).toBeNull();
    expect(a.hero.caption).toBe('Hero');
    expect(a.sections[0].image).toBeNull();
    expect(a.sections[1].images.map((f: any) => f.id)).toEqual([ok.id]);
    const images = a.body.filter((n: any) => n.type === 'image');
    expect(images.map((n: any) => n.image.url)).toEqual([ok.url]);
    expect(a.body[0].children[0].text).toBe('Intro');
    expect(a.notes).toContain(`![ok](${ok.url})`);
    expect(a.notes).not.toContain(bad.url);
    expect(a.notes).toContain('Före');
    expect(a.notes).toContain('efter');
  });

  it('hides files that are not in Likeness when the setting says so, and shows them when it does not', async () => {
    const { app } = stack;
    const documentId = await app.createDraft({ title: 'Unlinked', gallery: [unlinked.id, ok.id] });
    const read = async () => (await app.content('GET', `/api/articles/${documentId}?status=draft&populate[gallery]=true`)).data.gallery.map((f: any) => f.id);
    expect(await read()).toEqual([ok.id]);
    await app.admin('PUT', '/likeness/settings', { unlinked: 'show' });
    expect(await read()).toEqual([unlinked.id, ok.id]);
    await app.admin('PUT', '/likeness/settings', { unlinked: 'hide' });
  });

  it('replaces non-approved images with the placeholder under the placeholder policy', async () => {
    const { app } = stack;
    await app.admin('PUT', '/likeness/settings', { policy: 'placeholder', placeholderFileId: ok.id, unlinked: 'show' });
    try {
      const documentId = await app.createDraft({ title: 'Placeholder', cover: bad.id, notes: `![bad](${bad.url})` });
      const a = (await app.content('GET', `/api/articles/${documentId}?status=draft&populate[cover]=true`)).data;
      expect(a.cover.id).toBe(ok.id);
      expect(a.notes).toBe(`![bad](${ok.url})`);
    } finally {
      await app.admin('PUT', '/likeness/settings', { policy: 'remove', placeholderFileId: null, unlinked: 'hide' });
    }
  });

  it('leaves non-approved files out of the upload plugin\'s own Content API listing', async () => {
    const files = (await stack.app.content('GET', '/api/upload/files')) as Array<{ id: number } | null>;
    const ids = files.filter(Boolean).map((f) => f!.id);
    expect(ids).toContain(ok.id);
    expect(ids).not.toContain(bad.id);
  });
});

describe('publishing', () => {
  it('refuses to publish an entry with a non-approved image under `hide`, naming the image', async () => {
    const { app } = stack;
    const documentId = await app.createDraft({ title: 'Blocked', hero: { image: bad.id, caption: 'x' }, gallery: [ok.id] });
    const res = await app.publish(documentId, 400);
    expect(res.error.message).toContain(bad.name);
    expect(res.error.message).toMatch(/cannot be published/);
    // Nothing was published.
    await app.content('GET', `/api/articles/${documentId}`, undefined, 404);
    const panel = await app.admin('GET', `/likeness/status/entry?uid=api::article.article&documentId=${documentId}`);
    expect(panel.data.blocked).toBe(true);
    expect(panel.data.images.find((i: any) => i.fileId === bad.id)).toMatchObject({ allowed: false, status: 'consent_missing', field: 'hero.image' });
  });

  it('also refuses a Content API create that publishes at once', async () => {
    const res = await stack.app.content('POST', '/api/articles', { data: { title: 'Direct', cover: bad.id } }, 400);
    expect(res.error.message).toContain(bad.name);
  });

  it('reports usages on publish, with title and front-end URL, and ends them on unpublish', async () => {
    const { app, likeness } = stack;
    const documentId = await app.createDraft({ title: 'Nyheter om skolan', slug: 'nyheter-om-skolan', cover: ok.id });
    await app.publish(documentId);
    const active = await until('usage reported', async () => (await likeness.usages(ok.assetId)).find((u) => u.location === 'https://example.se/news/nyheter-om-skolan' && !u.removedAt));
    expect(active.title).toBe('Nyheter om skolan');
    expect(active.integration).toMatch(/^strapi/);
    const read = await app.article(documentId);
    expect(read.cover.id).toBe(ok.id);
    await app.unpublish(documentId);
    await until('usage ended', async () => (await likeness.usages(ok.assetId)).find((u) => u.location === 'https://example.se/news/nyheter-om-skolan' && u.removedAt));
  });

  it('the bulk "Check consent" reports each entry', async () => {
    const { app } = stack;
    const good = await app.createDraft({ title: 'Good', cover: ok.id });
    const blocked = await app.createDraft({ title: 'Bad', cover: bad.id });
    const res = await app.admin('POST', '/likeness/status/check', { uid: 'api::article.article', documentIds: [good, blocked] });
    expect(res.data.map((e: any) => [e.title, e.blocked])).toEqual([
      ['Good', false],
      ['Bad', true],
    ]);
  });
});

describe('settings', () => {
  it('never sends the API key back and stores it encrypted', async () => {
    const { app } = stack;
    const res = await app.admin('GET', '/likeness/settings');
    expect(res.data.hasApiKey).toBe(true);
    expect(JSON.stringify(res)).not.toMatch(/lk_/);
    const stored = await app.strapi.store({ type: 'plugin', name: 'likeness' }).get({ key: 'settings' });
    expect(JSON.stringify(stored)).not.toMatch(/lk_/);
    expect((stored as any).apiKey).toMatch(/^v1\./);
  });

  it('tests the connection and reports the key\'s missing scopes', async () => {
    const res = await stack.app.admin('POST', '/likeness/settings/test', {});
    expect(res.data).toMatchObject({ ok: true, organisation: 'Testkommunen', missing: [] });
    const wrong = await stack.app.admin('POST', '/likeness/settings/test', { apiKey: 'lk_wrong' });
    expect(wrong.data.ok).toBe(false);
  });

  it('refuses invalid settings with a clear error and keeps the old ones', async () => {
    const res = await stack.app.admin('PUT', '/likeness/settings', { serverUrl: 'not a url', channel: 'Web Site' }, 400);
    expect(res.error.details.errors).toHaveProperty('serverUrl');
    expect(res.error.details.errors).toHaveProperty('channel');
    expect((await stack.app.admin('GET', '/likeness/settings')).data.channel).toBe('web');
  });
});
