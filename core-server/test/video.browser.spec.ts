/**
 * Videos in the dashboard, in Chromium against a real server: the Files grid shows a video's poster with its
 * length and plays its short clip while pointed at; the file page has the poster on the player and the
 * video's facts; a face found in a video is listed with its frame and when it is on screen. axe checks the views.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../dashboard/build';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { photo, upload } from './support/media';
import { PASSWORD, createOrg, startTestServer, unwrap, type TestOrg, type TestServer } from './support/test-server';
import { VideoFactory } from './support/videos';

describe('dashboard: videos', () => {
  let server: TestServer;
  let org: TestOrg;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  const videos = new VideoFactory();

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startTestServer();
    org = await createOrg(server, 'video-page');
    chrome = await launchChromium();
  });
  afterAll(async () => {
    videos.cleanup();
    await chrome?.close();
    await server?.stop();
  });

  it('shows a poster with the length, plays the clip on hover, and the facts on the file page', async () => {
    const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: fs.readFileSync(photo('franck.mp4')), name: 'franck.mp4', type: 'video/mp4' }, { title: 'Intervju med Franck' });
    expect(up.status).toBe(201);
    const page = await (await chrome.browser.newContext({ locale: 'sv-SE' })).newPage();
    await page.goto(`${server.url}/admin/files`);
    await page.getByLabel('E-post').fill(org.emails.viewer);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();

    const card = page.locator(`[data-testid="file-card"][data-asset-id="${up.body.id}"]`);
    await card.waitFor();
    // Signed in (the login page's own 401 for "who am I" is expected): from here on, no errors.
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await expect.poll(() => card.locator('.lk-thumb img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await card.locator('.lk-thumb__duration').textContent()).toBe('3:20');
    await card.locator('.lk-thumb').hover();
    const clip = card.locator('.lk-thumb video');
    await clip.waitFor();
    expect(await clip.getAttribute('src')).toBe(`/api/v1/assets/${up.body.id}/files/clip`);
    await expect.poll(() => clip.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && !v.paused), { timeout: 10_000 }).toBe(true);
    await page.mouse.move(0, 0);
    await clip.waitFor({ state: 'detached' });

    await card.click();
    const player = page.locator('video[controls]');
    await player.waitFor();
    expect(await player.getAttribute('poster')).toBe(`/api/v1/assets/${up.body.id}/files/preview`);
    expect(await page.getByTestId('video-facts').textContent()).toBe('3:20 · 360×288 · h264');
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(200);

    // With face matching on, a face found in a video is listed with the frame where it is clearest.
    await unwrap(org.as.owner.PATCH('/api/v1/settings', { body: { faceMatching: true } }));
    const shot = await videos.slideshow('face.mp4', [photo('franck_02159.jpg')], 3);
    const withFace = await upload(server.url, '/api/v1/assets', org.cookies.editor, { bytes: fs.readFileSync(shot), name: 'face.mp4', type: 'video/mp4' });
    await expect
      .poll(async () => (await unwrap(org.as.viewer.GET('/api/v1/assets/{id}', { params: { path: { id: withFace.body.id } } }))).boxes.length, { timeout: 60_000 })
      .toBe(1);
    await page.goto(`${server.url}/admin/files/${withFace.body.id}`);
    const frame = page.getByTestId('box-frame');
    await frame.waitFor();
    await expect.poll(() => frame.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(640);
    expect(await frame.textContent()).toMatch(/^I bild 0:0\d–0:0\d$/);

    expect(await axeViolations(page, 'a video file page')).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
