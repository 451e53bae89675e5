/**
 * The plugin on a real WordPress (each release of tests/wordpress-versions.json; PHP 8.2, MariaDB) against the real Likeness core-server:
 * settings and connection test, importing and linking, front-end enforcement, publication history,
 * signed webhooks, and failing closed while the core-server is down.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LikenessServer, photo, until } from './support/likeness';
import { startStack, type Stack } from './support/stack';
import { imageBlock, importAsset, type WordPress } from './support/wordpress';

let likeness: LikenessServer;
let wp: WordPress;
let webhook: { id: string; secret: string };
let seed = 1;

const imported = (assetId: string) => importAsset(wp, assetId);

/** Just the post's article (TT3 block theme), so assertions do not match the page's scripts or header. */
function main(html: string): string {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'));
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('http');
  ({ likeness, wp, webhook } = stack);
});

afterAll(async () => {
  const problems = (await stack?.stop()) ?? [];
  expect(problems, 'PHP warnings from the plugin in debug.log').toEqual([]);
});

describe('Settings → Likeness', () => {
  it('shows the settings, keeps secrets on save, and the connection test reports what the key may do', async () => {
    const cookie = await wp.adminCookie();
    const page = await (await fetch(`${wp.url}/wp-admin/options-general.php?page=likeness`, { headers: { cookie } })).text();
    expect(page).toContain(`value="${likeness.url}"`);
    expect(page).not.toContain(webhook.secret);
    expect(page).toContain(wp.webhookUrl.replace(/&/g, '&amp;').replace('/index.php', '/index.php'));

    // Save through the Settings API (options.php) with the secrets left empty: they are kept.
    const form = (re: RegExp) => page.match(re)![1]!;
    const nonce = form(/name="_wpnonce" value="([0-9a-f]+)"[^>]*\/><input type="hidden" name="_wp_http_referer" value="[^"]*options-general/);
    const save = await fetch(`${wp.url}/wp-admin/options.php`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        option_page: 'likeness',
        action: 'update',
        _wpnonce: nonce,
        _wp_http_referer: '/wp-admin/options-general.php?page=likeness',
        'likeness_settings[server_url]': likeness.url,
        'likeness_settings[api_key]': '',
        'likeness_settings[channel]': 'web',
        'likeness_settings[policy]': 'hide',
        'likeness_settings[unlinked]': 'tenant',
        'likeness_settings[public_key]': form(/name="likeness_settings\[public_key\]" value="([^"]+)"/),
        'likeness_settings[webhook_secret]': '',
      }),
    });
    expect(save.status).toBe(302);
    expect(save.headers.get('location')).toContain('settings-updated=true');

    // The connection test (admin-post.php with its own nonce).
    const testNonce = form(/name="action" value="likeness_test_connection" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/);
    const tested = await fetch(`${wp.url}/wp-admin/admin-post.php`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'likeness_test_connection', _wpnonce: testNonce }),
    });
    expect(tested.status).toBe(302);
    const result = await (await fetch(tested.headers.get('location')!, { headers: { cookie } })).text();
    const notices = [...result.matchAll(/data-likeness-test="(\w+)"><p>([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(notices.filter(([level]) => level !== 'ok'), JSON.stringify(notices)).toEqual([]);
    expect(notices.map(([, text]) => text).join('\n')).toMatch(/Reached Likeness.*\n.*status:read.*\n.*assets:read.*\n.*usages:write.*\n.*Testkommunen/s);

    // Without the nonce, nothing happens.
    const forged = await fetch(`${wp.url}/wp-admin/admin-post.php`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=likeness_test_connection' });
    expect(forged.status).toBe(403);
  });
});

describe('media from Likeness', () => {
  it('lists only approved images, imports one with its asset id, and refuses a non-approved one', async () => {
    const ok = await likeness.approvedAsset(seed++, 'Sommarläger vid sjön');
    const bad = await likeness.unapprovedAsset(seed++, 'Sommarläger, gruppbild', 'Anna Svensson');
    const list = await wp.rest('GET', '/likeness/v1/assets?search=Sommarl%C3%A4ger');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(ok.assetId);
    expect(ids).not.toContain(bad.assetId);

    const thumb = await fetch(list.body.items.find((i: { id: string }) => i.id === ok.assetId).thumbnail, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${wp.appPassword}`).toString('base64')}` },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toMatch(/^image\//);

    const attachment = await imported(ok.assetId);
    const status = await wp.rest('GET', `/likeness/v1/status?attachments[]=${attachment.id}`);
    expect(status.body.items[0]).toMatchObject({ attachmentId: attachment.id, assetId: ok.assetId, status: 'approved', visible: true });

    const refused = await wp.rest('POST', '/likeness/v1/import', { assetId: bad.assetId });
    expect(refused.status).toBe(409);
  });

  it('links an uploaded copy of an image bank file by its SHA-256', async () => {
    const asset = await likeness.unapprovedAsset(seed++, 'Uploaded by hand', 'Bo Ek');
    const id = await wp.uploadMedia(asset.bytes, asset.name);
    // New uploads are looked up at once by their SHA-256, whatever the file is called.
    const status = await wp.rest('GET', `/likeness/v1/status?attachments[]=${id}`);
    expect(status.body.items[0]).toMatchObject({ assetId: asset.assetId, status: 'consent_missing', visible: false });
    const renamed = await wp.uploadMedia(asset.bytes, 'renamed-by-editor.jpg');
    expect((await wp.rest('GET', `/likeness/v1/status?attachments[]=${renamed}`)).body.items[0]).toMatchObject({ assetId: asset.assetId, status: 'consent_missing' });

    // A file that was already in the library before it came to the bank is linked on request.
    const other = await wp.uploadMedia(await photo(seed + 5000), 'before-the-bank.jpg');
    expect((await wp.rest('GET', `/likeness/v1/status?attachments[]=${other}`)).body.items[0].status).toBe('unlinked');
    const later = await likeness.upload(seed + 5000, 'Came to the bank later');
    const linked = await wp.rest('POST', '/likeness/v1/link', { attachmentId: other });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.assetId).toBe(later.id);
  });
});

describe('front end', () => {
  it('a post with an approved and a non-approved image renders only the approved one', async () => {
    const ok = await likeness.approvedAsset(seed++, 'Approved');
    const bad = await likeness.unapprovedAsset(seed++, 'Not approved', 'Cecilia Lind');
    const okMedia = await imported(ok.assetId);
    const badId = await wp.uploadMedia(bad.bytes, bad.name);
    const badMedia = { id: badId, source_url: (await wp.rest('GET', `/wp/v2/media/${badId}?context=edit`)).body.source_url, alt_text: 'Cecilia Lind on the jetty' };
    const unlinkedId = await wp.uploadMedia(await photo(9999), 'not-in-likeness.jpg');
    const unlinked = { id: unlinkedId, source_url: (await wp.rest('GET', `/wp/v2/media/${unlinkedId}?context=edit`)).body.source_url };

    const post = await wp.publish('Two photos', imageBlock(okMedia, 'A happy camper') + imageBlock(badMedia, 'Cecilia Lind, 9 years') + imageBlock(unlinked), badId);
    const html = await wp.render(post.id);
    const article = main(html);
    const file = (url: string) => path.basename(url, '.jpg');

    expect(article).toContain(`data-likeness-asset="${ok.assetId}"`);
    expect(article).toContain('A happy camper');
    expect(article).toMatch(new RegExp(`srcset="[^"]*${file(okMedia.source_url)}-\\d+x\\d+\\.jpg`));
    expect(html).not.toContain(file(badMedia.source_url));
    expect(html).not.toContain('Cecilia Lind');
    expect(html).not.toContain(file(unlinked.source_url)); // the organisation hides files with no GDPR handling
    // The live script, with the public key, for pages that stay open.
    expect(html).toMatch(new RegExp(`<script src="${likeness.url}/live/likeness.js" data-key="lk_[^"]+" data-channel="web" data-server="${likeness.url}" id="likeness-live-js" defer></script>`));
  });

  it('reports usages on publish, ends the usage of a removed image, and ends all on trash', async () => {
    const a = await likeness.approvedAsset(seed++, 'Used A');
    const b = await likeness.approvedAsset(seed++, 'Used B');
    const [ma, mb] = [await imported(a.assetId), await imported(b.assetId)];
    const post = await wp.publish('Publication history', imageBlock(ma) + imageBlock(mb));

    const usageA = (await likeness.usages(a.assetId)).find((u) => u.location === post.link);
    expect(usageA).toMatchObject({ channel: 'web', title: 'Publication history', integration: `wordpress:${wp.url}`, removedAt: null });
    expect((await likeness.usages(b.assetId)).find((u) => u.location === post.link)?.removedAt).toBeNull();

    const updated = await wp.rest('POST', `/wp/v2/posts/${post.id}`, { content: imageBlock(ma) });
    expect(updated.status).toBe(200);
    expect((await likeness.usages(b.assetId)).find((u) => u.location === post.link)?.removedAt).not.toBeNull();
    expect((await likeness.usages(a.assetId)).find((u) => u.location === post.link)?.removedAt).toBeNull();

    expect((await wp.rest('DELETE', `/wp/v2/posts/${post.id}`)).status).toBe(200);
    expect((await likeness.usages(a.assetId)).find((u) => u.location === post.link)?.removedAt).not.toBeNull();
  });
});

describe('webhooks', () => {
  it('a withdrawal reaches WordPress by signed webhook and the next render hides the image', async () => {
    const asset = await likeness.approvedAsset(seed++, 'Will be withdrawn');
    const media = await imported(asset.assetId);
    const post = await wp.publish('Live withdrawal', imageBlock(media, 'Person who withdraws'));
    expect(await wp.render(post.id)).toContain(`data-likeness-asset="${asset.assetId}"`);

    await likeness.withdraw(asset.agreementId);
    // The answer was cached for an hour: only the webhook can change it this fast.
    const hidden = await until('the render without the image', async () => {
      const html = await wp.render(post.id);
      return !html.includes(path.basename(media.source_url, '.jpg')) && html;
    });
    expect(hidden).not.toContain('Person who withdraws');
    const delivered = await likeness.deliveries(webhook.id);
    expect(delivered.some((d) => d.status === 'delivered' && d.responseStatus === 200)).toBe(true);
  });

  it('takes a withdrawn image off its uploads URLs (original and every size) and brings it back when consent is given again', async () => {
    const asset = await likeness.approvedAsset(seed++, 'No back door');
    const media = await imported(asset.assetId);
    const details = (await wp.rest('GET', `/wp/v2/media/${media.id}?context=edit`)).body;
    const urls: string[] = [media.source_url, ...Object.values(details.media_details.sizes as Record<string, { source_url: string }>).map((s) => s.source_url)];
    expect(urls.length, 'WordPress generated sizes').toBeGreaterThan(2);
    const original = Buffer.from(await (await fetch(media.source_url)).arrayBuffer());
    for (const url of urls) expect((await fetch(url)).status, url).toBe(200);

    await likeness.withdraw(asset.agreementId);
    await until('the uploads URLs to stop answering', async () => (await fetch(media.source_url)).status === 404);
    for (const url of urls) expect((await fetch(url)).status, `${url} after the withdrawal`).toBe(404);

    // Editors still see it in the Media Library, through a preview that checks who asks; visitors get nothing.
    const cookie = await wp.adminCookie();
    const library = await fetch(`${wp.url}/wp-admin/admin-ajax.php`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'query-attachments', 'query[post__in][]': String(media.id), 'query[post_status]': 'inherit' }),
    });
    const forEditor = ((await library.json()) as { data: Array<{ url: string }> }).data[0]!.url;
    expect(forEditor).toContain('admin-ajax.php?action=likeness_protected_file');
    // REST answers (which the block editor writes into posts) keep the public URL.
    expect((await wp.rest('GET', `/wp/v2/media/${media.id}?context=edit`)).body.source_url).toBe(media.source_url);
    const preview = await fetch(forEditor, { headers: { cookie } });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/jpeg');
    expect(preview.headers.get('cache-control')).toMatch(/no-store|no-cache/);
    expect(Buffer.from(await preview.arrayBuffer()).equals(original)).toBe(true);
    expect((await fetch(forEditor)).status, 'the preview, signed out').not.toBe(200);
    const listed = await wp.rest('GET', `/wp/v2/media/${media.id}`);
    expect(listed.body.source_url ?? '', 'a visitor sees no URL').toBe('');

    await likeness.consent(asset.personId);
    await until('the uploads URLs to answer again', async () => (await fetch(media.source_url)).status === 200);
    for (const url of urls) expect((await fetch(url)).status, `${url} after consent was given again`).toBe(200);
    expect(Buffer.from(await (await fetch(media.source_url)).arrayBuffer()).equals(original), 'the same bytes').toBe(true);
    expect((await wp.rest('GET', `/wp/v2/media/${media.id}?context=edit`)).body.source_url).toBe(media.source_url);
  });

  it('rejects a bad signature and an old timestamp', async () => {
    const { createHmac } = await import('node:crypto');
    const asset = await likeness.approvedAsset(seed++, 'Forged');
    const media = await imported(asset.assetId);
    const post = await wp.publish('Forged withdrawal', imageBlock(media));
    expect(await wp.render(post.id)).toContain(`data-likeness-asset="${asset.assetId}"`);
    const body = JSON.stringify({ type: 'asset.status.changed', seq: 999_999, id: 'forged', at: new Date().toISOString(), assetId: asset.assetId, channel: 'web', oldStatus: 'approved', newStatus: 'withdrawn', approved: false, visible: false, approvedUntil: null, reasons: [] });
    const send = (signature: string) => fetch(wp.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-likeness-event': 'asset.status.changed', 'x-likeness-signature': signature }, body });
    const sign = (secret: string, t: number) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const now = Math.floor(Date.now() / 1000);

    expect((await send(sign('not-the-secret', now))).status).toBe(401);
    expect((await send(sign(webhook.secret, now - 600))).status).toBe(401);
    expect((await send('t=1,v1=deadbeef')).status).toBe(401);
    expect(await wp.render(post.id)).toContain(`data-likeness-asset="${asset.assetId}"`);
    // The same body, correctly signed now, is accepted: the check was the signature.
    expect((await send(sign(webhook.secret, now))).status).toBe(200);
    expect(await wp.render(post.id)).not.toContain(`data-likeness-asset="${asset.assetId}"`);
  });
});

