import { LANGUAGES, type TicketRecord } from '@numerek/shared';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTIONS } from '../../counter/src/console/sections.ts';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { BOOKINGS_CONSOLE } from '../../counter/src/console/words/bookings.ts';
import { SURVEY_CONSOLE } from '../../counter/src/console/words/survey.ts';
import { decisionText } from '../../counter/src/decision-text.ts';
import { STRINGS } from '../../counter/src/i18n.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('staff language browser test');
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl, SURVEY_CONSOLE.pl, BOOKINGS_CONSOLE.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en, SURVEY_CONSOLE.en, BOOKINGS_CONSOLE.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk, SURVEY_CONSOLE.uk, BOOKINGS_CONSOLE.uk],
};
/** The sections with a form to add something, opened by their "add" button. */
const ADD_FORMS = ['categories', 'priority', 'counters', 'users', 'printers'] as const;
/** Names the office typed, as the API lists them. */
type Named = { name?: string; names?: Record<string, string>; username?: string; displayName?: string };

describe.skipIf(!run)('the console and the panel in the language the user chose', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;
  let calledId: string;
  // The product's name and the names the office typed are not words of a language; file names,
  // addresses and recorded codes are marked on the page with `data-any-language`.
  const names: string[] = ['Numerek'];
  const collectNames = async () => {
    for (const url of [
      '/api/admin/categories',
      '/api/admin/priority-groups',
      '/api/counters',
      '/api/admin/users',
      '/api/admin/devices',
      '/api/admin/printers',
    ]) {
      for (const item of (await t.request('admin', 'GET', url)).json<Named[]>()) {
        for (const n of [item.name, item.username, item.displayName, ...Object.values(item.names ?? {})])
          if (n) names.push(n);
      }
    }
    // Longest first, so that a name containing another is taken out whole.
    names.sort((a, b) => b.length - a.length);
  };

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    // A printer and a backup, so that their tables have rows.
    await t.request('admin', 'POST', '/api/admin/printers', {
      name: 'Epson',
      connection: 'virtual',
      codePage: 'cp852',
      paperWidth: 80,
      cyrillic: 'raster',
      cut: 'partial',
      maxJobAgeSeconds: 30,
    });
    await t.request('admin', 'POST', '/api/admin/backups', {});
    // A ticket called and not come, so that the ticket history has a record with a call's reason.
    calledId = (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json<{
      id: string;
    }>().id;
    for (const action of ['open', 'next', 'no-show', 'close'])
      expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/${action}`)).statusCode).toBe(
        200,
      );
    await collectNames();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' })).newPage();
    await page.goto(`${base}/counter/#/console/dashboard`);
    await page.getByLabel('Nazwa użytkownika').fill('admin');
    await page.getByLabel('Hasło').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForSelector('[data-screen="console-dashboard"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('every console screen shows only the chosen language, with lang set, and passes axe', async () => {
    for (const lang of LANGUAGES) {
      const c = CONSOLE_STRINGS[lang];
      await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);
      for (const section of SECTIONS) {
        await page.goto(`${base}/counter/#/console/${section}`);
        await page.waitForSelector(`[data-screen="console-${section}"]`);
        await expect.poll(() => page.locator('.console').getAttribute('lang')).toBe(lang);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        // Every section lists something once loaded, but for the ticket history and the reports, which
        // wait for a choice, and the survey and the bookings, which are forms.
        if (section === 'survey') await page.locator('form input[name="enabled"]').waitFor();
        else if (section === 'bookings') await page.locator('form input[name="phoneCheckIn"]').waitFor();
        else if (section !== 'ticket' && section !== 'reports')
          await page.locator('table tbody tr').first().waitFor();
        await page.waitForTimeout(300);
        await expectOnlyLanguage(page, lang, DICTIONARIES, `console ${section}`, names);
        await audit(page, `console ${section} in ${lang}`);
      }
      for (const section of ADD_FORMS) {
        await page.goto(`${base}/counter/#/console/${section}`);
        await page.getByRole('button', { name: c[section].add, exact: true }).click();
        await page.getByRole('heading', { name: c[section].new }).waitFor();
        // Saved empty: the form's own checks answer next to the fields.
        await page
          .getByRole('button', { name: section === 'categories' ? c.add : c.save, exact: true })
          .click();
        await expect
          .poll(() => page.locator('.console-main [role="alert"]').last().innerText())
          .toBe(c.fixFields);
        await expectOnlyLanguage(page, lang, DICTIONARIES, `console ${section} form`, names);
        await audit(page, `console ${section} form in ${lang}`);
      }
      // A new device and its pairing link.
      await page.goto(`${base}/counter/#/console/devices`);
      await page.getByLabel(c.devices.name, { exact: true }).fill(`TV ${lang}`);
      names.unshift(`TV ${lang}`);
      await page.getByRole('button', { name: c.devices.addAndShow }).click();
      await page.getByTestId('pairing-url').waitFor();
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'console pairing link', names);
      await audit(page, `console pairing link in ${lang}`);
      // A report on screen, its files asked for in the chosen language.
      await page.goto(`${base}/counter/#/console/reports`);
      await page.getByRole('button', { name: c.reports.presets['this-week'] }).click();
      await page.getByRole('button', { name: c.reports.show }).click();
      await page.locator('.report-summary').waitFor();
      for (const format of ['pdf', 'csv'] as const)
        expect(await page.locator(`a[href*="format=${format}"]`).getAttribute('href')).toContain(
          `lang=${lang}`,
        );
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'console report', names);
      await audit(page, `console report in ${lang}`);
      // An error from the server, in the chosen language: a ticket that does not exist.
      await page.goto(`${base}/counter/#/console/ticket/no-such-ticket`);
      await expect.poll(() => page.locator('.field-error').innerText()).toBe(STRINGS[lang].errors.NOT_FOUND);
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'console ticket error', names);
      // A ticket's record: its events, who acted, and why it was called, in the chosen language.
      const record = (await t.request('admin', 'GET', `/api/admin/tickets/${calledId}`)).json<TicketRecord>();
      await page.goto(`${base}/counter/#/console/ticket/${calledId}`);
      await expect
        .poll(() => page.locator('[data-decision]').innerText())
        .toBe(decisionText(STRINGS[lang], record.ticket.callDecision ?? expect.fail('no decision')));
      await page.locator('table tbody tr').nth(2).waitFor();
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'console ticket record', names);
      await audit(page, `console ticket record in ${lang}`);
    }
  }, 600_000);

  it('the clerk panel shows only the chosen language, "nobody is waiting" and a called ticket included', async () => {
    await page.goto(`${base}/counter/#/`);
    await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption('pl');
    await page.getByLabel(STRINGS.pl.counter, { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: STRINGS.pl.openCounter }).click();
    await page.waitForSelector('[data-screen="panel"]');
    const status = page.locator('.result[role="status"]').first();
    for (const lang of LANGUAGES) {
      const s = STRINGS[lang];
      await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      // Nobody is waiting: the panel's own words, not the server's.
      await page.locator('[data-action="next"]').click();
      await expect.poll(() => status.innerText()).toBe(s.resNobody);
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'panel, nobody waiting', names);
      await audit(page, `panel, nobody waiting, in ${lang}`);
      // A ticket called, with the reason of the call when the server sends it as data.
      const issued = await t.request('kiosk', 'POST', '/api/tickets', {
        categoryId: Object.values(t.category)[0],
      });
      expect(issued.statusCode).toBe(201);
      await page.locator('[data-action="next"]').click();
      await page.locator('[data-ticket]').waitFor();
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'panel, ticket called', names);
      await audit(page, `panel, ticket called, in ${lang}`);
      await page.locator('[data-action="no-show"]').click();
      await page.locator('[data-dialog="no-show"]').waitFor();
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'no-show confirmation', names);
      await audit(page, `no-show confirmation, in ${lang}`);
      await page.locator('[data-dialog="no-show"] button[type="submit"]').click();
      await page.locator('[data-ticket]').waitFor({ state: 'detached' });
    }
  }, 180_000);
});
