import { CENTRAL_PASSWORD, CENTRAL_USERNAME, createTestApp, type TestApp } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { fieldError, signInAt, staffPages } from './support/staff-forms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { STRINGS } from '../../counter/src/i18n.ts';
import { audit, auditBothSizes } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('changing one’s own password in the console');
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk],
};

/**
 * A member of staff changes their own password in the console whenever they like: a clerk from
 * the panel's top bar (the one page of the console open to a clerk), a supervisor from the
 * console's. Errors are next to their fields in the user's language; after the change the user's
 * other sessions end and this one goes on.
 */
describe.runIf(run)('changing one’s own password in the console', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const pages = staffPages(() => browser);

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await t.addStaff('ola.haslo', 'clerk', 'pierwsze-haslo-oli');
    await t.addStaff('ewa.haslo', 'supervisor', 'pierwsze-haslo-ewy');
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await t?.close();
  });

  const newPage = pages.open;
  const screen = (p: Page) => p.locator('[data-screen]').first().getAttribute('data-screen');
  const expectScreen = (p: Page, name: string) =>
    expect.poll(() => screen(p), { timeout: 10_000 }).toBe(name);
  const signIn = (p: Page, address: string, username: string, password: string) =>
    signInAt(p, `${base}/counter/${address}`, username, password);
  const errorOf = fieldError;
  const focusedName = (p: Page) =>
    p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null);
  const names = ['Numerek', 'ola.haslo', 'ewa.haslo'];

  it('a clerk changes it from the panel: errors in their language next to the fields, other sessions end', async () => {
    const page = await newPage();
    const elsewhere = await newPage();
    await signIn(elsewhere, '', 'ola.haslo', 'pierwsze-haslo-oli');
    await expectScreen(elsewhere, 'setup');

    await signIn(page, '', 'ola.haslo', 'pierwsze-haslo-oli');
    await expectScreen(page, 'setup');
    await page.getByRole('link', { name: 'Zmień hasło' }).click();
    await expectScreen(page, 'console-password');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Zmiana hasła');
    // A clerk sees this page only: no menu of the console's sections.
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.locator('.topbar .brand').innerText()).not.toContain('Konsola kierownika');
    expect(await page.getByRole('link', { name: 'Zmień hasło' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByLabel('Nowe hasło', { exact: true }).getAttribute('maxlength')).toBe('200');
    await expectOnlyLanguage(page, 'pl', DICTIONARIES, 'password page', names);
    await auditBothSizes(page, 'own password');

    // Nothing typed: each field says what it needs, the first one takes the focus.
    await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
    expect(await errorOf(page, 'Obecne hasło')).toEqual({ invalid: 'true', error: 'Wpisz obecne hasło.' });
    expect(await errorOf(page, 'Nowe hasło')).toEqual({
      invalid: 'true',
      error: 'Nowe hasło musi mieć co najmniej 8 znaków.',
    });
    expect(await page.getByRole('alert').innerText()).toBe('Popraw zaznaczone pola.');
    expect(await focusedName(page)).toBe('current');
    await audit(page, 'own password with errors');

    // In English: the server says the current password is wrong, next to that field.
    await page.getByLabel('Język').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Change your password');
    await page.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('drugie-haslo-oli');
    await page.getByLabel('Repeat the new password', { exact: true }).fill('drugie-haslo-oli');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect
      .poll(async () => (await errorOf(page, 'Current password')).error)
      .toBe('The current password is wrong.');
    expect(await focusedName(page)).toBe('current');
    await expectOnlyLanguage(page, 'en', DICTIONARIES, 'password page, wrong current password', names);
    await audit(page, 'own password, wrong current one, in English');

    // In Ukrainian: a password too easy to guess, with the server's reason in Ukrainian.
    await page.getByLabel('Language').selectOption('uk');
    await page.getByLabel('Поточний пароль', { exact: true }).fill('pierwsze-haslo-oli');
    await page.getByLabel('Новий пароль', { exact: true }).fill('12345678');
    await page.getByLabel('Повторіть новий пароль', { exact: true }).fill('12345678');
    await page.getByRole('button', { name: 'Зберегти новий пароль' }).click();
    await expect
      .poll(async () => (await errorOf(page, 'Новий пароль')).error)
      .toBe('Пароль не може складатися лише з цифр.');
    expect(await focusedName(page)).toBe('next');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');
    await expectOnlyLanguage(page, 'uk', DICTIONARIES, 'password page, weak password', names);
    await audit(page, 'own password, weak, in Ukrainian');
    // Nothing was changed by the refusals: the other session is still signed in.
    expect(await elsewhere.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(200);

    // A good one: said so, the fields emptied, this session goes on, the other one ends.
    await page.getByLabel('Новий пароль', { exact: true }).fill('drugie-haslo-oli');
    await page.getByLabel('Повторіть новий пароль', { exact: true }).fill('drugie-haslo-oli');
    await page.getByRole('button', { name: 'Зберегти новий пароль' }).click();
    await expect
      .poll(() => page.locator('.result[role="status"]').innerText())
      .toBe('Пароль змінено. Інші ваші сеанси завершено.');
    expect(await page.locator('.error[role="alert"]').innerText()).toBe('');
    for (const label of ['Поточний пароль', 'Новий пароль', 'Повторіть новий пароль'])
      expect(await page.getByLabel(label, { exact: true }).inputValue()).toBe('');
    await expectOnlyLanguage(page, 'uk', DICTIONARIES, 'password changed', names);
    await auditBothSizes(page, 'own password changed');
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(200);
    await page.getByRole('link', { name: 'Панель робочого місця' }).click();
    await expectScreen(page, 'setup');

    // The other computer is back at sign-in, and only the new password opens the panel there.
    await elsewhere.reload();
    await expectScreen(elsewhere, 'sign-in');
    await elsewhere.getByLabel('Nazwa użytkownika').fill('ola.haslo');
    await elsewhere.getByLabel('Hasło').fill('pierwsze-haslo-oli');
    await elsewhere.getByRole('button', { name: 'Zaloguj' }).click();
    await expect.poll(() => elsewhere.getByRole('alert').innerText()).not.toBe('');
    await elsewhere.getByLabel('Hasło').fill('drugie-haslo-oli');
    await elsewhere.getByRole('button', { name: 'Zaloguj' }).click();
    await expectScreen(elsewhere, 'setup');
  });

  it('a supervisor changes it from the console’s top bar, beside the console’s menu', async () => {
    const page = await newPage();
    await signIn(page, '#/console/dashboard', 'ewa.haslo', 'pierwsze-haslo-ewy');
    await expectScreen(page, 'console-dashboard');
    await page.getByRole('link', { name: 'Zmień hasło' }).click();
    await expectScreen(page, 'console-password');
    expect(await page.getByRole('navigation').count()).toBe(1);
    // The page's heading has the focus, as after moving to any section.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await auditBothSizes(page, 'own password in the supervisor console');
    await page.getByLabel('Obecne hasło', { exact: true }).fill('pierwsze-haslo-ewy');
    await page.getByLabel('Nowe hasło', { exact: true }).fill('drugie-haslo-ewy');
    await page.getByLabel('Powtórz nowe hasło', { exact: true }).fill('drugie-haslo-ewy-');
    await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
    expect((await errorOf(page, 'Powtórz nowe hasło')).error).toBe('Powtórzone hasło różni się od nowego.');
    await page.getByLabel('Powtórz nowe hasło', { exact: true }).fill('drugie-haslo-ewy');
    await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
    await expect
      .poll(() => page.locator('.result[role="status"]').innerText())
      .toBe('Hasło zostało zmienione. Pozostałe sesje zostały zakończone.');
    // The console goes on in this session.
    await page.getByRole('link', { name: 'Użytkownicy' }).click();
    await expectScreen(page, 'console-users');
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0);
    // Editing herself, she is sent here instead of typing a new password with no current one,
    // which would also have ended this session.
    await page.getByRole('button', { name: 'Edytuj ewa.haslo' }).click();
    expect(await page.getByLabel('Nowe hasło', { exact: true }).count()).toBe(0);
    await expect.poll(() => page.locator('form .hint').innerText()).toContain('Własne hasło zmienia się');
    await auditBothSizes(page, 'editing oneself in the users list');
    await page.locator('form').getByRole('link', { name: 'Zmień hasło' }).click();
    await expectScreen(page, 'console-password');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ewa.haslo', password: 'drugie-haslo-ewy' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('the central administrator changes it from their own console', async () => {
    const page = await newPage();
    await signIn(page, '', CENTRAL_USERNAME, CENTRAL_PASSWORD);
    await expectScreen(page, 'central-offices');
    await page.getByRole('link', { name: 'Zmień hasło' }).click();
    await expectScreen(page, 'central-password');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Zmiana hasła');
    await audit(page, 'own password in the central console');
    await page.getByLabel('Obecne hasło', { exact: true }).fill(CENTRAL_PASSWORD);
    await page.getByLabel('Nowe hasło', { exact: true }).fill('haslo-calej-instalacji');
    await page.getByLabel('Powtórz nowe hasło', { exact: true }).fill('haslo-calej-instalacji');
    await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
    await expect
      .poll(() => page.locator('.result[role="status"]').innerText())
      .toBe('Hasło zostało zmienione. Pozostałe sesje zostały zakończone.');
    // The session the tests signed in before the change has ended.
    expect((await t.request('central', 'GET', '/api/auth/me')).statusCode).toBe(401);
  });
});
