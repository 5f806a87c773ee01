import type { Browser } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@numerek/server/testing';
import { TICKET_TEXT } from '../../kiosk/src/ticket/ticket-text.ts';
import { expectNoAxeViolations } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('phone ticket page');

describe.runIf(run)('the ticket page a phone opens from the QR code', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('follows a ticket from waiting to called, in its language, with no violations', async () => {
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    const mine = (
      await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A, language: 'en' })
    ).json();
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${base}/t/${mine.id}`);
    await expect.poll(() => page.locator('h1 .code').textContent()).toBe('A002');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => page.locator('.ahead').textContent()).toBe('1 person ahead of you');
    // No counter is open yet: the page says so instead of a wait range.
    await expect
      .poll(() => page.locator('.status .wait').textContent())
      .toBe('No counter is serving this matter right now. We will call you when one opens.');
    await expectNoAxeViolations(page, 'ticket page, waiting while no counter serves its matter');

    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
    await expect
      .poll(() => page.locator('.status .wait').textContent(), { timeout: 10_000 })
      .toMatch(/^You will wait about \d+–\d+ min$|^We will call your number soon$/);
    await expectNoAxeViolations(page, 'ticket page, waiting');

    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/no-show`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    await expect
      .poll(() => page.locator('.status h2').textContent(), { timeout: 10_000 })
      .toBe('It is your turn! Please go to: Stanowisko 1 (no. 1)');
    expect(await page.locator('.counter').textContent()).toBe('1');
    await expectNoAxeViolations(page, 'ticket page, called');

    await page.getByRole('button', { name: 'Polski' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await expect
      .poll(() => page.locator('.status h2').textContent())
      .toBe('Twoja kolej! Podejdź do: Stanowisko 1 (nr 1)');
  });

  it('says plainly when the ticket does not exist', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/t/no-such-ticket`);
    await expect.poll(() => page.locator('.notice').textContent()).toBe(TICKET_TEXT.pl.notFound);
  });
});
