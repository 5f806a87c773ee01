import { createTestApp, type TestApp } from '@numerek/server/testing';
import { COUNTER_LIST_LIMIT } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { signInAt } from './support/staff-forms.ts';

const run = browserAvailable('clerk panel long queue test');
const WAITING = COUNTER_LIST_LIMIT + 15;

/**
 * With more clients waiting than the panel lists, the clerk still reads how many wait: the count
 * per category, the toolbar's count and a line under the list saying how many of them it shows.
 */
describe.skipIf(!run)('the clerk panel with a long queue', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    const clerk = t.seed.clerks[0];
    if (!clerk) throw new Error('the sample office has no clerks');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    for (let i = 0; i < WAITING; i++) {
      const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
      expect(res.statusCode, res.body).toBe(201);
      t.clock.advance(10_000);
    }
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    page = await context.newPage();
    await signInAt(page, `http://127.0.0.1:${address.port}/counter/`, clerk.username, clerk.password);
    await page.getByLabel('Stanowisko', { exact: true }).selectOption({ label: 'Stanowisko 1 (zamknięte)' });
    await page.getByRole('button', { name: 'Otwórz stanowisko' }).click();
    await page.locator('[data-screen="panel"]').waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the first clients and counts them all', async () => {
    const rows = page.locator('table.waiting tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(COUNTER_LIST_LIMIT);
    await expect(rows.first().innerText()).resolves.toContain('A001');
    const ids = page.getByRole('row', { name: /Dowody osobiste/ });
    await expect.poll(() => ids.first().innerText()).toMatch(new RegExp(`Dowody osobiste\\s+${WAITING}\\s`));
    await expect
      .poll(() => page.locator('.queue-card').innerText())
      .toContain(`Pokazano pierwszych ${COUNTER_LIST_LIMIT} z ${WAITING} oczekujących.`);
    await auditBothSizes(page, 'panel, long queue');
  });

  it('after a call, says one fewer waits, also in the compact toolbar and in English', async () => {
    await page.keyboard.press('n');
    await expect
      .poll(() => page.locator('.queue-card').innerText(), { timeout: 10_000 })
      .toContain(`Pokazano pierwszych ${COUNTER_LIST_LIMIT} z ${WAITING - 1} oczekujących.`);
    await page.getByRole('combobox', { name: /Język/ }).selectOption('en');
    await expect
      .poll(() => page.locator('.queue-card').innerText())
      .toContain(`Showing the first ${COUNTER_LIST_LIMIT} of ${WAITING - 1} waiting.`);
    await page.getByRole('button', { name: 'Toolbar mode' }).click();
    await page.locator('[data-screen="toolbar"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.compact').innerText()).toContain(`Waiting: ${WAITING - 1}`);
    await audit(page, 'toolbar, long queue');
  });
});
