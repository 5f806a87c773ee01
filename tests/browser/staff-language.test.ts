import { LANGUAGES } from '@numerek/shared';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { STRINGS } from '../../counter/src/i18n.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('staff language browser test');
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk],
};
/** The console screens whose words are all in the dictionaries. */
const SCREENS = ['dashboard', 'ticket', 'backup'] as const;

describe.skipIf(!run)('the console and the panel in the language the user chose', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;
  // The product's name, names the office typed (categories, users) and file names are not words of a language.
  const names: string[] = [
    'Numerek',
    'Administrator',
    'docs/operations/backup-and-restore.md',
    'numerek.sqlite',
    'numerek.sqlite-wal',
    'numerek.sqlite-shm',
  ];

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    for (const c of (await t.request('admin', 'GET', '/api/admin/categories')).json<
      { names: { pl: string; en?: string; uk?: string } }[]
    >()) {
      names.push(...Object.values(c.names).filter((n): n is string => typeof n === 'string'));
    }
    // Counter names are typed by the office too.
    names.push(
      ...(await t.request('admin', 'GET', '/api/counters')).json<{ name: string }[]>().map((c) => c.name),
    );
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

  it('every translated console screen shows only the chosen language, with lang set, and passes axe', async () => {
    for (const lang of LANGUAGES) {
      await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);
      for (const section of SCREENS) {
        await page.goto(`${base}/counter/#/console/${section}`);
        await page.waitForSelector(`[data-screen="console-${section}"]`);
        await expect.poll(() => page.locator('.console').getAttribute('lang')).toBe(lang);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await page.waitForTimeout(300);
        await expectOnlyLanguage(page, lang, DICTIONARIES, `console ${section}`, names);
        await audit(page, `console ${section} in ${lang}`);
      }
      // An error from the server, in the chosen language: a ticket that does not exist.
      await page.goto(`${base}/counter/#/console/ticket/no-such-ticket`);
      await expect.poll(() => page.locator('.field-error').innerText()).toBe(STRINGS[lang].errors.NOT_FOUND);
      await expectOnlyLanguage(page, lang, DICTIONARIES, 'console ticket error', names);
    }
  });
});
