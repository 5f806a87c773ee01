import { addDays, atOfficeTime, createTestApp, OFFICE_TZ, type TestApp } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('sign-in with the server clock off');

/** Today in the office's time zone, by the real clock the browser lives in. */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TZ }).format(new Date());

/**
 * The browser judges cookies by its own (real) clock. An office server whose clock is wrong (a
 * dead CMOS battery, a virtual machine restored from a snapshot) must not sign every clerk out,
 * and a test app whose fake clock is a month away from today must not either.
 */
describe.runIf(run)('signing in while the server’s clock disagrees with the browser’s', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true, now: atOfficeTime(TODAY, '09:00') });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const days of [-31, -3, 3, 31]) {
    it(`keeps a clerk signed in when the server’s clock is ${Math.abs(days)} days ${days < 0 ? 'behind' : 'ahead'}`, async () => {
      t.clock.set(Date.parse(atOfficeTime(addDays(TODAY, days), '09:00')));
      const context = await browser.newContext({
        viewport: DESKTOP,
        reducedMotion: 'reduce',
        locale: 'pl-PL',
      });
      try {
        const page = await context.newPage();
        const screen = () => page.locator('[data-screen]').first().getAttribute('data-screen');
        await page.goto(`${base}/counter/`);
        await expect.poll(screen, { timeout: 10_000 }).toBe('sign-in');
        const clerk = t.seed.clerks[0];
        if (!clerk) throw new Error('the sample office has no clerks');
        await page.getByLabel('Nazwa użytkownika').fill(clerk.username);
        await page.getByLabel('Hasło').fill(clerk.password);
        await page.getByRole('button', { name: 'Zaloguj' }).click();
        await expect.poll(screen, { timeout: 10_000 }).toBe('setup');

        // The browser kept the cookie: a reload and an API call are still signed in.
        const [cookie] = await context.cookies();
        expect(cookie?.name).toBe('numerek_session');
        expect((cookie?.expires ?? 0) * 1000).toBeGreaterThan(Date.now() + 11 * 3600_000);
        await page.reload();
        await expect.poll(screen, { timeout: 10_000 }).toBe('setup');
        expect((await page.request.get(`${base}/api/auth/me`)).status()).toBe(200);

        // The server still enforces its own 12 hours, on its own clock.
        t.clock.advance(12 * 3600_000 + 1);
        expect((await page.request.get(`${base}/api/auth/me`)).status()).toBe(401);
      } finally {
        await context.close();
      }
    });
  }
});
