import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { artifactsDir, launchChromium } from './support/browser';
import { apiKey, approvedAsset, inMs } from './support/live';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

/** A host page on its own localhost origin, as a CMS would render it. */
async function hostPage(html: () => string) {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the drop-in browser script in headless Chromium', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrg(server, 'browser');
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('hides an open page\'s image live when consent is withdrawn, and by itself at lease end with the server gone', async () => {
    const withdrawable = await approvedAsset(server.url, org, 'cage.jpg');
    const expiring = await approvedAsset(server.url, org, 'audrey_crop.jpg', inMs(6000));
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    let key = '';
    const page = await hostPage(
      () => `<!doctype html><html><body>
        <img id="a" data-likeness-asset="${withdrawable.assetId}" src="${server.url}/live/likeness.js#a" alt="a" width="40" height="40">
        <img id="b" data-likeness-asset="${expiring.assetId}" src="${server.url}/live/likeness.js#b" alt="b" width="40" height="40">
        <img id="c" data-likeness-asset="${unknown}" src="${server.url}/live/likeness.js#c" alt="c" width="40" height="40">
        <p id="plain">text</p>
        <script src="${server.url}/live/likeness.js" data-key="${key}" data-channel="web" defer></script>
      </body></html>`,
    );
    key = await apiKey(org, ['status:read'], { public: true, origins: [page.origin] });

    const tab = await chrome.browser.newPage();
    try {
      await tab.goto(page.origin);
      const shown = (id: string) => tab.evaluate((el) => {
        const node = document.getElementById(el)!;
        return node.hasAttribute('data-likeness-ok') && getComputedStyle(node).visibility !== 'hidden';
      }, id);
      await tab.waitForFunction(() => document.getElementById('a')!.hasAttribute('data-likeness-ok'), null, { timeout: 10_000 });
      expect(await shown('a')).toBe(true);
      expect(await shown('b')).toBe(true);
      expect(await shown('c')).toBe(false); // unknown: fail closed
      await tab.screenshot({ path: path.join(artifactsDir(), 'live-script-before.png') });

      await unwrap(org.as['gdpr-admin'].POST('/api/v1/agreements/{id}/withdraw', { params: { path: { id: withdrawable.agreementId } }, body: {} }));
      await tab.waitForFunction(() => !document.getElementById('a')!.hasAttribute('data-likeness-ok'), null, { timeout: 3000 });
      expect(await shown('a')).toBe(false);
      expect(await tab.getAttribute('#a', 'src')).toBeNull(); // the image itself is gone, not just invisible
      expect(await shown('b')).toBe(true);

      // The server goes away; the lease still ends on time in the browser.
      await server.close();
      await tab.waitForFunction(() => !document.getElementById('b')!.hasAttribute('data-likeness-ok'), null, { timeout: 10_000 });
      expect(await shown('b')).toBe(false);
      await tab.screenshot({ path: path.join(artifactsDir(), 'live-script-after.png') });
    } finally {
      await tab.close();
      await page.close();
    }
  });
});
