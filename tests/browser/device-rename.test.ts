import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import { TEXT_LIMITS, type Device } from '@numerek/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { fieldError, signInAt } from './support/staff-forms.ts';

/**
 * A supervisor renames a kiosk from the console's Devices page: a "Rename" button per device opens
 * a form with the name filled in, saving updates the list (in this console and in another one of
 * the office, live), and what is refused is said next to the field in the reader's language.
 */
describe.runIf(browserAvailable('device rename console browser test'))(
  'renaming a device in the console',
  () => {
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    let other: Page;
    let base: string;
    let kioskId: string;
    const contexts: BrowserContext[] = [];
    const listedName = async (id: string) =>
      (await t.request('supervisor', 'GET', '/api/admin/devices')).json<Device[]>().find((d) => d.id === id)
        ?.name;
    const consoleAt = async () => {
      const context = await browser.newContext({
        viewport: DESKTOP,
        reducedMotion: 'reduce',
        locale: 'pl-PL',
      });
      contexts.push(context);
      await context.clock.setSystemTime(t.clock.now());
      const p = await context.newPage();
      await signInAt(p, `${base}/counter/#/console/devices`, 'admin', ADMIN_PASSWORD);
      await p.waitForSelector('[data-screen="console-devices"]');
      return p;
    };

    beforeAll(async () => {
      t = await createTestApp({ serveApps: true });
      base = await listen(t.app);
      kioskId = (await t.newDevice('kiosk', 'Kiosk 1')).id;
      browser = await launchBrowser();
      page = await consoleAt();
      other = await consoleAt();
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('renames “Kiosk 1” to “Kiosk przy wejściu” in Polish, with the keyboard, axe-clean', async () => {
      await page.getByRole('button', { name: 'Zmień nazwę Kiosk 1' }).click();
      const form = page.getByTestId('rename-device');
      await form.waitFor();
      // Focus lands on the form's heading, which names the device.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Zmiana nazwy urządzenia „Kiosk 1”',
      );
      const field = form.getByLabel('Nowa nazwa', { exact: true });
      expect(await field.inputValue()).toBe('Kiosk 1');
      expect(await field.getAttribute('maxlength')).toBe(String(TEXT_LIMITS.deviceName));
      await auditBothSizes(page, 'device rename form');

      await field.fill('Kiosk przy wejściu');
      await field.press('Enter');
      await expect.poll(() => listedName(kioskId)).toBe('Kiosk przy wejściu');
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByRole('rowheader', { name: 'Kiosk przy wejściu' }).count()).toBe(1);
      expect(await page.locator('.card .result[role="status"]').first().textContent()).toBe(
        'Zmieniono nazwę „Kiosk 1” na „Kiosk przy wejściu”.',
      );
      // Focus is back on the row's button, which now says the new name.
      expect(
        await page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim()),
      ).toBe('Zmień nazwę Kiosk przy wejściu');
      // Another console of the office shows the new name without being reloaded.
      await expect
        .poll(() => other.getByRole('rowheader', { name: 'Kiosk przy wejściu' }).count(), { timeout: 10_000 })
        .toBe(1);
    });

    it('says next to the field, in English, that the name is empty, and in Ukrainian that the device was revoked meanwhile', async () => {
      await page.getByRole('combobox', { name: 'Język' }).selectOption('en');
      // What the list's status line said follows the language.
      await expect
        .poll(() => page.locator('.card .result[role="status"]').first().textContent())
        .toBe('Renamed “Kiosk 1” to “Kiosk przy wejściu”.');
      await page.getByRole('button', { name: 'Rename Kiosk przy wejściu' }).click();
      const form = page.getByTestId('rename-device');
      await form.getByLabel('New name', { exact: true }).fill('   ');
      await form.getByRole('button', { name: 'Save the name' }).click();
      await expect
        .poll(() => fieldError(page, 'New name'))
        .toEqual({ invalid: 'true', error: 'Enter a name, e.g. “Kiosk – ground floor”.' });
      expect(await listedName(kioskId)).toBe('Kiosk przy wejściu');
      await audit(page, 'device rename form with an error');

      await page.getByRole('combobox', { name: 'Language' }).selectOption('uk');
      await form.getByLabel('Нова назва', { exact: true }).fill('Кіоск біля входу');
      const revoked = await t.request('supervisor', 'PATCH', `/api/admin/devices/${kioskId}`, {
        revoked: true,
      });
      expect(revoked.statusCode).toBe(200);
      await form.getByRole('button', { name: 'Зберегти назву' }).click();
      await expect
        .poll(() => fieldError(page, 'Нова назва'))
        .toEqual({
          invalid: 'true',
          error: 'Цей пристрій тим часом анульовано; його назва залишається без змін.',
        });
      expect(await listedName(kioskId)).toBe('Kiosk przy wejściu');
      // The list is loaded again: the revoked device's row has no rename button now, so closing the
      // form puts focus on the table.
      await expect
        .poll(() => page.getByRole('button', { name: 'Перейменувати Kiosk przy wejściu' }).count())
        .toBe(0);
      await form.getByRole('button', { name: 'Закрити форму' }).click();
      await form.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('region');
    });

    it('revokes a kiosk with its own button: focus goes to the table, and the revoked row offers no printer', async () => {
      const second = await t.newDevice('kiosk', 'Kiosk 2');
      await page.reload();
      await page.waitForSelector('[data-screen="console-devices"]');
      await page.getByRole('combobox', { name: /Language|Język|Мова/ }).selectOption('pl');
      const picker = page.getByRole('combobox', { name: 'Drukarka biletomatu Kiosk 2' });
      await picker.waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Unieważnij Kiosk 2' }).click();
      await expect.poll(() => picker.count()).toBe(0);
      expect(
        (await t.request('supervisor', 'GET', '/api/admin/devices'))
          .json<Device[]>()
          .find((d) => d.id === second.id)?.revoked,
      ).toBe(true);
      // The pressed button is gone with the device's buttons; focus is on the table, not lost.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('region');
    });
  },
);
