import fs from 'node:fs';
import { describe } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser suites run in Debian's Chromium. Under CI its absence is a failure;
 * on a developer's machine without it the suite is skipped with the reason.
 */
function chromiumPresent(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}`);
  return false;
}

export const describeBrowser = chromiumPresent() ? describe : describe.skip;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no network but loopback; these stop Chromium's own background calls.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Fails the test on any uncaught page error: a broken page must not pass by accident. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** True when the document is wider than the window: the phone layout has failed. */
export async function overflowsHorizontally(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}
