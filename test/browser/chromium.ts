// Headless Chromium for report and UI tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
// download), with network access to anything but local files refused, so a report that fetches anything fails.
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** One browser for the tests of a file: launched before them, closed after; call it in the `describe` body. */
export function chromiumForTests(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** Opens a local file and records every request that is not for that file (a self-contained page makes none). */
export async function openFile(browser: Browser, path: string): Promise<{ page: Page; foreignRequests: string[] }> {
  // A page in its own context (axe needs one).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const url = `file://${path}`;
  const foreignRequests: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  return { page, foreignRequests };
}

/** Checks that every legend entry of every chart in a figure lies inside its drawing. */
export async function expectLegendsInside(page: Page): Promise<void> {
  for (const svg of await page.locator('figure svg').all()) {
    const box = (await svg.boundingBox())!;
    for (const item of await svg.locator('.legend-item').all()) {
      const b = (await item.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(b.y).toBeGreaterThanOrEqual(box.y - 0.5);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
    }
  }
}
