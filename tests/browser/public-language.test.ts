import { createTestApp, pairingCodeOf, type TestApp } from '@numerek/server/testing';
import {
  DEFAULT_DISPLAY_SETTINGS,
  LANGUAGES,
  type Language,
  type PublicCategory,
  type PublicPriorityGroup,
  type PublicTicket,
} from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../display/src/i18n.ts';
import { fill, STRINGS } from '../../kiosk/src/i18n.ts';
import { TICKET_TEXT } from '../../kiosk/src/ticket/ticket-text.ts';
import { listen } from '../realtime/support.ts';
import { expectNoAxeViolations } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { waitUntouched } from './support/untouched.ts';
import { asPairedDevice } from './support/devices.ts';
import { expectKioskScreen, openKioskPage } from './support/kiosk-page.ts';
import { expectOnlyLanguage, foreignTexts } from './support/language-check.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const FULL_HD = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

/**
 * Every screen of the kiosk, the hall display and the phone page, in each language: no passage in
 * another language (only what the office typed, such as category names, may be in any), `lang`
 * on the page and on every passage in another language, and nothing for axe-core to find.
 */
describe.runIf(browserAvailable('public screens in each language'))('public screens in each language', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let kioskToken: string;
  /**
   * What the office typed (category, priority group, office and counter names, in every language)
   * and the product's name.
   */
  let names: string[];

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    // A closed category (Informacja opens on Tuesdays) and one at its daily limit.
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.I}`, {
      openingHours: [{ day: 2, open: '08:00', close: '16:00' }],
    });
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.R}`, { dailyLimit: 1 });
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.R })).statusCode).toBe(
      201,
    );
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`)).statusCode).toBe(200);
    const categories = (await t.request('kiosk', 'GET', '/api/categories')).json<PublicCategory[]>();
    const groups = (await t.request('kiosk', 'GET', '/api/priority-groups')).json<PublicPriorityGroup[]>();
    const any = (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json<{
      id: string;
    }>();
    const office = (await t.request('anonymous', 'GET', `/api/tickets/${any.id}`)).json<PublicTicket>();
    names = [
      ...categories.flatMap((c) => Object.values(c.names)),
      ...groups.flatMap((g) => Object.values(g.names)),
      office.officeName,
      ...Object.keys(t.counter).map((n) => `Stanowisko ${n}`),
      'Numerek',
    ].sort((a, b) => b.length - a.length);
    base = await listen(t.app);
    kioskToken = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    // The browser's own autoplay policy, so the display asks for sound with its banner.
    browser = await launchBrowser({ autoplay: false });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const kioskWords = STRINGS;
  const displayWords = LABELS;
  const phoneWords = TICKET_TEXT;

  /** The page is in `lang` (its `lang` attribute says so), shows nothing in another, and axe finds nothing. */
  async function check(page: Page, lang: Language, words: Record<Language, unknown>, name: string) {
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { message: name }).toBe(lang);
    await expectOnlyLanguage(page, lang, words, name, names);
    await expectNoAxeViolations(page, `${name} in ${lang}`);
  }

  // ---------------------------------------------------------------- kiosk

  const openKiosk = (opts: { token?: string | null; pair?: string; clock?: boolean } = {}) =>
    openKioskPage(browser, base, PORTRAIT, {
      ...opts,
      token: opts.token === undefined ? kioskToken : opts.token,
    });
  const expectScreen = expectKioskScreen;
  /** The language buttons of the settings bar, each named in its own language. */
  const chooseLanguage = (page: Page, lang: Language) => page.locator(`.lang-button[lang="${lang}"]`).click();

  it('kiosk: the start screen says each language in that language', async () => {
    const { page, context } = await openKiosk();
    try {
      await expectScreen(page, 'language');
      for (const lang of LANGUAGES) await expectOnlyLanguage(page, lang, kioskWords, 'start screen', names);
      await expectNoAxeViolations(page, 'start screen');
    } finally {
      await context.close();
    }
  });

  for (const lang of LANGUAGES)
    it(`kiosk in ${lang}: every step, the ticket, read-aloud and the timeout warning`, async () => {
      t.printer.state = 'paper_out';
      const { page, context, spoken } = await openKiosk({ clock: true });
      /** Waits until the screen's reading has begun: one more sentence heard than `before`. */
      const readingBegun = async (before: number) =>
        expect.poll(async () => (await spoken()).length, { timeout: 15_000 }).toBeGreaterThan(before);
      try {
        await expectScreen(page, 'language');
        await page.locator(`.language-choice[lang="${lang}"]`).click();
        await expectScreen(page, 'categories');
        await page.getByRole('button', { name: kioskWords[lang].readAloud }).click();
        await check(page, lang, kioskWords, 'categories, read aloud');
        await readingBegun(0);

        await page.locator('[data-category="A"]').click();
        await expectScreen(page, 'priority');
        let heard = (await spoken()).length;
        await page.locator('[data-interpreter]').click();
        await check(page, lang, kioskWords, 'priority');
        await readingBegun(heard);

        // Issuing takes a moment: the screen between the choice and the ticket.
        let release = () => undefined as void;
        const held = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/api/tickets', async (route) => {
          await held;
          await route.continue();
        });
        heard = (await spoken()).length;
        await page.locator('[data-priority="pregnancy"]').click();
        await expectScreen(page, 'issuing');
        await check(page, lang, kioskWords, 'issuing');
        await readingBegun(heard);
        heard = (await spoken()).length;
        release();

        // The ticket with a priority, an interpreter, and a printer out of paper.
        await expectScreen(page, 'ticket');
        await page.unroute('**/api/tickets');
        await expect.poll(() => page.getByRole('alert').count()).toBe(1);
        await expect.poll(() => page.locator('img.qr').count()).toBe(1);
        await check(page, lang, kioskWords, 'ticket, printer out of paper');

        // Everything read aloud, on every screen, was in the language too.
        await readingBegun(heard);
        const said = await spoken();
        expect(said.length).toBeGreaterThan(3);
        expect(foreignTexts(said, lang, kioskWords, names), 'read aloud').toEqual([]);

        await page.clock.runFor(121_000);
        await expect.poll(() => page.getByRole('alertdialog').count()).toBe(1);
        await check(page, lang, kioskWords, 'timeout warning');
      } finally {
        t.printer.state = 'ok';
        await context.close();
      }
    });

  for (const lang of LANGUAGES)
    it(`kiosk in ${lang}: a refused ticket, an unpaired kiosk, a refused link, out of order`, async () => {
      const closeM = (openingHours: unknown) =>
        t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.M}`, { openingHours });
      const kiosk = await openKiosk();
      try {
        const { page } = kiosk;
        await expectScreen(page, 'language');
        await page.locator(`.language-choice[lang="${lang}"]`).click();
        await page.locator('[data-category="M"]').click();
        await expectScreen(page, 'priority');
        expect((await closeM([{ day: 3, open: '08:00', close: '12:00' }])).statusCode).toBe(200);
        await page.locator('[data-priority="none"]').click();
        await expectScreen(page, 'issueError');
        // Closed until Wednesday 8:00: the server sends the day and the hour, the kiosk the words.
        const w = kioskWords[lang];
        expect(await page.locator('main').innerText()).toContain(
          `${w.issueClosed} ${fill(w.issueComeBack, { day: w.onDay[2] ?? '', time: '8:00' })}`,
        );
        await check(page, lang, kioskWords, 'refused ticket');
      } finally {
        await closeM(null);
        await kiosk.context.close();
      }

      const unpaired = await openKiosk({ token: 'revoked-or-never-paired' });
      try {
        await expectScreen(unpaired.page, 'unpaired');
        await chooseLanguage(unpaired.page, lang);
        await check(unpaired.page, lang, kioskWords, 'unpaired');
      } finally {
        await unpaired.context.close();
      }

      const refused = await openKiosk({ pair: 'no-such-pairing-code-0000000000000000000000' });
      try {
        await expectScreen(refused.page, 'pairingFailed');
        await chooseLanguage(refused.page, lang);
        await check(refused.page, lang, kioskWords, 'refused pairing link');
      } finally {
        await refused.context.close();
      }

      const context = await browser.newContext({ viewport: PORTRAIT });
      await asPairedDevice(context, 'kiosk', kioskToken);
      const page = await context.newPage();
      try {
        await page.route('**/api/**', (route) => route.abort('connectionrefused'));
        await page.goto(`${base}/kiosk/`);
        await expectScreen(page, 'outOfOrder');
        await chooseLanguage(page, lang);
        await check(page, lang, kioskWords, 'out of order');
      } finally {
        await context.close();
      }
    });

  // ---------------------------------------------------------------- hall display

  async function callNext(): Promise<void> {
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode).toBe(
      201,
    );
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`)).statusCode).toBe(200);
  }

  for (const lang of LANGUAGES)
    it(`hall display in ${lang}: calls, the sound banner, a refused link, revoked`, async () => {
      const tv = await t.newDevice('display', `TV ${lang}`);
      const settings = { ...DEFAULT_DISPLAY_SETTINGS, languages: [lang], sound: true, showWaiting: true };
      expect(
        (await t.request('supervisor', 'PATCH', `/api/admin/devices/${tv.id}`, { settings })).statusCode,
      ).toBe(200);
      await callNext();
      await callNext();
      const context = await browser.newContext({ viewport: FULL_HD });
      await asPairedDevice(context, 'display', tv.token);
      try {
        const page = await context.newPage();
        // A link that was never made: the display keeps its token and says why, in its language.
        await page.goto(`${base}/display/#pair=no-such-pairing-code-0000000000000000000000`);
        // Looked at without a user gesture until the display has found its sound blocked: a
        // locator's query counts as a gesture and would let the page play.
        await waitUntouched(page, ['[data-testid=sound-banner]', '[data-testid=current-code]']);
        await expect.poll(() => page.getByTestId('current-code').count(), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => page.getByTestId('pairing-problem').count(), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => page.getByTestId('sound-banner').count(), { timeout: 10_000 }).toBe(1);
        await check(page, lang, displayWords, 'display with calls, sound banner and a refused link');

        await t.request('supervisor', 'PATCH', `/api/admin/devices/${tv.id}`, { revoked: true });
        await expect
          .poll(() => page.getByTestId('offline-badge').textContent(), { timeout: 10_000 })
          .toContain(displayWords[lang].revoked);
        await check(page, lang, displayWords, 'revoked display');
      } finally {
        await context.close();
      }
    });

  for (const lang of LANGUAGES)
    it(`hall display in ${lang}: a TV whose token stopped working, or that holds a kiosk's, says so in its words`, async () => {
      const tv = await t.newDevice('display', `TV paired again ${lang}`);
      const settings = { ...DEFAULT_DISPLAY_SETTINGS, languages: [lang] };
      expect(
        (await t.request('supervisor', 'PATCH', `/api/admin/devices/${tv.id}`, { settings })).statusCode,
      ).toBe(200);
      const refusedIn = async (page: Page, name: string) => {
        // One sentence of the display's own (the handshake's English message is for developers).
        await expect
          .poll(() => page.getByTestId('offline-badge').innerText(), { timeout: 10_000 })
          .toBe(displayWords[lang].revoked);
        expect(await page.locator('body').innerText(), name).not.toMatch(/token|kiosk|pair the/i);
        await check(page, lang, displayWords, name);
      };

      // Paired again with a new link (used on another TV): the server no longer knows its token.
      const context = await browser.newContext({ viewport: FULL_HD });
      await asPairedDevice(context, 'display', tv.token);
      try {
        const page = await context.newPage();
        await page.goto(`${base}/display/`);
        await expect.poll(() => page.getByTestId('offline-badge').count(), { timeout: 10_000 }).toBe(0);
        const link = await t.request('supervisor', 'POST', `/api/admin/devices/${tv.id}/pairing`, {});
        const code = pairingCodeOf(link.json<{ pairingUrl: string }>().pairingUrl);
        expect((await t.request('anonymous', 'POST', '/api/devices/pair', { code })).statusCode).toBe(200);
        await refusedIn(page, 'display whose token was replaced');
      } finally {
        await context.close();
      }

      // A kiosk's token where a display's belongs: the display keeps the language it had.
      const wrong = await browser.newContext({ viewport: FULL_HD });
      await asPairedDevice(wrong, 'display', kioskToken);
      await wrong.addInitScript((l) => localStorage.setItem('numerek.display.language', l), lang);
      try {
        const page = await wrong.newPage();
        await page.goto(`${base}/display/`);
        await refusedIn(page, 'display with a kiosk’s token');
      } finally {
        await wrong.close();
      }
    });

  // ---------------------------------------------------------------- phone page

  for (const lang of LANGUAGES)
    it(`phone page in ${lang}: waiting, called, no connection, an unknown ticket`, async () => {
      const mine = (
        await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A, language: lang })
      ).json<{ id: string }>();
      const context = await browser.newContext({ viewport: PHONE });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/t/${mine.id}`);
        await expect.poll(() => page.locator('.ahead').count()).toBe(1);
        await check(page, lang, phoneWords, 'phone page, waiting');

        await page.route('**/api/**', (route) => route.abort('connectionrefused'));
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
        await expect.poll(() => page.getByRole('status').count(), { timeout: 10_000 }).toBe(1);
        expect(await page.getByRole('status').textContent()).toBe(phoneWords[lang].offline);
        await check(page, lang, phoneWords, 'phone page, no connection');
        await page.unroute('**/api/**');
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

        // Called: the clerk finishes their client and calls this ticket.
        await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
        await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
        const called = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/call`, {
          ticketId: mine.id,
          reasonCode: 'appointment',
        });
        expect(called.statusCode, called.body).toBe(200);
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
        await expect.poll(() => page.locator('.counter').count(), { timeout: 10_000 }).toBe(1);
        await check(page, lang, phoneWords, 'phone page, called');

        // An unknown ticket: in Polish unless the visitor picks another language.
        await page.goto(`${base}/t/no-such-ticket`);
        await expect.poll(() => page.locator('.notice').count()).toBe(1);
        await page.locator(`.langs button[lang="${lang}"]`).click();
        await check(page, lang, phoneWords, 'phone page, unknown ticket');
      } finally {
        await context.close();
      }
    });
});
