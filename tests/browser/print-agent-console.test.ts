import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Printer } from '@numerek/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

const run = browserAvailable('print agent console browser test');

describe.skipIf(!run)('the console sets up a printer behind a print agent, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    await context.clock.setSystemTime(t.clock.now());
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
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

  it('adds a print agent and shows the command that pairs it, once', async () => {
    await page.getByLabel('Rodzaj').selectOption('print-agent');
    await page.getByLabel('Nazwa', { exact: true }).fill('Komputer w holu');
    await page.getByRole('button', { name: /Dodaj i pokaż link/ }).click();
    const command = page.getByTestId('pairing-command');
    await expect
      .poll(() => command.inputValue())
      .toMatch(/^NUMEREK_PAIRING='http.+\/print-agent\/#pair=.+' npm run print-agent$/);
    expect(
      await page.locator('section', { hasText: 'Agent wydruku „Komputer w holu”' }).count(),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('pairing-qr').count()).toBe(0);
    await audit(page, 'print agent pairing command');
    const row = page.locator('tr', { hasText: 'Komputer w holu' });
    expect(await row.innerText()).toContain('agent wydruku');
  });

  it('adds a printer printed through that agent; the table says so; both pass axe, also at 200 %', async () => {
    await page.goto(`${base}/counter/#/console/printers`);
    await page.getByRole('button', { name: 'Dodaj drukarkę' }).click();
    const form = page.locator('form.grid-form');
    await form.getByLabel('Nazwa', { exact: true }).fill('Drukarka w holu');
    await form.getByLabel('Drukuje przez').selectOption({ label: 'agenta wydruku „Komputer w holu”' });
    await form.getByLabel('Połączenie').fill('tcp://192.168.10.20:9100');
    await auditBothSizes(page, 'printer form with a print agent');
    await form.getByRole('button', { name: 'Zapisz' }).click();
    const row = page.locator('tr', { hasText: 'Drukarka w holu' });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.innerText()).toContain('przez agenta „Komputer w holu”');
    await auditBothSizes(page, 'printers with one behind a print agent');

    const printers = (await t.request('admin', 'GET', '/api/admin/printers')).json<Printer[]>();
    const saved = printers.find((p) => p.name === 'Drukarka w holu');
    const agents = (await t.request('admin', 'GET', '/api/admin/devices')).json<
      Array<{ id: string; kind: string }>
    >();
    expect(saved).toMatchObject({
      connection: 'tcp://192.168.10.20:9100',
      agentId: agents.find((d) => d.kind === 'print-agent')?.id,
    });
  });
});
