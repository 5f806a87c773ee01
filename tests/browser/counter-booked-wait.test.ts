import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { Booking, CounterDetail, IssuedTicket } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForBookings } from '../api/support/open-for-bookings.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { signInAt } from './support/staff-forms.ts';

const run = browserAvailable('counter panel waits and no-show browser test');

/**
 * The clerk's panel in Chromium: a booked client who checked in before the slot reads as "booked
 * for" its time, never as a negative wait; a called ticket's wait reads the same next to the
 * call's explanation; and "did not come" takes a second, deliberate step.
 */
describe.skipIf(!run)('the clerk’s panel: early bookings, waits and the no-show confirmation', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let walkIn = '';
  let booked = '';

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true, now: atOfficeTime(MONDAY, '09:00') });
    await openForBookings(t, t.category.R ?? '');
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.R });
    expect(issued.statusCode, issued.body).toBe(201);
    walkIn = issued.json<IssuedTicket>().code;
    const made = await t.request('anonymous', 'POST', '/api/bookings', {
      categoryId: t.category.R,
      at: atOfficeTime(MONDAY, '09:30'),
    });
    expect(made.statusCode, made.body).toBe(201);
    const checkedIn = await t.request('kiosk', 'POST', '/api/bookings/check-in', {
      code: made.json<Booking>().code,
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    booked = checkedIn.json<IssuedTicket>().code;
    // 2 min 56 s later: the walk-in has waited 2.93 minutes, the booking's slot is 27 minutes away.
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:02')) + 56_000);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (code: string) => page.locator('table.waiting tbody tr', { hasText: code });
  const status = () => page.locator('.result[role="status"]').first();
  const expectStatus = (text: string) =>
    expect.poll(() => status().innerText(), { timeout: 10_000 }).toContain(text);
  const detail = async () =>
    (await t.request('admin', 'GET', `/api/counters/${t.counter[3]}`)).json<CounterDetail>();
  const noShowDialog = () => page.getByRole('dialog');

  it('lists an early booked client by the booking’s time, in every language, and no wait is negative', async () => {
    const clerk = t.seed.clerks[0];
    if (!clerk) throw new Error('the sample office has no clerks');
    await signInAt(page, `${base}/counter/`, clerk.username, clerk.password);
    await page.locator('[data-screen="setup"]').waitFor({ timeout: 10_000 });
    await page.getByLabel('Stanowisko', { exact: true }).selectOption({ label: 'Stanowisko 3 (zamknięte)' });
    await page.getByRole('button', { name: 'Otwórz stanowisko' }).click();
    await page.locator('[data-screen="panel"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => row(booked).innerText(), { timeout: 10_000 }).toContain('rezerwacja na 09:30');
    expect(await row(walkIn).innerText()).toContain('3 min');
    // The longest wait is the walk-in's, as the console's dashboard counts it.
    const summary = page.locator('.queue-card table').first();
    expect(await summary.locator('tbody tr', { hasText: 'Rejestracja' }).innerText()).toContain('3 min');
    expect(await page.locator('.queue-card').innerText()).not.toMatch(/-\d/);
    const dashboard = await t.request('supervisor', 'GET', '/api/admin/queue/waiting');
    const r = dashboard.json<Array<{ categoryId: string; longestWaitMinutes: number | null }>>();
    expect(Math.round(r.find((w) => w.categoryId === t.category.R)?.longestWaitMinutes ?? -1)).toBe(3);
    await audit(page, 'panel with an early booking');
    const language = page.getByRole('combobox', { name: /Język|Language|Мова/ });
    for (const [lang, words] of [
      ['en', 'booked for 09:30'],
      ['uk', 'запис на 09:30'],
    ] as const) {
      await language.selectOption(lang);
      await expect.poll(() => row(booked).innerText()).toContain(words);
      await audit(page, `panel with an early booking, in ${lang}`);
    }
    await language.selectOption('pl');
  });

  it('shows a called ticket’s wait as its call’s explanation does, whose score adds up', async () => {
    await page.keyboard.press('n');
    await expectStatus(`Wywołano ${walkIn}`);
    const facts = page.locator('.ticket .facts');
    await expect.poll(() => facts.innerText()).toContain('2,9 min');
    const reason = await page.locator('[data-decision]').innerText();
    expect(reason).toContain(`${walkIn} czeka 2,9 min, wynik 2,9`);
    expect(await facts.innerText()).not.toContain('3 min');
  });

  it('asks before a no-show by key: Escape keeps the client, then X again or Enter confirms', async () => {
    await page.keyboard.press('x');
    const dialog = noShowDialog();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Named and described for a screen reader, with the confirmation focused.
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await page.getByRole('dialog', { name: `Czy ${walkIn} nie podszedł?` }).count()).toBe(1);
    const described = await dialog.evaluate(
      (d) => document.getElementById(d.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
    );
    expect(described).toContain('Esc');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tak, nie podszedł');
    await audit(page, 'no-show confirmation');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await detail()).ticket).toMatchObject({ code: walkIn, state: 'called' });
    expect(await status().innerText()).not.toContain('nie podszedł');

    // The button asks too; Enter confirms.
    await page.locator('[data-action="no-show"]').click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expectStatus(`${walkIn}: klient nie podszedł`);
    expect((await detail()).ticket).toBeNull();
  });

  it('calls the early booked client before the slot with a wait of 0, and X X ends the visit', async () => {
    await page.keyboard.press('n');
    await expectStatus(`Wywołano ${booked}`);
    const facts = page.locator('.ticket .facts');
    await expect.poll(() => facts.innerText()).toContain('0 min');
    expect(await facts.innerText()).not.toMatch(/-\d/);
    await page.keyboard.press('x');
    await expect.poll(() => noShowDialog().isVisible()).toBe(true);
    await page.keyboard.press('x');
    await expectStatus(`${booked}: klient nie podszedł`);
    await expect.poll(() => noShowDialog().count()).toBe(0);
  });
});
