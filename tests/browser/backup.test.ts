import { ADMIN_PASSWORD, createTestApp, MONDAY_9AM_BACKUP, type TestApp } from '@numerek/server/testing';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';
import { auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('backup console browser test');

// The counter app is built by the global setup (browser/support/build-apps.ts).
describe.skipIf(!run)('backups in the supervisor console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let context: BrowserContext;
  let page: Page;

  const signIn = async (p: Page, username: string, password: string) => {
    await p.getByLabel('Nazwa użytkownika').fill(username);
    await p.getByLabel('Hasło').fill(password);
    await p.getByRole('button', { name: 'Zaloguj' }).click();
  };
  const status = (p: Page) => p.locator('.result[role="status"]');
  const alert = (p: Page) => p.locator('.error[role="alert"]');

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    base = await listen(t.app);
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: DESKTOP,
      reducedMotion: 'reduce',
      locale: 'pl-PL',
      acceptDownloads: true,
    });
    page = await context.newPage();
    await page.goto(`${base}/counter/#/console/backup`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForSelector('[data-screen="console-backup"]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an administrator finds "Kopia zapasowa" in the menu; the empty page passes axe, also at 200 %', async () => {
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Konsola' }).getByRole('link').allInnerTexts())
      .toContain('Kopia zapasowa');
    await expect.poll(() => page.getByText('Nie ma jeszcze żadnej kopii.').count()).toBe(1);
    await auditBothSizes(page, 'backup page, no backups');
  });

  it('a failed backup is announced as an alert with what to check', async () => {
    writeFileSync(t.config.backupDir, 'not a folder');
    try {
      await page.getByRole('button', { name: 'Utwórz kopię teraz' }).click();
      await expect
        .poll(() => alert(page).innerText(), { timeout: 10_000 })
        .toContain('Nie udało się utworzyć kopii');
      expect(await alert(page).innerText()).toContain('wolne miejsce');
      expect(await status(page).innerText()).toBe('');
    } finally {
      rmSync(t.config.backupDir, { force: true });
    }
  });

  it('"Utwórz kopię teraz" makes a checked backup, announces it, lists it, and its link downloads it', async () => {
    const name = MONDAY_9AM_BACKUP;
    await page.getByRole('button', { name: 'Utwórz kopię teraz' }).click();
    await expect
      .poll(() => status(page).innerText(), { timeout: 10_000 })
      .toContain(`Utworzono kopię ${name}`);
    expect(await status(page).innerText()).toContain('bez błędów');
    expect(await alert(page).innerText()).toBe('');
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect.poll(() => row.count()).toBe(1);
    await auditBothSizes(page, 'backup page, one backup');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /Pobierz/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    const saved = await download.path();
    expect(readFileSync(saved).equals(readFileSync(path.join(t.config.backupDir, name)))).toBe(true);
  });

  it('a supervisor has no "Kopia zapasowa" in the menu, and the address alone shows only a refusal', async () => {
    const other = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    try {
      const sup = await other.newPage();
      await sup.goto(`${base}/counter/#/console/backup`);
      await signIn(sup, 'kierownik', 'supervisor-password');
      await sup.waitForSelector('[data-screen="console-backup"]');
      await expect
        .poll(() => sup.getByRole('alert').allInnerTexts())
        .toContain('Kopie zapasowe tworzy i pobiera administrator.');
      expect(
        await sup.getByRole('navigation', { name: 'Konsola' }).getByRole('link').allInnerTexts(),
      ).not.toContain('Kopia zapasowa');
      expect(await sup.getByRole('button', { name: 'Utwórz kopię teraz' }).count()).toBe(0);
      await auditBothSizes(sup, 'backup page refused to a supervisor');
    } finally {
      await other.close();
    }
  });
});
