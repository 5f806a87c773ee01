import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { installAudioProbe, readAloud } from './audio-probe.ts';
import { asPairedDevice } from './devices.ts';

export interface KioskPage {
  page: Page;
  context: BrowserContext;
  /** What the read-aloud mode said so far: the server's audio played, or texts given to the browser's voice. */
  spoken: () => Promise<string[]>;
}

/**
 * A kiosk page in Chromium against the real server at `base`: paired with `token` (as a pairing
 * link leaves it) unless it is null, opened with a pairing link's code when `pair` gives one, and
 * with the page's clock under the test's control when `clock` is set.
 */
export async function openKioskPage(
  browser: Browser,
  base: string,
  viewport: { width: number; height: number },
  opts: { token: string | null; pair?: string; clock?: boolean },
): Promise<KioskPage> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  if (opts.token) await asPairedDevice(context, 'kiosk', opts.token);
  const page = await context.newPage();
  // What the read-aloud mode says: the server's audio it plays, or what it gives the browser's voice.
  await installAudioProbe(page);
  if (opts.clock) await page.clock.install();
  await page.goto(`${base}/kiosk/${opts.pair ? `#pair=${opts.pair}` : ''}`);
  const spoken = () => readAloud(page);
  return { page, context, spoken };
}

/** The kiosk's screen, from its root's `data-screen`. */
export const kioskScreen = (page: Page) => page.locator('[data-screen]').getAttribute('data-screen');

/** Waits (up to 10 s) for the kiosk to show `screen`. */
export const expectKioskScreen = (page: Page, screen: string) =>
  expect.poll(() => kioskScreen(page), { timeout: 10_000 }).toBe(screen);
