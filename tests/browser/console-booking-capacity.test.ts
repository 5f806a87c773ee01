import { addDays, atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import {
  LANGUAGES,
  type Booking,
  type BookingDayPlan,
  type BookingSettings,
  type BookingSlots,
  type Category,
  type IssuedTicket,
} from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { BOOKINGS_CONSOLE } from '../../counter/src/console/words/bookings.ts';
import { fmt, STRINGS } from '../../counter/src/i18n.ts';
import { listen } from '../realtime/support.ts';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('console booking capacity');
const TUESDAY = addDays(MONDAY, 1);
/** The category whose bookings the supervisor sets, by its letter. */
const LETTER = 'M';
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl, BOOKINGS_CONSOLE.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en, BOOKINGS_CONSOLE.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk, BOOKINGS_CONSOLE.uk],
};

/**
 * A supervisor sets a category's booking capacity in the console (docs/decisions/0033-bookings.md):
 * the public booking page then offers the slots accordingly, and a booking made and checked in shows
 * in the day's table; a field the console or the server refuses is said in the reader's language;
 * axe-core finds nothing at WCAG 2.1 AA in Polish, English and Ukrainian, and nothing of another
 * language shows.
 */
describe.skipIf(!run)('the console’s booking capacity and booked slots', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;
  let category: string;
  /** What the office typed and the product's name: not words of a language. */
  let names: string[];

  beforeAll(async () => {
    // Monday evening: the sessions made now still hold on Tuesday morning, when a booking is checked in.
    t = await createTestApp({ serveApps: true, now: atOfficeTime(MONDAY, '21:00') });
    category = t.category[LETTER] ?? '';
    // Four hours on weekdays: eight slots of 30 minutes.
    const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: '12:00' }));
    const open = await t.request('admin', 'PATCH', `/api/admin/categories/${category}`, {
      openingHours: hours,
    });
    expect(open.statusCode, open.body).toBe(200);
    await t.addStaff('kierowniczka', 'supervisor', 'capacity-password');
    const categories = (await t.request('admin', 'GET', '/api/admin/categories')).json<Category[]>();
    names = [
      ...categories.flatMap((c) => [`${c.prefix} ${c.names.pl}`, ...Object.values(c.names)]),
      'kierowniczka',
      'Numerek',
    ].sort((a, b) => b.length - a.length);
    base = await listen(t.app);
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      locale: 'pl-PL',
      timezoneId: 'Europe/Warsaw',
    });
    // The console's "today" follows the server's fake clock, anchored to the real date.
    await context.clock.setSystemTime(t.clock.now());
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const fieldError = (name: string) =>
    page.locator(`form[data-booking-settings="${LETTER}"] .field:has([name="${name}"]) .field-error`);

  it('a supervisor sets a category’s capacity, the booking page offers its slots, and a booking shows in the day’s table', async () => {
    const w = BOOKINGS_CONSOLE.pl;
    await page.goto(`${base}/counter/#/console/bookings`);
    await page.getByLabel('Nazwa użytkownika').fill('kierowniczka');
    await page.getByLabel('Hasło').fill('capacity-password');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: w.capacity.title }).count(), { timeout: 10_000 })
      .toBe(1);

    // The category's row, then its form.
    await page.getByRole('button', { name: new RegExp(`^Edytuj ${LETTER} `) }).click();
    const form = page.locator(`form[data-booking-settings="${LETTER}"]`);
    await form.waitFor();
    await form.getByLabel(w.capacity.enabled).check();
    const fill = async (name: keyof typeof w.capacity.fields, value: string) =>
      form.getByLabel(w.capacity.fields[name].label, { exact: true }).fill(value);
    await fill('slotMinutes', '300');
    await fill('perSlot', '2');
    await fill('walkInPercent', '25');
    await fill('daysFrom', '5');
    await fill('daysAhead', '2');
    await form.getByRole('button', { name: CONSOLE_STRINGS.pl.save, exact: true }).click();
    // Out of bounds: the console says so next to the field, before asking the server.
    await expect
      .poll(() => fieldError('slotMinutes').innerText())
      .toBe(fmt(w.capacity.errRange, { min: 5, max: 240 }));
    await expect.poll(() => form.getByRole('alert').innerText()).toBe(CONSOLE_STRINGS.pl.fixFields);

    // The last day before the first: the server refuses `daysAhead`, and the console says why there.
    await fill('slotMinutes', '30');
    await form.getByRole('button', { name: CONSOLE_STRINGS.pl.save, exact: true }).click();
    await expect.poll(() => fieldError('daysAhead').innerText()).toBe(w.capacity.errDaysOrder);
    await expect.poll(() => form.getByRole('alert').innerText()).toBe(w.capacity.errDaysOrder);
    expect(await fieldError('slotMinutes').count()).toBe(0);
    expect(
      (await t.request('supervisor', 'GET', '/api/admin/bookings/settings'))
        .json<BookingSettings[]>()
        .find((s) => s.categoryId === category)?.enabled,
    ).toBe(false);

    await fill('daysFrom', '1');
    await fill('daysAhead', '7');
    await form.getByRole('button', { name: CONSOLE_STRINGS.pl.save, exact: true }).click();
    await expect
      .poll(() => form.getByRole('status').innerText())
      .toMatch(new RegExp(`^Zapisano rezerwacje sprawy ${LETTER} `));
    const saved = (await t.request('supervisor', 'GET', '/api/admin/bookings/settings'))
      .json<BookingSettings[]>()
      .find((s) => s.categoryId === category);
    expect(saved).toMatchObject({
      enabled: true,
      slotMinutes: 30,
      perSlot: 2,
      walkInPercent: 25,
      daysFrom: 1,
      daysAhead: 7,
    });
    await auditBothSizes(page, 'console booking capacity saved');

    // The public booking API offers Tuesday's 30-minute slots of two places, a quarter kept for walk-ins.
    const slots = (
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${TUESDAY}`)
    ).json<BookingSlots>().slots;
    expect(slots).toHaveLength(6);
    for (const s of slots) {
      expect(s.free).toBe(2);
      expect(s.time).toMatch(/^(08|09|10|11):(00|30)$/);
    }
    // The public booking page offers the same slots, on the days from tomorrow to a week ahead.
    const visitor = await browser.newContext({ reducedMotion: 'reduce', locale: 'pl-PL' });
    await visitor.clock.setSystemTime(t.clock.now());
    try {
      const bookPage = await visitor.newPage();
      await bookPage.goto(`${base}/book/`);
      await bookPage.locator(`input[name="matter"][value="${category}"]`).check({ timeout: 10_000 });
      const days = bookPage.locator('input[name="day"]');
      await expect.poll(() => days.count(), { timeout: 10_000 }).toBe(5);
      expect(await days.first().getAttribute('value')).toBe(TUESDAY);
      await days.first().check();
      const offered = bookPage.locator('input[name="slot"]');
      await expect.poll(() => offered.count(), { timeout: 10_000 }).toBe(slots.length);
      expect(await offered.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
        slots.map((s) => s.at),
      );
    } finally {
      await visitor.close();
    }
    // Monday, today, is not offered: the first bookable day is tomorrow.
    expect(
      (
        await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${MONDAY}`)
      ).json<BookingSlots>().slots,
    ).toEqual([]);
    const plan = (
      await t.request('supervisor', 'GET', `/api/admin/bookings?day=${TUESDAY}&categoryId=${category}`)
    ).json<BookingDayPlan>();
    expect(plan.slots.map((s) => s.places).sort()).toEqual([0, 0, 2, 2, 2, 2, 2, 2]);

    // Two bookings of the first slot; one is checked in at the kiosk when its window opens.
    const first = slots[0] ?? expect.fail('no slot');
    const book = async () => {
      const res = await t.request('anonymous', 'POST', '/api/bookings', {
        categoryId: category,
        at: first.at,
        language: 'pl',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<Booking>();
    };
    const checkedIn = await book();
    const waiting = await book();
    t.clock.set(Date.parse(atOfficeTime(TUESDAY, first.time)) - 10 * 60_000);
    const ticket = await t.request('kiosk', 'POST', '/api/bookings/check-in', { code: checkedIn.code });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect(ticket.json<IssuedTicket>().categoryId).toBe(category);

    // Tuesday's plan in the console: the slot with two booked, one checked in, nothing free.
    await page.getByLabel(w.plan.category, { exact: true }).selectOption(category);
    await page.getByRole('button', { name: w.plan.nextDay }).click();
    const row = page.locator(`tr[data-slot="${first.time}"]`);
    await expect
      .poll(() => row.locator('th, td').allInnerTexts(), { timeout: 10_000 })
      .toEqual([first.time, '2', '2', '1', '0', '0']);
    expect(await page.getByRole('table', { name: new RegExp(`^Sloty sprawy ${LETTER} `) }).count()).toBe(1);
    // The slots kept for walk-ins say so in words.
    await expect.poll(() => page.getByRole('cell', { name: w.plan.walkIn, exact: true }).count()).toBe(2);
    expect(
      await page
        .locator('tr[data-booking]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-booking'))),
    ).toEqual(expect.arrayContaining(['checked_in', 'booked']));
    // Checked in ten minutes before its slot, in the office's time, and linked to its ticket's history.
    const [h = 0, m = 0] = first.time.split(':').map(Number);
    const tenBefore = `${String(Math.floor((h * 60 + m - 10) / 60)).padStart(2, '0')}:${String((h * 60 + m - 10) % 60).padStart(2, '0')}`;
    expect(await page.locator('tr[data-booking="checked_in"] td').nth(1).innerText()).toBe(tenBefore);
    const link = page
      .locator('tr[data-booking="checked_in"]')
      .getByRole('link', { name: new RegExp(`^${w.plan.ticket}`) });
    expect(await link.getAttribute('href')).toBe(`#/console/ticket/${ticket.json<IssuedTicket>().id}`);
    // No booking's code on the page: it would check the booking in at a kiosk.
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(checkedIn.code);
    expect(text).not.toContain(waiting.code);

    // A cancellation shows at once, without a reload: the console is told of it live.
    // The console reads again at most twice a second: the reads the check-in caused are over first.
    await page.waitForTimeout(1500);
    const cancelled = await t.request('anonymous', 'DELETE', `/api/bookings/${waiting.id}`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await expect
      .poll(() => row.locator('th, td').allInnerTexts(), { timeout: 5_000 })
      .toEqual([first.time, '2', '1', '1', '0', '1']);
  }, 180_000);

  it('says the page, its refusals and the day’s plan only in the chosen language, and axe finds nothing', async () => {
    for (const lang of LANGUAGES) {
      const w = BOOKINGS_CONSOLE[lang];
      await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await page.getByRole('heading', { name: w.plan.title }).waitFor();
      await page.locator(`tr[data-slot]`).first().waitFor();
      // The form opened afresh in this language, a field refused in its words.
      const edit = CONSOLE_STRINGS[lang].edit;
      await page.getByRole('button', { name: new RegExp(`^${edit} ${LETTER} `) }).click();
      const form = page.locator(`form[data-booking-settings="${LETTER}"]`);
      await form.getByLabel(w.capacity.fields.perSlot.label, { exact: true }).fill('0');
      await form.getByRole('button', { name: CONSOLE_STRINGS[lang].save, exact: true }).click();
      await expect
        .poll(() => fieldError('perSlot').innerText())
        .toBe(fmt(w.capacity.errRange, { min: 1, max: 50 }));
      await expectOnlyLanguage(page, lang, DICTIONARIES, `console bookings in ${lang}`, names);
      await audit(page, `console bookings, a field refused, in ${lang}`);
      await form.getByRole('button', { name: CONSOLE_STRINGS[lang].closeForm }).click();
      await form.waitFor({ state: 'detached' });
    }
  }, 180_000);
});
