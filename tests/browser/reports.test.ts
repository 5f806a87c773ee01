import type { Me, Report } from '@numerek/shared';
import {
  addDays,
  ADMIN_PASSWORD,
  atOfficeTime,
  CENTRAL_PASSWORD,
  CENTRAL_USERNAME,
  createTestApp,
  MONDAY,
  type TestApp,
} from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('console reports page');

/** 22 days before the test office's Monday: a range of 23 days, and the day before it. */
const FIRST = addDays(MONDAY, -22);
const BEFORE_FIRST = addDays(MONDAY, -23);

describe.runIf(run)('the console’s reports page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' })
    ).newPage();

    // A short morning: three clients of A, one served after 6 minutes, one missed, one still waiting.
    const counter = `/api/counters/${t.counter[1]}`;
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
    }
    await t.request('clerk', 'POST', `${counter}/open`);
    t.clock.advance(6 * 60_000);
    await t.request('clerk', 'POST', `${counter}/next`);
    await t.request('clerk', 'POST', `${counter}/start`);
    t.clock.advance(4 * 60_000);
    await t.request('clerk', 'POST', `${counter}/finish`);
    await t.request('clerk', 'POST', `${counter}/next`);
    await t.request('clerk', 'POST', `${counter}/no-show`);
    // A booking the office's portal made for 08:00, which nobody checked in: a no-show.
    const imported = await t.request('admin', 'PUT', '/api/admin/bookings/portal/p-1', {
      categoryId: t.category.A,
      at: atOfficeTime(MONDAY, '08:00'),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(await t.app.services.bookings.markNoShows()).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a day’s figures as the report API computes them, and offers each format', async () => {
    await page.goto(`${base}/counter/#/console/reports`);
    await page.getByLabel('Nazwa użytkownika').fill('admin');
    await page.getByLabel('Hasło').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Okres raportu' }).count(), { timeout: 10_000 })
      .toBe(1);
    await auditBothSizes(page, 'reports, empty');

    await page.getByLabel('Od', { exact: true }).fill(MONDAY);
    await page.getByLabel('Do', { exact: true }).fill(MONDAY);
    await page.getByRole('button', { name: 'Pokaż raport' }).click();
    const status = page.locator('.result[role="status"]');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('wydano 3, obsłużono 1');

    const api = (
      await t.request('admin', 'GET', `/api/reports/daily?date=${MONDAY}&format=json`)
    ).json() as Report;
    expect(api.total).toMatchObject({ issued: 3, served: 1, noShow: 1 });
    const summary = page.locator('.report-summary');
    const figure = (label: string) => summary.locator('div', { hasText: label }).locator('dd').innerText();
    expect(await figure('Wydane bilety')).toBe('3');
    expect(await figure('Obsłużeni')).toBe('1');
    expect(await figure('Nieobecni')).toBe('1');
    // Two calls, after 6 and 10 minutes: a mean of 8 and a 4-minute service.
    expect(await figure('Średnie czekanie')).toBe('8 min');
    expect(await figure('Średnia obsługa')).toBe('4 min');
    const category = page.getByRole('region', { name: 'Według spraw (tabela)' });
    const row = category.getByRole('row').filter({ hasText: api.byCategory[0]?.label ?? '?' });
    expect(await row.getByRole('cell').first().innerText()).toBe('3');
    expect(await page.locator('.arrivals li').count()).toBe(1);
    // The bookings: one booked, none checked in, one who did not come, so no time from slot to call.
    expect(api.bookings).toMatchObject([{ day: MONDAY, booked: 1, checkedIn: 0, noShow: 1 }]);
    const bookings = page.getByRole('region', { name: 'Rezerwacje (tabela)' });
    const booked = bookings.getByRole('row').filter({ hasText: api.bookings[0]?.label ?? '?' });
    expect((await booked.getByRole('cell').allInnerTexts()).slice(1)).toEqual(['1', '0', '1', '–']);
    await auditBothSizes(page, 'reports, a day shown');
    await page.screenshot({ path: path.join(tmpdir(), 'numerek-reports.png'), fullPage: true });

    // Every download link answers with its format, with the browser's session.
    const links = page.getByRole('group', { name: 'Pobierz raport' }).getByRole('link');
    expect(await links.count()).toBe(3);
    const types: string[] = [];
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(href).toContain(`date=${MONDAY}`);
      // The files are asked for in the console's language.
      if (!href.includes('format=json')) expect(href).toContain('lang=pl');
      const res = await page.request.get(`${base}${href}`);
      expect(res.status(), href).toBe(200);
      types.push(res.headers()['content-type'] ?? '');
    }
    expect(types).toEqual([
      expect.stringContaining('application/pdf'),
      expect.stringContaining('text/csv'),
      expect.stringContaining('application/json'),
    ]);
    const download = page.waitForEvent('download');
    await links.first().click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('opens on the office’s today on a computer set to another time zone, and a central administrator after them on the computer’s', async () => {
    const zone = (await t.request('admin', 'GET', '/api/auth/me')).json<Me>().officeTimeZone;
    expect(zone).toBe('Europe/Warsaw');
    const dateIn = (at: number, timeZone: string) => new Date(at).toLocaleDateString('sv-SE', { timeZone });
    // The next half past midnight at the office: in New York it is still the day before.
    const HALF_HOUR = 30 * 60_000;
    let at = Math.ceil(Date.now() / HALF_HOUR) * HALF_HOUR;
    const clockAt = (ms: number) =>
      new Date(ms).toLocaleTimeString('sv-SE', {
        timeZone: 'Europe/Warsaw',
        hour: '2-digit',
        minute: '2-digit',
      });
    while (clockAt(at) !== '00:30') at += HALF_HOUR;
    expect(dateIn(at, 'America/New_York')).not.toBe(dateIn(at, 'Europe/Warsaw'));

    const context = await browser.newContext({
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      locale: 'pl-PL',
      timezoneId: 'America/New_York',
    });
    try {
      const away = await context.newPage();
      await away.clock.install({ time: at });
      await away.goto(`${base}/counter/#/console/reports`);
      await away.getByLabel('Nazwa użytkownika').fill('admin');
      await away.getByLabel('Hasło').fill(ADMIN_PASSWORD);
      await away.getByRole('button', { name: 'Zaloguj' }).click();
      const from = away.getByLabel('Od', { exact: true });
      await expect.poll(() => from.inputValue(), { timeout: 10_000 }).toBe(dateIn(at, 'Europe/Warsaw'));
      expect(await away.getByLabel('Do', { exact: true }).inputValue()).toBe(dateIn(at, 'Europe/Warsaw'));

      // A central administrator who signs in next on the same page, without a reload, belongs to
      // no office: the report across offices opens on the computer's today.
      await away.getByRole('button', { name: 'Wyloguj' }).click();
      await away.getByLabel('Nazwa użytkownika').fill(CENTRAL_USERNAME);
      await away.getByLabel('Hasło').fill(CENTRAL_PASSWORD);
      await away.getByRole('button', { name: 'Zaloguj' }).click();
      await away.getByRole('link', { name: 'Raport wszystkich urzędów' }).click();
      await expect
        .poll(() => away.getByLabel('Od', { exact: true }).inputValue(), { timeout: 10_000 })
        .toBe(dateIn(at, 'America/New_York'));
    } finally {
      await context.close();
    }
  });

  it('asks the range route for several days and says what is wrong with a bad range', async () => {
    await page.getByLabel('Od', { exact: true }).fill(FIRST);
    await page.getByLabel('Do', { exact: true }).fill(MONDAY);
    const pdf = page.getByRole('link', { name: /Pobierz PDF/ });
    expect(await pdf.getAttribute('href')).toBe(
      `/api/reports/range?from=${FIRST}&to=${MONDAY}&format=pdf&lang=pl`,
    );
    await page.getByRole('button', { name: 'Pokaż raport' }).click();
    await expect
      .poll(() => page.locator('.result[role="status"]').innerText(), { timeout: 10_000 })
      .toContain('(23 dni): wydano 3');

    await page.getByLabel('Do', { exact: true }).fill(BEFORE_FIRST);
    const to = page.getByLabel('Do', { exact: true });
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    const described = (await to.getAttribute('aria-describedby')) ?? '';
    expect(described).not.toBe('');
    expect(await page.locator(`[id="${described.split(' ')[0]}"]`).innerText()).toContain(
      'nie może być wcześniejszy',
    );
    expect(await page.getByRole('button', { name: 'Pokaż raport' }).isDisabled()).toBe(true);
    expect(await page.getByRole('group', { name: 'Pobierz raport' }).count()).toBe(0);
    await auditBothSizes(page, 'reports, a wrong range');
  });
});
