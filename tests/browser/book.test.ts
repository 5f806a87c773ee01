import { addDays, atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import { startTestSmtp, type TestSmtp } from '@numerek/server/testing/smtp';
import { LANGUAGES, type Booking, type Language, type PublicCategory } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOK_TEXT, dayLabel } from '../../kiosk/src/book/book-text.ts';
import { STRINGS } from '../../kiosk/src/i18n.ts';
import { fill } from '../../kiosk/src/template.ts';
import { openForBookings } from '../api/support/open-for-bookings.ts';
import { listen } from '../realtime/support.ts';
import { audit } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectKioskScreen, openKioskPage } from './support/kiosk-page.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const PHONE = { width: 390, height: 844 };
const TUESDAY = addDays(MONDAY, 1);

/**
 * The public booking page /book/ in a real Chromium against the real server, whose office sends
 * mail through a local SMTP server: a matter, a day and a free slot, an e-mail address, the code
 * from the mail, then the booking's 6-digit code and its link; the link's page cancels it. Every
 * step in Polish, English and Ukrainian says only that language's words, and axe-core finds
 * nothing at WCAG 2.1 AA.
 */
describe.runIf(browserAvailable('booking page'))('the public booking page', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;
  let base: string;
  let category: string;
  /**
   * What the office typed (category names), the product's name, and PESEL, the Polish number's own
   * name in every language.
   */
  let names: string[];
  /** The booked matter's name in a language, as the office typed it. */
  let matterName: (lang: Language) => string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({
      serveApps: true,
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_TLS: 'none',
        MAIL_FROM: 'urzad@example.org',
      },
    });
    category = t.category.A ?? '';
    const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: '15:30' }));
    const open = await t.request('admin', 'PATCH', `/api/admin/categories/${category}`, {
      openingHours: hours,
    });
    expect(open.statusCode, open.body).toBe(200);
    const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      enabled: true,
      walkInPercent: 0,
      daysFrom: 1,
      daysAhead: 7,
    });
    expect(set.statusCode, set.body).toBe(200);
    const categories = (await t.request('kiosk', 'GET', '/api/categories')).json<PublicCategory[]>();
    const matter = categories.find((c) => c.id === category);
    matterName = (lang) => matter?.names[lang] ?? matter?.names.pl ?? '';
    names = [...categories.flatMap((c) => Object.values(c.names)), 'Numerek', 'PESEL'].sort(
      (a, b) => b.length - a.length,
    );
    base = await listen(t.app);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  /** The page is in `lang` (its `lang` attribute says so), shows nothing in another, axe finds nothing, nothing sticks out. */
  async function check(page: Page, lang: Language, name: string, allowed: string[] = []) {
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { message: name }).toBe(lang);
    await expectOnlyLanguage(page, lang, BOOK_TEXT, name, [...allowed, ...names]);
    await audit(page, `${name} in ${lang}`);
  }
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  /** The kiosk's own label of its button for bookings, in quotation marks, as the texts quote it. */
  const kioskButton = (lang: Language) => new RegExp(`[„“«]${STRINGS[lang].haveBooking}[”»]`);

  it('asks only for what it can get: loading it logs no error and no request fails', async () => {
    // The sample office's other matters take no bookings: their days would be refused.
    const all = (await t.request('anonymous', 'GET', '/api/categories')).json<PublicCategory[]>();
    expect(all.filter((c) => !c.bookable).length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce', locale: 'pl-PL' });
    await context.clock.setSystemTime(t.clock.now());
    const page = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    const asked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      asked.push(new URL(r.url()).pathname + new URL(r.url()).search);
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    try {
      await page.goto(`${base}/book/`, { waitUntil: 'networkidle' });
      await expect.poll(() => page.locator('input[name="matter"]').count(), { timeout: 10_000 }).toBe(1);
      await page.waitForLoadState('networkidle');
      expect(failed).toEqual([]);
      expect(errors).toEqual([]);
      // The days of the bookable matter only: the listeners above saw the page's real requests.
      expect(asked.filter((a) => a.startsWith('/api/bookings/days'))).toEqual([
        `/api/bookings/days?categoryId=${category}`,
      ]);
    } finally {
      await context.close();
    }
  });

  for (const lang of LANGUAGES)
    it(`in ${lang}: books a slot with the e-mailed code, shows the code and link, and the link cancels it`, async () => {
      const x = BOOK_TEXT[lang];
      const contact = `klient-${lang}@example.org`;
      // A Polish browser: the page opens in Polish, and the visitor picks their language.
      const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce', locale: 'pl-PL' });
      // The page's clock follows the server's fake one, anchored to the real date.
      await context.clock.setSystemTime(t.clock.now());
      const page = await context.newPage();
      try {
        await page.goto(`${base}/book/`);
        await expect.poll(() => page.locator('input[name="matter"]').count(), { timeout: 10_000 }).toBe(1);
        await page.locator(`.langs button[lang="${lang}"]`).click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(x.title);
        // The title follows the heading once the page has re-rendered in the chosen language.
        await expect.poll(() => page.title()).toBe(`${x.title} – Numerek`);
        await check(page, lang, 'matters');

        // A matter, a day, a free slot.
        await page.locator(`input[name="matter"][value="${category}"]`).check();
        const tuesday = page.locator(`input[name="day"][value="${TUESDAY}"]`);
        await tuesday.waitFor({ timeout: 10_000 });
        expect(await page.locator('label.choice', { has: tuesday }).innerText()).toContain(
          dayLabel(TUESDAY, lang),
        );
        await check(page, lang, 'days');
        await tuesday.check();
        const slot = page.locator('input[name="slot"]').first();
        await slot.waitFor({ timeout: 10_000 });
        const at = (await slot.getAttribute('value')) ?? '';
        await slot.check();
        await check(page, lang, 'slots and contact');

        // An e-mail address: the office e-mails a code to confirm with.
        await page.getByLabel(x.contact, { exact: false }).fill(contact);
        await page.getByRole('button', { name: x.book }).click();
        await expect.poll(() => focusedId(page), { timeout: 10_000 }).toBe('confirm-title');
        const codeMail = await smtp.next(contact);
        expect(codeMail.mail.headers.get('content-language')).toBe(lang);
        const code = /(\d{6})/.exec(codeMail.mail.subject ?? '')?.[1] ?? '';
        expect(code).toMatch(/^\d{6}$/);
        expect(await page.locator('main').innerText()).toContain(fill(x.confirmSent, { contact, n: 15 }));
        await check(page, lang, 'confirmation code asked', [contact]);

        // A wrong code: the reader is told in their words, with the tries left.
        const codeInput = page.getByLabel(x.confirmCode);
        await codeInput.fill(code === '000000' ? '111111' : '000000');
        await page.getByRole('button', { name: x.confirm, exact: true }).click();
        await expect
          .poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 })
          .toBe(fill(x.errors.wrong_code, { n: 4 }));
        expect(await page.locator('main').innerText()).not.toMatch(/wrong|code is|invalid/i);
        await check(page, lang, 'wrong confirmation code', [contact]);

        // The right code: the booking's own code and its link.
        await codeInput.fill(code);
        await page.getByRole('button', { name: x.confirm, exact: true }).click();
        await expect.poll(() => focusedId(page), { timeout: 10_000 }).toBe('booked-title');
        const bookingCode = await page.getByTestId('booking-code').innerText();
        expect(bookingCode).toMatch(/^\d{6}$/);
        const link = (await page.getByRole('link', { name: x.manageLink }).getAttribute('href')) ?? '';
        expect(link).toMatch(/\/book\/\?booking=/);
        expect(await page.locator('main').innerText()).toMatch(kioskButton(lang));
        await check(page, lang, 'booked', [bookingCode]);
        const bookedMail = await smtp.next(contact);
        expect(bookedMail.text).toContain(bookingCode);
        expect(bookedMail.text).toContain(link);
        // The mail names the kiosk's button as the kiosk itself does.
        expect(bookedMail.text).toMatch(kioskButton(lang));

        // The link, opened later in a browser whose language is Polish: the booking in the booker's language.
        const url = new URL(link);
        const id = url.searchParams.get('booking') ?? '';
        const booking = (await t.request('anonymous', 'GET', `/api/bookings/${id}`)).json<Booking>();
        expect(booking).toMatchObject({ status: 'booked', code: bookingCode, at, language: lang });
        await page.goto(`${base}${url.pathname}${url.search}`);
        await expect
          .poll(() => page.locator('#booking-status').innerText(), { timeout: 10_000 })
          .toBe(x.status.booked);
        // The matter booked, in the booker's language, as the confirmation said it.
        expect(await page.getByTestId('booking-matter').innerText()).toBe(matterName(lang));
        expect(await page.locator('.facts').innerText()).toContain(x.what);
        expect(await page.locator('main').innerText()).toMatch(kioskButton(lang));
        await check(page, lang, 'the booking’s page', [bookingCode]);

        await page.getByRole('button', { name: x.cancel, exact: true }).click();
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
          .toBe(x.cancelYes);
        await check(page, lang, 'cancel asked', [bookingCode]);
        await page.getByRole('button', { name: x.cancelYes, exact: true }).click();
        await expect.poll(() => page.locator('#booking-status').innerText()).toBe(x.status.cancelled);
        expect(await focusedId(page)).toBe('booking-status');
        await expect.poll(() => page.getByRole('status').innerText()).toBe(x.cancelled);
        await check(page, lang, 'cancelled', [bookingCode]);
        expect((await t.request('anonymous', 'GET', `/api/bookings/${id}`)).json<Booking>().status).toBe(
          'cancelled',
        );
      } finally {
        await context.close();
      }
      // Eight pages audited by axe-core in one test: about a minute on a loaded machine.
    }, 180_000);

  /** A booking made as the page makes it: a request, the e-mailed code, the confirmation. */
  async function book(time: string, contact: string, address: string): Promise<Booking> {
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, remoteAddress: address, payload });
    const started = await post('/api/bookings/requests', {
      categoryId: category,
      at: atOfficeTime(MONDAY, time),
      contact,
      language: 'pl',
    });
    expect(started.statusCode, started.body).toBe(201);
    const code = /(\d{6})/.exec((await smtp.next(contact)).mail.subject ?? '')?.[1] ?? '';
    const confirmed = await post(`/api/bookings/requests/${started.json<{ id: string }>().id}/confirm`, {
      code,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    await smtp.next(contact);
    return confirmed.json<Booking>();
  }

  it('checks a booking in at the kiosk for a ticket called at about its slot while walk-ins are served; a late client is offered a normal ticket', async () => {
    // Today's slots open for booking, so that the staff's sessions of this morning still hold.
    const today = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      daysFrom: 0,
    });
    expect(today.statusCode, today.body).toBe(200);
    const onTime = await book('10:00', 'na-czas@example.org', '10.2.0.1');
    const late = await book('09:15', 'spozniony@example.org', '10.2.0.2');
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:50')));
    const kioskToken = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    const kiosk = await openKioskPage(browser, base, { width: 1080, height: 1920 }, { token: kioskToken });
    const { page, context } = kiosk;
    const w = STRINGS.pl;
    const typeCode = async (code: string) => {
      await page.locator('[data-booking-entry]').click();
      await expectKioskScreen(page, 'bookingCode');
      for (const digit of code) await page.locator(`[data-key="${digit}"]`).click();
      await page.locator('[data-confirm-code]').click();
    };
    try {
      await context.clock.setSystemTime(t.clock.now());
      await expectKioskScreen(page, 'language');
      await page.locator('.language-choice[lang="pl"]').click();
      await expectKioskScreen(page, 'categories');

      // Inside the window (ten minutes before the slot): a ticket marked as booked.
      await typeCode(onTime.code);
      await expectKioskScreen(page, 'ticket');
      await audit(page, 'kiosk ticket of a booking');
      const booked = await t.db.get<{ id: string; code: string }>(
        'SELECT t.id, t.code FROM tickets t JOIN bookings b ON b.ticket_id = t.id WHERE b.id = ?',
        [onTime.id],
      );
      expect(booked).toBeDefined();
      expect(await page.locator('main').innerText()).toContain(booked?.code ?? '?');

      // Walk-ins keep coming, and a clerk serves them while the booked client is early.
      const walkIns: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: category });
        expect(res.statusCode, res.body).toBe(201);
        walkIns.push(res.json<{ id: string }>().id);
      }
      const act = async (action: string) => {
        const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/${action}`);
        expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
        return res.json<{ ticket: { id: string } | null }>();
      };
      await act('open');
      expect((await act('next')).ticket?.id).toBe(walkIns[0]);
      await act('start');
      t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:06')));
      await act('finish');
      // Six minutes after the slot (past the booked maximum wait of five) the booked client is called,
      // before the walk-in who came earlier.
      expect((await act('next')).ticket?.id).toBe(booked?.id);
      const reason = await t.db.value<string>('SELECT call_reason FROM tickets WHERE id = ?', [
        booked?.id ?? '',
      ]);
      expect(reason).toMatch(/^booked for 10:00/);
      await act('start');
      t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:11')));
      await act('finish');
      expect((await act('next')).ticket?.id).toBe(walkIns[1]);

      // Late: the 9:15 booking's window closed at 9:20. The kiosk says why and offers a normal ticket.
      await page.goto(`${base}/kiosk/`);
      await expectKioskScreen(page, 'language');
      await page.locator('.language-choice[lang="pl"]').click();
      await expectKioskScreen(page, 'categories');
      await typeCode(late.code);
      await expectKioskScreen(page, 'bookingRefused');
      const said = await page.locator('main').innerText();
      expect(said).toMatch(/0?9:15/);
      expect(said).toContain(w.takeNormalTicket);
      await audit(page, 'kiosk, a late booking');
      await page.locator('[data-normal-ticket]').click();
      await expectKioskScreen(page, 'categories');

      // The first code typed again: the kiosk says it was confirmed already, with the ticket it gave.
      await typeCode(onTime.code);
      await expectKioskScreen(page, 'bookingRefused');
      const again = await page.locator('main').innerText();
      expect(again).toContain(fill(w.bookingCheckedIn, { ticket: booked?.code ?? '?' }));
      expect(again).not.toContain(w.bookingUnknownCode);
      await audit(page, 'kiosk, a booking checked in already');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('does not offer a matter no active counter is set up for, and offers it once one is', async () => {
    const created = await t.request('supervisor', 'POST', '/api/admin/categories', {
      prefix: 'Z',
      names: { pl: 'Sprawy bez stanowiska', en: 'Unserved matters', uk: 'Справи без віконця' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const z = created.json<{ id: string }>().id;
    await openForBookings(t, z);
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce', locale: 'pl-PL' });
    await context.clock.setSystemTime(t.clock.now());
    const page = await context.newPage();
    const matters = async () => {
      await page.goto(`${base}/book/`);
      await expect
        .poll(() => page.locator('input[name="matter"]').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      return page
        .locator('input[name="matter"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    };
    let counterId = '';
    try {
      // Bookable by its settings, but nobody could call the client: not offered.
      expect(await matters()).toEqual([category]);
      expect(await page.locator('main').innerText()).not.toContain('Sprawy bez stanowiska');
      await audit(page, 'matters without the unserved one');

      const counter = await t.request('admin', 'POST', '/api/admin/counters', {
        name: 'Stanowisko Z',
        categoryIds: [z],
      });
      expect(counter.statusCode, counter.body).toBe(201);
      counterId = counter.json<{ id: string }>().id;
      expect((await matters()).sort()).toEqual([category, z].sort());
    } finally {
      if (counterId) await t.request('admin', 'PATCH', `/api/admin/counters/${counterId}`, { active: false });
      await t.request('supervisor', 'PATCH', `/api/admin/categories/${z}`, { active: false });
      await context.close();
    }
  });
});
