import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); CI installs it in .ci/run. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Outside CI a missing Chromium skips them, and says so;
 * under CI=true a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${suite}: Chromium is required in CI but ${CHROMIUM} is missing`);
  process.stdout.write(
    `\n[skipped] ${suite}: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)\n`,
  );
  return false;
}

/**
 * Headless Chromium with the flags this environment needs (no sandbox as root, no background
 * network). Sound plays without a tap, as on a TV set up as the README says; with
 * `{ autoplay: false }` the browser keeps its own policy and blocks sound until a person taps
 * the page, as on a smart TV's browser (a page must not be handed a user gesture first: Playwright's
 * `evaluate` counts as one).
 */
export function launchBrowser(opts: { autoplay?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(opts.autoplay === false ? [] : ['--autoplay-policy=no-user-gesture-required']),
    ],
  });
}
