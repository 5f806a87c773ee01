import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Device } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

/** The console's settings of a hall screen: its voice, and the "listen" button. */
describe.runIf(browserAvailable('display settings console browser test'))(
  'display settings in the console',
  () => {
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    let base: string;
    const display = async () =>
      (await t.request('supervisor', 'GET', '/api/admin/devices'))
        .json<Device[]>()
        .find((d) => d.kind === 'display');

    beforeAll(async () => {
      t = await createTestApp({ serveApps: true });
      base = await listen(t.app);
      browser = await launchBrowser();
      const context = await browser.newContext({
        viewport: DESKTOP,
        reducedMotion: 'reduce',
        locale: 'pl-PL',
      });
      await context.clock.setSystemTime(t.clock.now());
      page = await context.newPage();
      await page.goto(`${base}/counter/#/console/devices`);
      await page.getByLabel('Nazwa użytkownika').fill('admin');
      await page.getByLabel('Hasło').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Zaloguj' }).click();
      await page.waitForSelector('[data-screen="console-devices"]');
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('sets a display’s voice and languages, in Polish, axe-clean', async () => {
      const name = (await display())?.name ?? '';
      await page.getByRole('button', { name: `Ustawienia ${name}` }).click();
      const form = page.getByTestId('display-settings');
      await form.waitFor();
      expect(await form.getByLabel('Głos', { exact: true }).inputValue()).toBe('server');
      await audit(page, 'display settings');
      await form.getByLabel('Głos', { exact: true }).selectOption('browser');
      await form.getByLabel('angielski').check();
      await form.getByRole('button', { name: 'Zapisz ustawienia' }).click();
      await expect
        .poll(async () => (await display())?.settings)
        .toMatchObject({ voice: 'browser', languages: ['pl', 'en'] });
      await form.getByLabel('Głos', { exact: true }).selectOption('server');
      await form.getByRole('button', { name: 'Zapisz ustawienia' }).click();
      await expect.poll(async () => (await display())?.settings?.voice).toBe('server');
    });

    it('plays the server’s rendering of a sample call in each language ticked when “Odsłuchaj” is pressed', async () => {
      const form = page.getByTestId('display-settings');
      const asked: Array<{ url: string; status: number; type: string }> = [];
      page.on('response', (r) => {
        if (r.url().includes('/api/speech/preview'))
          asked.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' });
      });
      await form.getByLabel('Numer biletu').fill('W7');
      await form.getByLabel('Numer stanowiska').fill('5');
      await form.getByTestId('listen').click();
      await expect.poll(() => form.getByTestId('listen-status').textContent()).toContain('Odtwarzanie');
      // Both recordings played to their end: the status is cleared, and no failure was said.
      await expect.poll(() => form.getByTestId('listen-status').textContent(), { timeout: 20_000 }).toBe('');
      expect(asked.map((a) => [new URL(a.url).searchParams.get('lang'), a.status, a.type])).toEqual([
        ['pl', 200, 'audio/wav'],
        ['en', 200, 'audio/wav'],
      ]);
      expect(new URL(asked[0]?.url ?? base).searchParams.get('number')).toBe('W7');

      await form.getByLabel('Numer biletu').fill('siedem');
      await form.getByTestId('listen').click();
      await expect
        .poll(() => form.locator('.field-error').first().textContent())
        .toBe('Podaj numer biletu, np. A17.');
    });
  },
);
