import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { fieldError, signInAt } from './support/staff-forms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('choosing a password at first sign-in');

/**
 * A clerk whose account a supervisor made (or whose password was generated at the first start)
 * signs in and is asked, in the panel's language, to choose their own password before the panel
 * opens; the form's errors are next to their fields, announced and linked.
 */
describe.runIf(run)('choosing one’s own password at first sign-in', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const created = await t.request('supervisor', 'POST', '/api/admin/users', {
      username: 'ola.nowa',
      password: 'haslo-od-kierownika',
      role: 'clerk',
      displayName: 'Ola Nowa',
    });
    expect(created.statusCode).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const screen = (p: Page) => p.locator('[data-screen]').first().getAttribute('data-screen');
  const expectScreen = (p: Page, name: string) =>
    expect.poll(() => screen(p), { timeout: 10_000 }).toBe(name);
  const signIn = (p: Page, username: string, password: string) =>
    signInAt(p, `${base}/counter/`, username, password);
  const errorOf = fieldError;

  it('asks for a new password before the panel, with errors next to their fields in the clerk’s language', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    try {
      const page = await context.newPage();
      await signIn(page, 'ola.nowa', 'haslo-od-kierownika');
      await expectScreen(page, 'choose-password');
      expect(await page.getByRole('heading', { level: 2 }).innerText()).toBe('Ustaw własne hasło');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
        'current',
      );
      await auditBothSizes(page, 'choose password');

      // Nothing typed: each missing field says what to do, and the first one has the focus.
      await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
      expect(await errorOf(page, 'Obecne hasło')).toEqual({ invalid: 'true', error: 'Wpisz obecne hasło.' });
      expect(await errorOf(page, 'Nowe hasło')).toEqual({
        invalid: 'true',
        error: 'Nowe hasło musi mieć co najmniej 8 znaków.',
      });
      expect(await page.getByRole('alert').innerText()).toBe('Popraw zaznaczone pola.');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
        'current',
      );
      await audit(page, 'choose password with errors');

      // In Ukrainian the same errors are in Ukrainian.
      await page.getByLabel('Język').selectOption('uk');
      expect(await page.getByRole('heading', { level: 2 }).innerText()).toBe('Встановіть власний пароль');
      expect((await errorOf(page, 'Поточний пароль')).error).toBe('Введіть поточний пароль.');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');

      // In English: the server says the current password is wrong, next to that field.
      await page.getByLabel('Мова').selectOption('en');
      await page.getByLabel('Current password', { exact: true }).fill('not-my-password');
      await page.getByLabel('New password', { exact: true }).fill('olas-own-password');
      await page.getByLabel('Repeat the new password', { exact: true }).fill('olas-own-password');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await expect
        .poll(async () => (await errorOf(page, 'Current password')).error)
        .toBe('The current password is wrong.');
      expect(await screen(page)).toBe('choose-password');

      // The same password again, and a repeat that differs, are refused before sending.
      await page.getByLabel('Current password', { exact: true }).fill('haslo-od-kierownika');
      await page.getByLabel('New password', { exact: true }).fill('haslo-od-kierownika');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      expect((await errorOf(page, 'New password')).error).toBe(
        'The new password must differ from the current one.',
      );
      await page.getByLabel('New password', { exact: true }).fill('olas-own-password');
      await page.getByLabel('Repeat the new password', { exact: true }).fill('olas-own-passwort');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      expect((await errorOf(page, 'Repeat the new password')).error).toBe(
        'The repeated password differs from the new one.',
      );
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
        'repeat',
      );

      await page.getByLabel('Repeat the new password', { exact: true }).fill('olas-own-password');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await expectScreen(page, 'setup');
      await page.reload();
      await expectScreen(page, 'setup');
    } finally {
      await context.close();
    }
  });

  it('signs in with the chosen password straight to the panel; the old one no longer works', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    try {
      const page = await context.newPage();
      await signIn(page, 'ola.nowa', 'haslo-od-kierownika');
      await expect.poll(() => page.getByRole('alert').innerText()).not.toBe('');
      expect(await screen(page)).toBe('sign-in');
      await page.getByLabel('Hasło').fill('olas-own-password');
      await page.getByRole('button', { name: 'Zaloguj' }).click();
      await expectScreen(page, 'setup');
    } finally {
      await context.close();
    }
  });
});