describe('delivery URLs', () => {
  it('serves approved images from Likeness delivery URLs, which stop answering when consent is withdrawn', async () => {
    const asset = await likeness.approvedAsset(seed++, 'Delivered', undefined, { width: 1600, height: 1200 });
    const media = await imported(asset.assetId);
    const post = await wp.publish('Served by Likeness', imageBlock(media, 'Delivered person'));
    const setDelivery = (channels: string[]) => likeness.api.PATCH('/api/v1/settings', { body: { deliveryChannels: channels } });
    expect((await setDelivery(['web'])).response.status).toBe(200);
    wp.settings({ serve_from: 'likeness' });
    wp.option('likeness_tenant', null); // read the organisation's settings again now, not within the hour
    try {
      const html = main(await wp.render(post.id));
      const src = html.match(/<img[^>]* src="([^"]+)"/)![1]!;
      expect(src).toMatch(new RegExp(`^${likeness.url}/d/[0-9a-f]{32}/web/1600\\.webp$`));
      const srcset = html.match(/<img[^>]* srcset="([^"]+)"/)![1]!.split(', ');
      expect(srcset.length).toBeGreaterThan(3);
      for (const entry of srcset) expect(entry).toMatch(new RegExp(`^${likeness.url}/d/[0-9a-f]{32}/web/\\d+\\.webp \\d+w$`));
      expect(html).not.toContain('/wp-content/uploads/');
      const image = await fetch(src);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/webp');

      await likeness.withdraw(asset.agreementId);
      await until('the render without the image', async () => !main(await wp.render(post.id)).includes(src));
      expect((await fetch(src)).status, 'the delivery URL, for copies outside the page').toBe(410);
    } finally {
      wp.settings({ serve_from: 'uploads' });
      await setDelivery([]);
    }
  });
});

