import { LANGUAGES, type Language } from '@numerek/shared';
import {
  CENTRAL_PASSWORD,
  CENTRAL_USERNAME,
  createTestApp,
  MONDAY,
  type TestApp,
} from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { STRINGS } from '../../counter/src/i18n.ts';
import { auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('central administration browser test');
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk],
};
const WOLA = 'Urząd Dzielnicy Wola';
const SAMPLE = 'Urząd Miasta Przykładowo';

/**
 * The central administrator in a real Chromium: creates an office and its first administrator on
 * the offices screen, reads the report across offices, in Polish, English and Ukrainian, with
 * nothing for axe to find; the new administrator signs in, chooses a password and finds only
 * their own office in the console.
 */
describe.runIf(run)('central administration in the console', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  // The product's name and what people typed (offices, accounts) are in no dictionary.
  const names = [
    'Numerek',
    WOLA,
    SAMPLE,
    'Administrator centralny',
    CENTRAL_USERNAME,
    'wola.admin',
    'Wanda Wolska',
  ];

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // The sample office's morning: two clients, called after 4 and 6 minutes.
    const counter = `/api/counters/${t.counter[1]}`;
    for (let i = 0; i < 2; i++)
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
    expect((await t.request('clerk', 'POST', `${counter}/open`, {})).statusCode).toBe(200);
    t.clock.advance(4 * 60_000);
    expect((await t.request('clerk', 'POST', `${counter}/next`, {})).statusCode).toBe(200);
    await t.request('clerk', 'POST', `${counter}/no-show`, {});
    t.clock.advance(2 * 60_000);
    expect((await t.request('clerk', 'POST', `${counter}/next`, {})).statusCode).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${base}/counter/`);
    await page.getByLabel('Nazwa użytkownika').fill(username);
    await page.getByLabel('Hasło').fill(password);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
  }

  const choose = (page: Page, lang: Language) =>
    page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);

  it('creates an office and its administrator, and reports across offices, in three languages', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    const page = await context.newPage();
    try {
      await signIn(page, CENTRAL_USERNAME, CENTRAL_PASSWORD);
      await page.waitForSelector('[data-screen="central-offices"]');
      const c = CONSOLE_STRINGS.pl.central;
      await page.locator('table tbody tr').first().waitFor();
      expect(await page.locator('tbody th[scope="row"]').allInnerTexts()).toEqual([SAMPLE]);
      // No counter and no office console: the central administrator's own screens only.
      expect(await page.locator('nav.console-nav a').allInnerTexts()).toEqual([
        c.sections.offices,
        c.sections.summary,
        c.sections.backup,
      ]);
      await auditBothSizes(page, 'central offices');

      await page.getByRole('button', { name: c.offices.add }).click();
      await page.getByRole('heading', { name: c.offices.new }).waitFor();
      await page.getByRole('button', { name: CONSOLE_STRINGS.pl.save, exact: true }).click();
      await expect.poll(() => page.locator('.field-error').first().innerText()).toBe(c.offices.errName);
      await page.getByLabel(c.offices.name, { exact: true }).fill(WOLA);
      expect(await page.getByLabel(c.offices.timeZone, { exact: true }).inputValue()).toBe('Europe/Warsaw');
      await auditBothSizes(page, 'central new office');
      await page.getByRole('button', { name: CONSOLE_STRINGS.pl.save, exact: true }).click();

      // The new office's administrators come next: none yet, so the first is made here.
      const adminsHeading = page.getByRole('heading', { name: `Administratorzy: ${WOLA}` });
      await adminsHeading.waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe(`Administratorzy: ${WOLA}`);
      // The list of administrators loads after the heading is shown: none yet.
      await expect.poll(() => page.getByText(c.admins.none).count()).toBe(1);
      await expect.poll(() => page.locator('tbody th[scope="row"]').allInnerTexts()).toContain(WOLA);
      const u = CONSOLE_STRINGS.pl.users;
      await page.getByLabel(u.username, { exact: true }).fill('wola.admin');
      await page.getByLabel(u.displayName, { exact: true }).fill('Wanda Wolska');
      await page.getByLabel(u.password, { exact: true }).fill('given-wola-password');
      await page.getByRole('button', { name: c.admins.add, exact: true }).click();
      await expect
        .poll(() => page.locator('.result[role="status"]').last().innerText())
        .toContain('Dodano wola.admin');
      await page
        .getByRole('region', { name: `${c.admins.table} (tabela)` })
        .getByText('wola.admin')
        .waitFor();
      await auditBothSizes(page, 'central office administrators');

      // The report across offices, in each language.
      for (const lang of LANGUAGES) {
        const w = CONSOLE_STRINGS[lang];
        await choose(page, lang);
        for (const section of ['offices', 'summary'] as const) {
          await page.goto(`${base}/counter/#/console/${section}`);
          await page.waitForSelector(`[data-screen="central-${section}"]`);
          await expect.poll(() => page.locator('.console').getAttribute('lang')).toBe(lang);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          if (section === 'summary') {
            await page.getByLabel(w.reports.from, { exact: true }).fill(MONDAY);
            await page.getByLabel(w.reports.to, { exact: true }).fill(MONDAY);
            await page.getByRole('button', { name: w.reports.show }).click();
            await page.locator('.offices-report').waitFor();
            const rows = await page.locator('.offices-report tbody tr').allInnerTexts();
            const cells = (row: string | undefined) => (row ?? '').split('\t').map((x) => x.trim());
            const sample = cells(rows.find((r) => r.startsWith(SAMPLE)));
            const wola = cells(rows.find((r) => r.startsWith(WOLA)));
            // Issued, served, did not come, mean wait, p90 wait; Wola has had nobody yet.
            expect(sample.slice(1, 6)).toEqual(['2', '0', '1', '5', '6']);
            expect(wola.slice(1, 6)).toEqual(['0', '0', '0', '–', '–']);
            expect(cells(rows[rows.length - 1])[0]).toBe(w.central.summary.total);
            expect(await page.locator(`a[href*="officeId=${t.officeId}"]`).getAttribute('href')).toContain(
              `format=pdf&lang=${lang}`,
            );
          } else {
            await page.locator('table tbody tr').first().waitFor();
          }
          await page.waitForTimeout(200);
          await expectOnlyLanguage(page, lang, DICTIONARIES, `central ${section}`, names);
          await auditBothSizes(page, `central ${section} in ${lang}`);
        }
      }
      await choose(page, 'pl');
      await page.getByRole('button', { name: STRINGS.pl.signOut }).click();
      await page.getByLabel('Nazwa użytkownika').waitFor();
    } finally {
      await context.close();
    }
  }, 300_000);

  it('the new administrator chooses a password and sees only their own office', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/counter/#/console/users`);
      await page.getByLabel('Nazwa użytkownika').fill('wola.admin');
      await page.getByLabel('Hasło').fill('given-wola-password');
      await page.getByRole('button', { name: 'Zaloguj' }).click();
      const p = STRINGS.pl.choosePassword;
      await page.getByRole('heading', { name: p.title }).waitFor();
      await page.getByLabel(p.current, { exact: true }).fill('given-wola-password');
      await page.getByLabel(p.next, { exact: true }).fill('wandas-own-password');
      await page.getByLabel(p.repeat, { exact: true }).fill('wandas-own-password');
      await page.getByRole('button', { name: p.save }).click();

      await page.waitForSelector('[data-screen="console-users"]');
      expect(await page.getByTestId('office-name').innerText()).toBe(WOLA);
      await page.locator('table tbody tr').first().waitFor();
      expect(await page.locator('tbody th[scope="row"]').allInnerTexts()).toEqual(['wola.admin']);
      for (const section of ['categories', 'counters', 'devices'] as const) {
        await page.goto(`${base}/counter/#/console/${section}`);
        await page.waitForSelector(`[data-screen="console-${section}"]`);
        await page.waitForTimeout(300);
        expect(await page.locator('tbody tr').count(), section).toBe(0);
      }
      await page.goto(`${base}/counter/#/console/dashboard`);
      await page.waitForSelector('[data-screen="console-dashboard"]');
      await page.waitForTimeout(300);
      const text = await page.locator('body').innerText();
      for (const other of [SAMPLE, 'anna.nowak', 'Anna Nowak', 'Stanowisko 1', 'Dowody osobiste'])
        expect(text).not.toContain(other);
      await auditBothSizes(page, 'the new office’s console');
    } finally {
      await context.close();
    }
  }, 120_000);
});
