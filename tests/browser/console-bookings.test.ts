import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('console bookings page');

/**
 * The console's bookings page in Chromium (docs/decisions/0033-bookings.md): check-in by phone
 * number switched on, and a category's calendar address made and read without a session;
 * axe-clean at both sizes.
 */
describe.skipIf(!run)('the console’s bookings page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${t.category.A}`, {
      enabled: true,
    });
    expect(set.statusCode, set.body).toBe(200);
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' })
    ).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('switches check-in by phone number on, and makes a calendar address a calendar reads without a session', async () => {
    await page.goto(`${base}/counter/#/console/bookings`);
    await page.getByLabel('Nazwa użytkownika').fill('admin');
    await page.getByLabel('Hasło').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Kalendarze rezerwacji' }).count(), { timeout: 10_000 })
      .toBe(1);
    await auditBothSizes(page, 'console bookings');

    await page.getByLabel('Pozwól potwierdzić rezerwację numerem telefonu podanym przy rezerwacji').check();
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await expect
      .poll(async () => (await t.request('supervisor', 'GET', '/api/admin/bookings/office')).json())
      .toEqual({ phoneCheckIn: true });

    await page.getByRole('button', { name: /^Utwórz nowy adres kalendarza dla sprawy A / }).click();
    const field = page.locator('[data-feed-url="A"]');
    await expect.poll(() => field.count()).toBe(1);
    const url = await field.inputValue();
    expect(url).toMatch(/\/api\/bookings\/feed\/[A-Za-z0-9_-]{43}$/);
    const feed = await fetch(`${base}${new URL(url).pathname}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    await auditBothSizes(page, 'console bookings, a calendar address shown');
  });
});
