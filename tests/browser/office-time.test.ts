import { ADMIN_PASSWORD, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import { AUDIT_DETAIL_KEYS } from '@numerek/shared/audit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { listen } from '../realtime/support.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { signInAt } from './support/staff-forms.ts';

const MIN = 60_000;
/** A zone hours away from the office's (Europe/Warsaw), as on a central administrator's laptop. */
const ELSEWHERE = 'America/New_York';
const pl = CONSOLE_STRINGS.pl;
/** The test day as the console writes it ("07.12"). */
const DAY = `${MONDAY.slice(8, 10)}.${MONDAY.slice(5, 7)}`;

/**
 * The office in Warsaw, the browser in New York: every time a person reads is on the office's
 * clock, as on the hall display and the printed ticket. The test day starts at 09:00 in Warsaw.
 */
describe.runIf(browserAvailable('office time browser test'))('times on the office’s clock', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let staff: BrowserContext;
  let page: Page;
  let ticketId: string;

  const ok = async (who: Parameters<TestApp['request']>[0], url: string, body: unknown = {}) => {
    const res = await t.request(who, 'POST', url, body);
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    base = await listen(t.app);
    // 09:07:50 in Warsaw: a display is paired with a new link, the kiosk issues R001.
    t.clock.advance(7 * MIN + 50_000);
    await t.newDevice('display', 'Monitor – piętro');
    const issued = await ok('kiosk', '/api/tickets', { categoryId: t.category.R });
    ticketId = issued.json<{ id: string; code: string }>().id;
    expect(issued.json<{ code: string }>().code).toBe('R001');
    // Counter 3 calls it and sends the client on to category M; counter 1 serves and finishes.
    t.clock.advance(2 * MIN + 10_000);
    await ok('clerk', `/api/counters/${t.counter[3]}/open`);
    await ok('clerk', `/api/counters/${t.counter[3]}/next`);
    t.clock.advance(2 * MIN);
    await ok('clerk', `/api/counters/${t.counter[3]}/transfer`, { categoryId: t.category.M });
    t.clock.advance(3 * MIN);
    await ok('clerk2', `/api/counters/${t.counter[1]}/open`);
    await ok('clerk2', `/api/counters/${t.counter[1]}/next`);
    await ok('clerk2', `/api/counters/${t.counter[1]}/start`);
    t.clock.advance(5 * MIN);
    await ok('clerk2', `/api/counters/${t.counter[1]}/finish`);
    // 09:20:00 in Warsaw.

    browser = await launchBrowser();
    staff = await browser.newContext({
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      locale: 'pl-PL',
      timezoneId: ELSEWHERE,
    });
    await staff.clock.setSystemTime(t.clock.now());
    page = await staff.newPage();
    await signInAt(page, `${base}/counter/#/console/audit`, 'admin', ADMIN_PASSWORD);
    await page.waitForSelector('[data-screen="console-audit"]');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says the audit log in Polish: no raw names, ids or UTC timestamps', async () => {
    const table = page.locator('table.audit');
    await expect.poll(() => table.innerText()).toContain('link utworzył(a): Ewa Kierownik');
    const text = await table.innerText();
    expect(text).toContain(`${DAY}, 09:07:50`);
    expect(text).toContain(`link utworzony: ${DAY}, 09:07:50`);
    expect(text).toContain('zastąpione wcześniejsze sparowanie: nie');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    for (const id of Object.values(t.userId)) expect(text).not.toContain(id);
    // A name the console says in words never shows as recorded ("linkBy: …").
    const keys: Readonly<Record<string, string>> = pl.audit.keys;
    const raw = AUDIT_DETAIL_KEYS.filter((k) => keys[k] !== k && text.includes(`${k}:`));
    expect(raw).toEqual([]);
    await audit(page, 'audit log, browser in New York');
  });

  it('says when a device was last seen on the office’s clock', async () => {
    await page.goto(`${base}/counter/#/console/devices`);
    const kiosk = page.getByRole('row', { name: /Biletomat – hol główny/ });
    await expect.poll(() => kiosk.innerText()).toContain(`${DAY}, 09:07:50`);
    await audit(page, 'devices, browser in New York');
  });

  it('shows the whole visit of a transferred ticket on one page, ending where it ended', async () => {
    const w = pl.ticket;
    await page.goto(`${base}/counter/#/console/ticket`);
    await page.getByLabel(w.idLabel).fill('R001');
    await page.getByRole('button', { name: w.show }).click();
    const state = page.locator('dd[data-state]');
    await expect.poll(() => state.getAttribute('data-state')).toBe('finished');
    expect(await state.innerText()).toMatch(/^obsłużony – w sprawie M /);
    expect(await page.locator('.facts').innerText()).toContain(w.visit);
    const rows = page.locator('table tbody tr');
    const events = await rows.locator('td:nth-child(2)').allInnerTexts();
    expect(events[0]).toBe(w.eventNames.issued);
    expect(events).toContain(w.eventNames.transferred);
    expect(events).toContain(w.eventNames.transferred_in);
    expect(events.at(-1)).toBe(w.eventNames.finished);
    const times = await rows.locator('td:nth-child(1)').allInnerTexts();
    expect(times[0]).toBe(`${DAY}, 09:07:50`);
    expect(times.at(-1)).toBe(`${DAY}, 09:20:00`);
    expect([...times].sort()).toEqual(times);
    // Both legs are on this page: no link sends the reader to the other one.
    expect(await page.getByRole('link', { name: w.details.nextLeg }).count()).toBe(0);
    expect(await page.getByRole('link', { name: w.details.previousLeg }).count()).toBe(0);
    await audit(page, 'transferred ticket history, browser in New York');
  });

  it('says on the phone page when it was checked, on the office’s clock, in every language', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ELSEWHERE });
    try {
      await phone.clock.setFixedTime(t.clock.now());
      const p = await phone.newPage();
      await p.goto(`${base}/t/${ticketId}`);
      const meta = p.locator('.meta');
      await expect.poll(() => meta.innerText()).toBe('Stan z godziny 09:20:00');
      await audit(p, 'phone page, browser in New York');
      await p.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => meta.innerText()).toBe('Checked at 09:20:00 AM');
    } finally {
      await phone.close();
    }
  });
});
