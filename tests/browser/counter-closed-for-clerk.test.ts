import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import type { Counter, CounterActionResult } from '@numerek/shared';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRINGS } from '../../counter/src/i18n.ts';
import { auditBothSizes } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { signInAt, staffPages } from './support/staff-forms.ts';

const run = browserAvailable('a counter closed for its clerk');

/**
 * The office takes a counter back from its clerk: an administrator switches a clerk's account off
 * in the console while a client is called to the clerk's counter, and a supervisor closes another
 * clerk's counter from the counters page. Each counter is free at once, the client called goes back
 * to the queue, and the clerk's panel says what happened in the clerk's language.
 */
describe.runIf(run)('a counter closed for its clerk', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const pages = staffPages(() => browser);

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await t?.close();
  });

  const newPage = pages.open;
  const expectScreen = (p: Page, name: string) =>
    expect
      .poll(() => p.locator('[data-screen]').first().getAttribute('data-screen'), { timeout: 10_000 })
      .toBe(name);
  const counterNow = async (id: string) =>
    (await t.request('supervisor', 'GET', '/api/counters')).json<Counter[]>().find((c) => c.id === id);
  /** A clerk (through the API) opens a counter and calls the next client. */
  const callAt = async (cookie: string, counterId: string) => {
    const act = (path: string) =>
      t.app.inject({ method: 'POST', url: `/api/counters/${counterId}/${path}`, headers: { cookie } });
    expect((await act('open')).statusCode).toBe(200);
    const called = await act('next');
    expect(called.statusCode, called.body).toBe(200);
    return called.json<CounterActionResult>().ticket;
  };

  it('an administrator switches off a clerk with a called client: the counter is free, the panel says why', async () => {
    const ola = await t.addStaff('ola.wylaczona', 'clerk', 'haslo-oli-wylaczonej');
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    const counterId = t.counter[1] ?? '';
    const ticket = await callAt(ola.cookie, counterId);
    expect(ticket?.state).toBe('called');

    // Ola's panel, in English, resumes her open counter.
    const panel = await newPage();
    await signInAt(panel, `${base}/counter/`, 'ola.wylaczona', 'haslo-oli-wylaczonej');
    await expectScreen(panel, 'panel');
    await panel.getByLabel('Język').selectOption('en');
    await expect.poll(() => panel.evaluate(() => document.documentElement.lang)).toBe('en');

    const console = await newPage();
    await signInAt(console, `${base}/counter/#/console/users`, 'admin', ADMIN_PASSWORD);
    await expectScreen(console, 'console-users');
    await console.getByRole('button', { name: 'Edytuj ola.wylaczona' }).click();
    await console.getByLabel(/^Aktywny/).uncheck();
    await console.getByRole('button', { name: 'Zapisz', exact: true }).click();

    await expectScreen(panel, 'sign-in');
    await expect
      .poll(() => panel.locator('.notice[role="status"]').innerText())
      .toBe(STRINGS.en.accountDeactivated);
    await auditBothSizes(panel, 'sign-in after the account was switched off');

    const counter = await counterNow(counterId);
    expect(counter).toMatchObject({ state: 'closed', clerk: null, currentTicketId: null });
    const back = await t.db.get<{ state: string }>('SELECT state FROM tickets WHERE id = ?', [
      ticket?.id ?? '',
    ]);
    expect(back?.state).toBe('waiting');

    // Signing in again says the account is off (the password is right), not that it is wrong.
    await panel.getByLabel(STRINGS.en.username).fill('ola.wylaczona');
    await panel.getByLabel(STRINGS.en.password, { exact: true }).fill('haslo-oli-wylaczonej');
    await panel.getByRole('button', { name: STRINGS.en.signIn }).click();
    await expect
      .poll(() => panel.locator('.error[role="alert"]').innerText())
      .toBe(STRINGS.en.errorReasons.INVALID_CREDENTIALS.account_deactivated);
  });

  it('a supervisor closes a clerk’s counter from the counters page, told first what becomes of the client', async () => {
    const counterId = t.counter[1] ?? '';
    const ticket = await callAt(t.headers('clerk2').cookie ?? '', counterId);
    expect(ticket?.state).toBe('called');
    const name = (await counterNow(counterId))?.name ?? '';

    const console = await newPage();
    await signInAt(console, `${base}/counter/#/console/counters`, 'admin', ADMIN_PASSWORD);
    await expectScreen(console, 'console-counters');
    let asked = '';
    console.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await console.getByRole('button', { name: `Zamknij stanowisko ${name}` }).click();
    await expect
      .poll(() => console.locator('.result[role="status"]').innerText())
      .toBe(`Zamknięto stanowisko ${name}. Klient ${ticket?.code ?? ''} wrócił do kolejki na swoje miejsce.`);
    expect(asked).toContain(`Klient ${ticket?.code ?? ''} został wywołany`);
    expect(asked).toContain('wróci do kolejki na swoje miejsce');
    // The list is read again after the status line is written.
    await expect
      .poll(() => console.getByRole('button', { name: `Zamknij stanowisko ${name}` }).count())
      .toBe(0);
    await auditBothSizes(console, 'counters page after closing a counter');
    expect(await counterNow(counterId)).toMatchObject({ state: 'closed', clerk: null });
  });
});
