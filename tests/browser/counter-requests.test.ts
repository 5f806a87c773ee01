import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('clerk panel request count test');
/** Longer than the server gathers queue changes (100 ms) and a delta's trip, on a loaded machine. */
const SETTLE_MS = 1500;

/**
 * A clerk's action costs the panel one HTTP request: the answer holds the counter's whole detail
 * and the live stream's position it reflects, so the deltas it causes bring no refetch.
 */
describe.skipIf(!run)('the clerk panel’s requests per action', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    const clerk = t.seed.clerks[0];
    if (!clerk) throw new Error('the sample office has no clerks');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    for (let i = 0; i < 3; i++) {
      const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
      expect(res.statusCode, res.body).toBe(201);
    }
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    page = await context.newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) requests.push(`${r.method()} ${url.pathname}`);
    });
    await page.goto(`${base}/counter/`);
    await page.getByLabel('Nazwa użytkownika').fill(clerk.username);
    await page.getByLabel('Hasło').fill(clerk.password);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.getByLabel('Stanowisko', { exact: true }).selectOption({ label: 'Stanowisko 1 (zamknięte)' });
    await page.getByRole('button', { name: 'Otwórz stanowisko' }).click();
    await page.locator('table.waiting tbody tr').nth(2).waitFor({ timeout: 15_000 });
    await page.locator('.live.online').waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const counterPath = () => `/api/counters/${t.counter[1]}`;
  const status = () => page.locator('.result[role="status"]').first().innerText();

  it('next, start and finish each cost one request and no follow-up GET', async () => {
    // The panel has joined its live stream (the subscription's fetch is done) and is quiet.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    for (const [key, action, said, waiting] of [
      ['n', 'next', 'Wywołano A001', 2],
      ['s', 'start', 'Rozpoczęto obsługę A001', 2],
      ['f', 'finish', 'Zakończono obsługę A001', 2],
    ] as const) {
      requests.length = 0;
      await page.keyboard.press(key);
      await expect.poll(status, { timeout: 10_000 }).toContain(said);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      expect(requests, action).toEqual([`POST ${counterPath()}/${action}`]);
      expect(await page.locator('table.waiting tbody tr').count(), action).toBe(waiting);
    }
  });

  it('still fetches for a change the clerk did not make', async () => {
    requests.length = 0;
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(res.statusCode).toBe(201);
    await expect.poll(() => page.locator('table.waiting tbody tr').count(), { timeout: 10_000 }).toBe(3);
    expect(requests).toContain(`GET ${counterPath()}`);
  });
});
