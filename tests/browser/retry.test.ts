import { FakePrinter } from '@numerek/hardware';
import { IDEMPOTENCY_KEY_HEADER, type IssuedTicket } from '@numerek/shared';
import { column, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { asPairedDevice } from './support/devices.ts';
import { giveKioskPrinter } from './support/kiosk-printer.ts';

/**
 * The answer lost after the server acted, as on a flaky office network: the first request reaches
 * the server and is carried out, but the browser sees a timeout. The kiosk and the clerk panel
 * retry with the same Idempotency-Key and show the first result; nothing happens twice.
 */
const run = browserAvailable('retry browser test');

describe.skipIf(!run)('kiosk and clerk panel retry a lost answer in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Lets the first matching request reach the server, then drops its answer; later ones pass. */
  async function loseFirstAnswer(page: Page, pattern: string): Promise<string[]> {
    const keys: string[] = [];
    await page.route(pattern, async (route: Route) => {
      keys.push(route.request().headers()[IDEMPOTENCY_KEY_HEADER] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        await route.abort('timedout');
      } else {
        await route.continue();
      }
    });
    return keys;
  }

  const screenOf = (page: Page) => page.locator('[data-screen]').first().getAttribute('data-screen');
  const tickets = async () => Number(await t.db.value('SELECT count(*) FROM tickets'));

  it('the kiosk shows the ticket issued by the lost request, and issues and prints only that one', async () => {
    const token = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await asPairedDevice(context, 'kiosk', token);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/kiosk/`);
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('language');
      const keys = await loseFirstAnswer(page, '**/api/tickets');
      const before = { tickets: await tickets(), printed: t.printer.jobs.length };
      await page.locator('.language-choice', { hasText: 'English' }).click();
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/tickets') && r.status() === 201);
      await page.locator('[data-category="A"]').click();
      await page.locator('[data-priority="none"]').click();
      const ticket = (await (await answer).json()) as IssuedTicket;
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('ticket');
      expect((await page.locator('[data-code]').innerText()).trim()).toBe(ticket.code);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(await tickets()).toBe(before.tickets + 1);
      expect(t.printer.jobs.length).toBe(before.printed + 1);
      expect(t.printer.jobs.at(-1)?.code).toBe(ticket.code);
    } finally {
      await context.close();
    }
  });

  it('the kiosk whose answer was lost while the printer was silent shows that ticket, then that it did not print; nothing prints later', async () => {
    const fake = await FakePrinter.start('silent');
    const printer = await giveKioskPrinter(t, fake, { maxJobAgeSeconds: 5 });
    const token = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await asPairedDevice(context, 'kiosk', token);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/kiosk/`);
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('language');
      const keys = await loseFirstAnswer(page, '**/api/tickets');
      const before = await tickets();
      await page.locator('.language-choice', { hasText: 'English' }).click();
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/tickets') && r.status() === 201);
      await page.locator('[data-category="A"]').click();
      await page.locator('[data-priority="none"]').click();
      const ticket = (await (await answer).json()) as IssuedTicket;
      expect(ticket.print).toEqual({ state: 'pending', reason: null });
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('ticket');
      expect((await page.locator('[data-code]').innerText()).trim()).toBe(ticket.code);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      await expect
        .poll(() => page.getByRole('status').getAttribute('data-print'), { timeout: 10_000 })
        .toBe('failed');
      expect(await page.getByRole('alert').innerText()).toContain('The printer is not working.');
      expect(await tickets()).toBe(before + 1);
      // The printer answers again: the ticket it never printed does not come out late.
      fake.setState('ok');
      await new Promise((r) => setTimeout(r, 1000));
      expect(fake.jobs).toEqual([]);
      expect(fake.held).toEqual([]);
    } finally {
      await printer.detach();
      await context.close();
      await fake.close();
    }
  });

  it('the clerk’s "next" whose answer was lost calls one client, shown on the panel', async () => {
    for (let i = 0; i < 2; i++) {
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
    }
    const clerk = t.seed.clerks[1];
    if (!clerk) throw new Error('the sample office has no second clerk');
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/counter/`);
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('sign-in');
      await page.getByLabel('Nazwa użytkownika').fill(clerk.username);
      await page.getByLabel('Hasło').fill(clerk.password);
      await page.getByRole('button', { name: 'Zaloguj' }).click();
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('setup');
      await page
        .getByLabel('Stanowisko', { exact: true })
        .selectOption({ label: 'Stanowisko 2 (zamknięte)' });
      await page.getByRole('button', { name: 'Otwórz stanowisko' }).click();
      await expect.poll(() => screenOf(page), { timeout: 10_000 }).toBe('panel');

      const keys = await loseFirstAnswer(page, '**/api/counters/*/next');
      await page.locator('[data-action="next"]').click();
      // The panel says what it called only once the retry has answered.
      await expect.poll(() => keys.length, { timeout: 10_000 }).toBe(2);
      await expect
        .poll(() => page.locator('.result[role="status"]').first().innerText(), { timeout: 10_000 })
        .toMatch(/Wywołano [A-Z]+\d{3}/);
      const shown = await page.locator('[data-ticket]').getAttribute('data-ticket');
      expect(await page.locator('.result[role="status"]').first().innerText()).toContain(`Wywołano ${shown}`);
      expect(keys[1]).toBe(keys[0]);
      const called = await column(
        t.db,
        "SELECT code FROM tickets WHERE state = 'called' AND counter_id = ?",
        [t.counter[2]],
      );
      expect(called).toEqual([shown]);
      expect(
        await t.db.value("SELECT count(*) FROM ticket_events WHERE type = 'called' AND counter_id = ?", [
          t.counter[2],
        ]),
      ).toBe(1);
    } finally {
      await context.close();
    }
  });
});
