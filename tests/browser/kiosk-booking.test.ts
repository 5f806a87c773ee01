import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { Booking } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectKioskScreen, openKioskPage } from './support/kiosk-page.ts';

/**
 * The kiosk's check-in in Chromium against the real server (docs/decisions/0033-bookings.md):
 * "I have a booking", the keypad (for the code, or the phone number where the office allows it),
 * the ticket that says its slot, and a refusal that says why and offers a normal ticket;
 * axe-clean in Polish, English and Ukrainian.
 */

const run = browserAvailable('kiosk booking browser test');
const PORTRAIT = { width: 1080, height: 1920 };

const WORDS = {
  pl: { lang: 'Polski', booking: 'Mam rezerwację', normal: 'Pobierz zwykły numerek', early: 'za wcześnie' },
  en: { lang: 'English', booking: 'I have a booking', normal: 'Take a regular ticket', early: 'too early' },
  uk: { lang: 'Українська', booking: 'Я маю запис', normal: 'Взяти звичайний талон', early: 'зарано' },
} as const;

describe.skipIf(!run)('kiosk check-in in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let token: string;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    const category = t.category.A ?? '';
    const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: '17:00' }));
    expect(
      (await t.request('admin', 'PATCH', `/api/admin/categories/${category}`, { openingHours: hours }))
        .statusCode,
    ).toBe(200);
    const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      enabled: true,
      daysFrom: 0,
      walkInPercent: 0,
      perSlot: 3,
    });
    expect(set.statusCode, set.body).toBe(200);
    // The clock reads 09:00: the 09:15 slot can be checked in (three places), 11:00 is too early.
    for (const [name, time] of [
      ['due', '09:15'],
      ['early', '11:00'],
      ['due-en', '09:15'],
      ['due-uk', '09:15'],
    ] as const) {
      const res = await t.request('anonymous', 'POST', '/api/bookings', {
        categoryId: category,
        at: atOfficeTime(MONDAY, time),
      });
      expect(res.statusCode, res.body).toBe(201);
      codes[name] = res.json<Booking>().code;
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    token = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function typeCode(page: Page, code: string) {
    for (const digit of code) await page.locator(`[data-key="${digit}"]`).click();
    await expect.poll(() => page.locator('[data-booking-code]').getAttribute('data-booking-code')).toBe(code);
  }

  for (const [lang, code] of [
    ['pl', 'due'],
    ['en', 'due-en'],
    ['uk', 'due-uk'],
  ] as const) {
    it(`checks a booking in with its code and shows the ticket with its slot, axe-clean (${lang})`, async () => {
      const { page, context } = await openKioskPage(browser, base, PORTRAIT, { token });
      try {
        const w = WORDS[lang];
        await expectKioskScreen(page, 'language');
        await page.locator('.language-choice', { hasText: w.lang }).click();
        await expectKioskScreen(page, 'categories');
        await page.getByRole('button', { name: w.booking }).click();
        await expectKioskScreen(page, 'bookingCode');
        await typeCode(page, codes[code] ?? '');
        await expectNoAxeViolations(page, `booking code ${lang}`);
        await page.locator('[data-confirm-code]').click();
        await expectKioskScreen(page, 'ticket');
        await expect.poll(() => page.locator('[data-booked-for]').count()).toBe(1);
        await expectNoAxeViolations(page, `booked ticket ${lang}`);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      } finally {
        await context.close();
      }
    });
  }

  it('says a client is too early, in plain words, and offers a normal ticket that is then issued', async () => {
    for (const lang of ['pl', 'en', 'uk'] as const) {
      const { page, context } = await openKioskPage(browser, base, PORTRAIT, { token });
      try {
        const w = WORDS[lang];
        await expectKioskScreen(page, 'language');
        await page.locator('.language-choice', { hasText: w.lang }).click();
        await page.getByRole('button', { name: w.booking }).click();
        await typeCode(page, codes.early ?? '');
        await page.locator('[data-confirm-code]').click();
        await expectKioskScreen(page, 'bookingRefused');
        const text = (await page.locator('main').innerText()).toLowerCase();
        expect(text).toContain(w.early);
        expect(text).toContain('11:00');
        await expectNoAxeViolations(page, `too early ${lang}`);
        await page.getByRole('button', { name: w.normal }).click();
        await expectKioskScreen(page, 'categories');
        if (lang === 'pl') {
          await page.locator('[data-category="A"]').click();
          await page.locator('[data-priority="none"]').click();
          await expectKioskScreen(page, 'ticket');
          expect(await page.locator('[data-booked-for]').count()).toBe(0);
        }
      } finally {
        await context.close();
      }
    }
  });

  it('checks a booking in with the phone number where the office allows it, and shows the keypad axe-clean in three languages', async () => {
    const set = await t.request('supervisor', 'PATCH', '/api/admin/bookings/office', { phoneCheckIn: true });
    expect(set.statusCode, set.body).toBe(200);
    const phones = { pl: '600100201', en: '600100202', uk: '600100203' } as const;
    // Booked through the office's portal (the public page's per-address limit is spent above).
    for (const [lang, phone] of Object.entries(phones)) {
      const res = await t.request('admin', 'PUT', `/api/admin/bookings/portal/phone-${lang}`, {
        categoryId: t.category.A,
        at: atOfficeTime(MONDAY, '09:30'),
        contact: `+48 ${phone}`,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const lang of ['pl', 'en', 'uk'] as const) {
      const { page, context } = await openKioskPage(browser, base, PORTRAIT, { token });
      try {
        const w = WORDS[lang];
        await expectKioskScreen(page, 'language');
        await page.locator('.language-choice', { hasText: w.lang }).click();
        await page.getByRole('button', { name: w.booking }).click();
        await expectKioskScreen(page, 'bookingCode');
        // Code first; the phone number is the other choice the office allows.
        expect(await page.locator('[data-check-in-by="code"]').getAttribute('aria-pressed')).toBe('true');
        await page.locator('[data-check-in-by="phone"]').click();
        expect(await page.locator('[data-check-in-by="phone"]').getAttribute('aria-pressed')).toBe('true');
        await typeCode(page, phones[lang]);
        await expectNoAxeViolations(page, `booking by phone ${lang}`);
        await page.locator('[data-confirm-code]').click();
        await expectKioskScreen(page, 'ticket');
        await expect.poll(() => page.locator('[data-booked-for]').count()).toBe(1);
        expect(await page.locator('[data-booked-for]').innerText()).toContain('09:30');
      } finally {
        await context.close();
      }
    }
  });
});