describe('core-server unreachable', () => {
  it('fails closed: cached approvals hold until their lease ends, unknown images are hidden', async () => {
    const open = await likeness.approvedAsset(seed++, 'No end date', null);
    const never = await likeness.approvedAsset(seed++, 'Never rendered');
    const [mo, mn] = [await imported(open.assetId), await imported(never.assetId)];
    const other = await wp.publish('Offline, unseen image', imageBlock(mn));
    wp.option('likeness_test_ttl', 1); // answers go stale after a second, so renders must ask again
    // The lease is set last, just long enough for the first render to see the image approved.
    const leaseEnd = Date.now() + 15_000;
    const leased = await likeness.approvedAsset(seed++, 'Lease ends soon', new Date(leaseEnd).toISOString());
    const ml = await imported(leased.assetId);
    const post = await wp.publish('Offline', imageBlock(ml) + imageBlock(mo));
    try {
      expect((await likeness.status(leased.assetId)).approvedUntil).not.toBeNull();
      const first = await wp.render(post.id);
      expect(first).toContain(`data-likeness-asset="${leased.assetId}"`);
      expect(first).toContain(`data-likeness-asset="${open.assetId}"`);
      await likeness.stop();
      await new Promise((r) => setTimeout(r, 1500));

      const offline = await wp.render(post.id);
      expect(offline, 'leases hold').toContain(`data-likeness-asset="${leased.assetId}"`);
      expect(offline).toContain(`data-likeness-asset="${open.assetId}"`);
      const unseen = await wp.render(other.id);
      expect(unseen, 'unknown is hidden').not.toContain(path.basename(mn.source_url, '.jpg'));

      await new Promise((r) => setTimeout(r, Math.max(0, leaseEnd - Date.now()) + 1000));
      const afterLease = await wp.render(post.id);
      expect(afterLease, 'lease over').not.toContain(path.basename(ml.source_url, '.jpg'));
      expect(afterLease).toContain(`data-likeness-asset="${open.assetId}"`);
    } finally {
      wp.option('likeness_test_ttl', null);
      if (!likeness.running) await likeness.boot();
    }
  }, 120_000);
});
