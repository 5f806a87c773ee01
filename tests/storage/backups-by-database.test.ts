import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';
import { auditBothSizes, DESKTOP } from '../browser/support/audit.ts';
import { browserAvailable, launchBrowser } from '../browser/support/browser.ts';

// Runs in the `tests-pg` project: the data is in PostgreSQL, which is backed up with pg_dump
// (storage/postgres-backup.test.ts), so the server makes no backups of its own and says so.
describe('backups when the data is in PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the API says where the data is, makes no backup file and refuses with a code', async () => {
    expect(t.db.engine).toBe('postgres');
    const storage = await t.request('admin', 'GET', '/api/admin/storage');
    expect(storage.json()).toEqual({ engine: 'postgres' });
    const made = await t.request('admin', 'POST', '/api/admin/backups', {});
    expect(made.statusCode).toBe(409);
    expect(made.json().error.code).toBe('BACKUP_BY_DATABASE');
    expect((await t.request('admin', 'GET', '/api/admin/backups')).json()).toEqual([]);
    expect((await t.request('supervisor', 'GET', '/api/admin/storage')).statusCode).toBe(403);
  });

  describe.skipIf(!browserAvailable('PostgreSQL backup page browser test'))('in the console', () => {
    let browser: Browser;
    afterAll(async () => {
      await browser?.close();
    });

    it('the backup page says the database’s own tools make the backups, in Polish, and passes axe', async () => {
      const base = await listen(t.app);
      browser = await launchBrowser();
      const context = await browser.newContext({
        viewport: DESKTOP,
        reducedMotion: 'reduce',
        locale: 'pl-PL',
      });
      const page = await context.newPage();
      await page.goto(`${base}/counter/#/console/backup`);
      await page.getByLabel('Nazwa użytkownika').fill('admin');
      await page.getByLabel('Hasło').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Zaloguj' }).click();
      const text = page.locator('[data-storage="postgres"]');
      await expect.poll(() => text.innerText()).toContain('pg_dump');
      expect(await text.innerText()).toContain('Dane są w bazie PostgreSQL');
      expect(await page.getByRole('button', { name: 'Utwórz kopię teraz' }).count()).toBe(0);
      await auditBothSizes(page, 'backup page on PostgreSQL');
    });
  });
});
