import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless; Playwright gives each launch a fresh temporary profile. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    headless: true,
  });
  return { browser, close: () => browser.close() };
}

export const artifactsDir = () => {
  const dir = path.resolve(import.meta.dirname, '../test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
