import { PROTOCOL_VERSION, type CounterDetail, type PublicCategory } from '@numerek/shared';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, auditBothSizes, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { asPairedDevice } from './support/devices.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Screenshots of the panel, the toolbar and the dashboard. The README's copies in
 * docs/screenshots are refreshed with `COUNTER_SHOTS=docs/screenshots`; by default they go to a
 * temporary folder so that a test run leaves the working tree alone.
 */
const SHOTS = path.resolve(ROOT, process.env.COUNTER_SHOTS ?? path.join(tmpdir(), 'numerek-counter-shots'));
const TOOLBAR = { width: 400, height: 120 };

const run = browserAvailable('counter panel browser test');

describe.skipIf(!run)('clerk panel and supervisor console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let clerk: { username: string; password: string };
  // One page for the clerk's whole day, one for the supervisor: the tests run in order.
  let clerkContext: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ serveApps: true });
    const first = t.seed.clerks[0];
    if (!first) throw new Error('the sample office has no clerks');
    clerk = first;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
    clerkContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
    page = await clerkContext.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const issue = async (prefix: string, extra: object = {}) => {
    const res = await t.request('kiosk', 'POST', '/api/tickets', {
      categoryId: t.category[prefix],
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { code: string; id: string }).code;
  };
  const detail = async (counter: number) =>
    (await t.request('admin', 'GET', `/api/counters/${t.counter[counter]}`)).json() as CounterDetail;

  const screen = (p: Page) => p.locator('[data-screen]').first().getAttribute('data-screen');
  const expectScreen = (p: Page, name: string) =>
    expect.poll(() => screen(p), { timeout: 10_000 }).toBe(name);
  const status = (p: Page) => p.locator('.result[role="status"]').first();
  const expectStatus = (p: Page, text: string) =>
    expect.poll(() => status(p).innerText(), { timeout: 10_000 }).toContain(text);
  const currentCode = (p: Page) => p.locator('[data-ticket]').getAttribute('data-ticket');
  const action = (p: Page, name: string) => p.locator(`[data-action="${name}"]`);

  async function signIn(p: Page, username: string, password: string) {
    await p.getByLabel('Nazwa użytkownika').fill(username);
    await p.getByLabel('Hasło').fill(password);
    await p.getByRole('button', { name: 'Zaloguj' }).click();
  }

  it('a clerk signs in, chooses a counter and the categories to serve today, and opens it', async () => {
    for (let i = 0; i < 4; i++) await issue('A');
    await issue('M', { interpreter: true });
    await page.goto(`${base}/counter/`);
    await expectScreen(page, 'sign-in');
    await auditBothSizes(page, 'sign-in');

    await signIn(page, clerk.username, clerk.password);
    await expectScreen(page, 'setup');
    await page.getByLabel('Stanowisko', { exact: true }).selectOption({ label: 'Stanowisko 1 (zamknięte)' });
    // Today only ID cards, not residence registration.
    await page.getByRole('checkbox', { name: /Meldunek/ }).uncheck();
    await auditBothSizes(page, 'setup');
    await page.getByRole('button', { name: 'Otwórz stanowisko' }).click();
    await expectScreen(page, 'panel');
    expect(await page.evaluate(() => localStorage.getItem('numerek.counter.counterId'))).toBe(t.counter[1]);
    const d = await detail(1);
    expect(d.counter.state).toBe('open');
    expect(d.counter.servingCategoryIds).toEqual([t.category.A]);
    await expect.poll(() => page.locator('table.waiting tbody tr').count()).toBe(4);
    await auditBothSizes(page, 'panel, nobody called');
    // English and Ukrainian: the page's language follows, and it stays accessible.
    for (const [lang, next] of [
      ['en', 'Next'],
      ['uk', 'Наступний'],
    ] as const) {
      await page.getByRole('combobox', { name: /Język|Language|Мова/ }).selectOption(lang);
      await expect.poll(() => action(page, 'next').innerText()).toContain(next);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await audit(page, `panel in ${lang}`);
    }
    await page.getByRole('combobox', { name: 'Мова' }).selectOption('pl');
    await expect.poll(() => action(page, 'next').innerText()).toContain('Następny');
  });

  it('calls, recalls, starts and finishes by keyboard shortcut, and the hall display shows the call', async () => {
    // The hall TV, paired, in the same office.
    const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const displayToken = (t.headers('display').authorization ?? '').replace(/^Bearer /, '');
    await asPairedDevice(tvContext, 'display', displayToken);
    const tv = await tvContext.newPage();
    await tv.goto(`${base}/display/`);
    await expect.poll(() => tv.locator('h1').textContent()).not.toBe('Numerek');
    await page.keyboard.press('n');
    await expectStatus(page, 'Wywołano A001');
    expect(await currentCode(page)).toBe('A001');
    await expect.poll(() => tv.getByTestId('current-code').textContent(), { timeout: 2000 }).toBe('A001');
    expect(await tv.getByTestId('current-counter').textContent()).toBe('1');
    await tvContext.close();
    // The panel says why this ticket, from the call's decision, in its own words.
    await expect.poll(() => page.locator('.ticket').innerText()).toContain('Dlaczego ten bilet');
    await auditBothSizes(page, 'panel, ticket called');
    await page.keyboard.press('r');
    await expectStatus(page, 'Ponownie wywołano A001');
    await page.keyboard.press('s');
    await expectStatus(page, 'Rozpoczęto obsługę A001');
    await page.keyboard.press('f');
    await expectStatus(page, 'Zakończono obsługę A001');
    const d = await detail(1);
    expect(d.ticket).toBeNull();
    expect(d.waiting.map((w) => w.code)).toEqual(['A002', 'A003', 'A004']);
  });

  it('does the same by click, and a double-clicked "next" calls one client only', async () => {
    await action(page, 'next').dblclick();
    await expectStatus(page, 'Wywołano A002');
    expect((await detail(1)).waiting.map((w) => w.code)).toEqual(['A003', 'A004']);
    // The second click met a disabled button (or the server's COUNTER_BUSY): no error shown.
    expect(await page.locator('.error[role="alert"]').first().innerText()).toBe('');
    await action(page, 'recall').click();
    await expectStatus(page, 'Ponownie wywołano A002');
    await action(page, 'start').click();
    await expectStatus(page, 'Rozpoczęto obsługę A002');
    await action(page, 'finish').click();
    await expectStatus(page, 'Zakończono obsługę A002');
    // A no-show, by key: X asks, X again confirms.
    await page.keyboard.press('n');
    await expectStatus(page, 'Wywołano A003');
    await page.keyboard.press('x');
    await page.getByRole('dialog', { name: 'Czy A003 nie podszedł?' }).waitFor();
    await page.keyboard.press('x');
    await expectStatus(page, 'A003: klient nie podszedł');
  });

  it('transfers one client to another category by keyboard and one to another counter by click', async () => {
    await page.keyboard.press('n');
    await expectStatus(page, 'Wywołano A004');
    // A category closed now (open on Sundays only) and one no counter serves: the dialog, which reads
    // the lists again when it opens, marks both in the clerk's words and does not offer them.
    for (const [prefix, name, hours] of [
      ['ND', 'Sprawy niedzielne', [{ day: 7, open: '08:00', close: '09:00' }]],
      ['BS', 'Sprawy bez stanowiska', null],
    ] as const) {
      const res = await t.request('admin', 'POST', '/api/admin/categories', {
        prefix,
        names: { pl: name },
        openingHours: hours,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Przekaż klienta' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const toCategory = dialog.getByLabel('Do sprawy');
    const sunday = toCategory.locator('option', { hasText: 'ND – Sprawy niedzielne' });
    await expect.poll(() => sunday.innerText()).toBe('ND – Sprawy niedzielne (teraz zamknięta)');
    expect(await sunday.isDisabled()).toBe(true);
    const orphan = toCategory.locator('option', { hasText: 'BS – Sprawy bez stanowiska' });
    expect(await orphan.innerText()).toBe('BS – Sprawy bez stanowiska (nie obsługuje jej żadne stanowisko)');
    expect(await orphan.isDisabled()).toBe(true);
    expect(await toCategory.locator('option', { hasText: 'R – Rejestracja pojazdów' }).innerText()).toBe(
      'R – Rejestracja pojazdów',
    );
    // Counters closed now are marked so; the clerk's own is not offered.
    const toCounter = dialog.getByLabel('Do stanowiska');
    expect(await toCounter.locator('option').allInnerTexts()).toEqual([
      '— dowolne stanowisko —',
      ...[2, 3, 4, 5, 6].map((n) => `Stanowisko ${n} (zamknięte)`),
    ]);
    await audit(page, 'transfer dialog');
    await dialog.getByLabel('Do sprawy').selectOption({ label: 'R – Rejestracja pojazdów' });
    await dialog.getByLabel(/Notatka/).fill('Dowód gotowy, potrzebna rejestracja auta.');
    await dialog.getByRole('button', { name: 'Zatwierdź' }).press('Enter');
    await expectStatus(page, 'Przekazano A004');
    // It waits in the vehicles queue with its code and note, for the counters that serve it.
    const at3 = await detail(3);
    const moved = at3.waiting.find((w) => w.code === 'A004');
    expect(moved?.note).toBe('Dowód gotowy, potrzebna rejestracja auta.');
    expect(moved?.categoryId).toBe(t.category.R);

    // A new client arrives while the panel is open: it shows up without a reload.
    const code = await issue('A');
    await expect.poll(() => page.locator('table.waiting').innerText(), { timeout: 10_000 }).toContain(code);
    await action(page, 'next').click();
    await expectStatus(page, `Wywołano ${code}`);
    await action(page, 'transfer').click();
    await dialog.getByLabel('Do stanowiska').selectOption({ label: 'Stanowisko 2 (zamknięte)' });
    // Sending the client to a closed counter is allowed, and the dialog says what it means.
    await expect
      .poll(() => dialog.locator('.hint').allInnerTexts())
      .toContain(
        'Wybrane stanowisko (Stanowisko 2) jest teraz zamknięte. Klient poczeka na nie i zostanie wywołany dopiero, gdy ktoś je otworzy.',
      );
    await audit(page, 'transfer dialog, a closed counter chosen');
    await dialog.getByRole('button', { name: 'Zatwierdź' }).click();
    await expectStatus(page, `Przekazano ${code}`);
    expect((await detail(2)).waiting.find((w) => w.code === code)?.targetCounterId).toBe(t.counter[2]);
  });

  it('calls a chosen ticket with a reason, pauses and resumes, by key and by click', async () => {
    const first = await issue('A');
    const second = await issue('A');
    await expect.poll(() => page.locator('table.waiting').innerText(), { timeout: 10_000 }).toContain(second);
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'Wywołaj wybrany bilet' });
    await dialog.getByLabel('Bilet').selectOption({ index: 1 });
    // The reason is required: without it the dialog says so next to the field.
    await dialog.getByRole('button', { name: 'Zatwierdź' }).click();
    await expect.poll(() => dialog.locator('.field-error').innerText()).toContain('Wybierz powód');
    await audit(page, 'call-chosen dialog with an error');
    await dialog.getByLabel(/Powód/).selectOption('appointment');
    await dialog.getByRole('button', { name: 'Zatwierdź' }).click();
    await expectStatus(page, `Wywołano ${second}`);
    await page.keyboard.press('x');
    await page.getByRole('dialog', { name: `Czy ${second} nie podszedł?` }).waitFor();
    await page.keyboard.press('Enter');
    await expectStatus(page, `${second}: klient nie podszedł`);

    await page.keyboard.press('p');
    const pause = page.getByRole('dialog', { name: 'Przerwa' });
    // Its heading is said once: the reasons are grouped under their own name.
    expect(await pause.locator('legend').innerText()).toBe('Powód przerwy');
    expect(await pause.getByText('Przerwa', { exact: true }).count()).toBe(1);
    await pause.getByLabel('praca na zapleczu').check();
    await pause.getByRole('button', { name: 'Zatwierdź' }).click();
    await expectStatus(page, 'Rozpoczęto przerwę.');
    const banner = page.locator('.notice');
    expect(await banner.innerText()).toBe('Stanowisko ma przerwę: praca na zapleczu.');
    expect((await detail(1)).counter.pauseReason).toBe('back_office');
    // A change of language changes what the panel said, the banner too.
    const language = page.getByRole('combobox', { name: /Język|Language|Мова/ });
    await language.selectOption('uk');
    await expectStatus(page, 'Перерву розпочато.');
    expect(await banner.innerText()).toBe('Робоче місце на перерві: робота в офісі.');
    expect(await page.locator('.actions-card').innerText()).not.toMatch(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]|przerw/);
    await language.selectOption('pl');
    await expectStatus(page, 'Rozpoczęto przerwę.');
    await page.keyboard.press('p');
    await expectStatus(page, 'Wznowiono pracę');
    await action(page, 'pause').click();
    await pause.getByRole('button', { name: 'Zatwierdź' }).click();
    await expectStatus(page, 'Rozpoczęto przerwę.');
    // A break is said once, not "break: break".
    expect(await banner.innerText()).toBe('Stanowisko ma przerwę.');
    await language.selectOption('uk');
    await expect.poll(() => banner.innerText()).toBe('Робоче місце на перерві.');
    await language.selectOption('pl');
    const d = await detail(1);
    expect(d.counter.state).toBe('paused');
    expect(d.counter.pauseReason).toBe('break');
    await auditBothSizes(page, 'panel, paused');
    await action(page, 'pause').click();
    await expectStatus(page, 'Wznowiono pracę');
    await page.keyboard.press('n');
    await expectStatus(page, `Wywołano ${first}`);
    await page.keyboard.press('s');
    await expectStatus(page, `Rozpoczęto obsługę ${first}`);
    await page.keyboard.press('f');
    await expectStatus(page, `Zakończono obsługę ${first}`);
  });

  it('shows "priority" but never why, the interpreter flag, the wait and the policy’s reason', async () => {
    await issue('A');
    await issue('A');
    t.clock.advance(6 * 60_000);
    const priority = await issue('A', { priorityGroupId: t.priorityGroupId, interpreter: true });
    t.clock.advance(4 * 60_000);
    await expect
      .poll(() => page.locator('table.waiting').innerText(), { timeout: 10_000 })
      .toContain(priority);
    // On a 1366 × 800 screen the waiting list, with a priority and a PJM badge, fits its card:
    // every row's call button whole and inside, nothing to scroll sideways.
    await page.setViewportSize({ width: 1366, height: 800 });
    const fits = () =>
      page.evaluate(() => {
        const card = document.querySelector('.queue-card')?.getBoundingClientRect();
        const wrap = document.querySelector('.queue-card .table-wrap');
        const buttons = [...document.querySelectorAll('table.waiting button')].map((b) =>
          b.getBoundingClientRect(),
        );
        return (
          !!card &&
          !!wrap &&
          buttons.length > 0 &&
          wrap.scrollWidth <= wrap.clientWidth &&
          buttons.every((b) => b.left >= card.left && b.right <= card.right)
        );
      });
    await expect.poll(fits).toBe(true);
    await page.setViewportSize(DESKTOP);
    await expect.poll(fits).toBe(true);
    await page.keyboard.press('n');
    await expectStatus(page, `Wywołano ${priority}`);
    const card = page.locator('.ticket');
    await expect.poll(() => card.innerText()).toContain('Pierwszeństwo');
    const text = await card.innerText();
    expect(text).toContain('Klient prosi o tłumacza PJM');
    expect(text).toContain('4 min');
    expect(text).not.toMatch(/priority ×|waited|score/);
    expect(text).toMatch(/Najwyższy wynik.*Wyprzedził bilet zwykły A00\d/s);
    // C3: the clerk sees "priority", not the group the client declared.
    expect(await page.locator('body').innerText()).not.toMatch(/niepełnosprawn|ciąż|senior|dzieck/i);
    await expect.poll(() => page.locator('table.waiting').innerText()).toContain('10 min');
    await auditBothSizes(page, 'panel, priority client');
    await page.screenshot({ path: path.join(SHOTS, 'counter-panel.png') });
  });

  it('an expired session returns to sign-in and the counter continues where it was', async () => {
    await clerkContext.clearCookies();
    await page.keyboard.press('s');
    await expectScreen(page, 'sign-in');
    expect(await page.locator('.notice').innerText()).toContain('Sesja wygasła');
    await signIn(page, clerk.username, clerk.password);
    await expectScreen(page, 'panel');
    await expect.poll(() => currentCode(page)).toMatch(/^A0/);
    expect((await detail(1)).ticket?.state).toBe('called');
  });

  it('the compact toolbar has the essential actions and works by keyboard', async () => {
    await page.getByRole('button', { name: 'Tryb paska' }).click();
    await page.setViewportSize(TOOLBAR);
    await expectScreen(page, 'toolbar');
    await audit(page, 'toolbar');
    const box = await page.locator('.compact').boundingBox();
    expect(box?.height ?? 999, 'the toolbar fits 120 px').toBeLessThanOrEqual(TOOLBAR.height);
    await page.keyboard.press('s');
    await expectStatus(page, 'Rozpoczęto obsługę');
    await page.screenshot({ path: path.join(SHOTS, 'counter-toolbar.png') });
    await page.keyboard.press('f');
    await expectStatus(page, 'Zakończono obsługę');
    await page.getByRole('button', { name: 'Pełny widok' }).click();
    await page.setViewportSize(DESKTOP);
    await expectScreen(page, 'panel');
  });

  it('a clerk cannot reach the console: the API answers 403 and the page refuses', async () => {
    const statusOf = (url: string) => page.evaluate(async (u) => (await fetch(u)).status, url);
    for (const url of [
      '/api/admin/categories',
      '/api/admin/users',
      '/api/admin/audit',
      '/api/admin/settings',
    ])
      expect(await statusOf(url), url).toBe(403);
    // The console's live namespace refuses a clerk's handshake as well.
    const socket = io(`${base}/console`, {
      auth: { protocol: PROTOCOL_VERSION },
      extraHeaders: { cookie: t.headers('clerk').cookie ?? '' },
      reconnection: false,
    });
    const refusal = await new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (e: Error & { data?: { code?: string } }) =>
        resolve(e.data?.code ?? e.message),
      );
    });
    socket.close();
    expect(refusal).toBe('forbidden');
    await page.goto(`${base}/counter/#/console/categories`);
    await expectScreen(page, 'console-categories');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Brak dostępu');
    expect(await page.locator('table').count()).toBe(0);
    await audit(page, 'console refused');
    await page.goto(`${base}/counter/#/`);
    await expectScreen(page, 'panel');
  });

  it('the next clerk sees the transferred client first in their queue, with the note', async () => {
    const second = t.seed.clerks[1];
    if (!second) throw new Error('the sample office has one clerk only');
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    try {
      const other = await context.newPage();
      await other.goto(`${base}/counter/`);
      await signIn(other, second.username, second.password);
      await expectScreen(other, 'setup');
      await other
        .getByLabel('Stanowisko', { exact: true })
        .selectOption({ label: 'Stanowisko 3 (zamknięte)' });
      await other.getByRole('button', { name: 'Otwórz stanowisko' }).click();
      await expectScreen(other, 'panel');
      // Wait until the panel knows its counter is open before calling (the button is enabled then).
      await expect.poll(() => action(other, 'next').isEnabled(), { timeout: 10_000 }).toBe(true);
      await action(other, 'next').click();
      // A004 was issued before every vehicles ticket, so it keeps its place at the front.
      await expectStatus(other, 'Wywołano A004');
      await expect
        .poll(() => other.locator('.ticket').innerText())
        .toContain('Dowód gotowy, potrzebna rejestracja auta.');
      await audit(other, 'panel with a transfer note');
    } finally {
      await context.close();
    }
  });

  describe('supervisor console', () => {
    let sup: Page;
    let context: BrowserContext;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', locale: 'pl-PL' });
      sup = await context.newPage();
      sup.on('dialog', (d) => void d.accept());
      await issue('R');
      await issue('P');
      // The page's clock follows the server's fake one, so "today" is the same day on both.
      await context.clock.setSystemTime(t.clock.now());
      await sup.goto(`${base}/counter/#/console/dashboard`);
      await signIn(sup, 'admin', ADMIN_PASSWORD);
      await sup.waitForSelector('[data-screen="console-dashboard"]');
    });

    afterAll(async () => {
      await context?.close();
    });

    it('the live dashboard shows each category and counter, and follows changes', async () => {
      const dash = sup.getByTestId('dashboard');
      await expect.poll(() => dash.innerText(), { timeout: 10_000 }).toContain('Rejestracja pojazdów');
      await expect
        .poll(() => dash.locator('tr', { hasText: 'Stanowisko 1' }).innerText())
        .toMatch(/obsługuje|otwarte/);
      // Clients keep arriving over the next hour: the table and the chart follow without a reload.
      for (let i = 0; i < 4; i++) {
        const before = await dash.locator('tr', { hasText: 'Prawa jazdy' }).innerText();
        t.clock.advance(15 * 60_000);
        await context.clock.setSystemTime(t.clock.now());
        await issue('P');
        await expect
          .poll(() => dash.locator('tr', { hasText: 'Prawa jazdy' }).innerText(), { timeout: 10_000 })
          .not.toBe(before);
      }
      await expect.poll(() => sup.locator('.chart svg polyline').count()).toBe(1);
      // Served today comes from today's report: the clerk served ID-card clients this morning.
      await expect
        .poll(() => dash.locator('tr', { hasText: 'Dowody osobiste' }).innerText())
        .toMatch(/\t[1-9]\d*\t/);
      await auditBothSizes(sup, 'dashboard');
      await sup.screenshot({ path: path.join(SHOTS, 'console-dashboard.png'), fullPage: true });
    });

    it('tells the supervisor at once when a kiosk’s ticket did not print, until hidden', async () => {
      const dash = sup.getByTestId('dashboard');
      t.printer.state = 'paper_out';
      let code: string;
      try {
        code = await issue('P');
      } finally {
        t.printer.state = 'ok';
      }
      const alert = dash.locator('.alerts li', { hasText: `Bilet ${code}` });
      await expect.poll(() => alert.count(), { timeout: 5000 }).toBe(1);
      expect(await alert.innerText()).toContain('nie został wydrukowany: brak papieru');
      await auditBothSizes(sup, 'dashboard with a ticket not printed');
      await sup.getByRole('button', { name: 'Ukryj alerty o niewydrukowanych biletach' }).click();
      await expect.poll(() => alert.count()).toBe(0);
    });

    const sections = [
      'categories',
      'priority',
      'counters',
      'users',
      'devices',
      'printers',
      'audit',
      'ticket',
      'reports',
    ] as const;
    for (const section of sections)
      it(`console screen "${section}" passes axe, also at 200 %`, async () => {
        await sup.goto(`${base}/counter/#/console/${section}`);
        await expectScreen(sup, `console-${section}`);
        await expect.poll(() => sup.locator('.card').count()).toBeGreaterThan(0);
        await sup.waitForLoadState('networkidle');
        await auditBothSizes(sup, `console ${section}`);
      });

    it('creates a category: errors appear next to the field, then it reaches the kiosk list', async () => {
      await sup.goto(`${base}/counter/#/console/categories`);
      await sup.getByRole('button', { name: 'Dodaj sprawę' }).click();
      const form = sup.locator('form.grid-form');
      await form.getByLabel('Nazwa po polsku').fill('Dowody – odbiór');
      await form.getByLabel(/Limit biletów/).fill('0');
      await form.getByRole('button', { name: 'Dodaj' }).click();
      await expect.poll(() => form.locator('.field-error').count()).toBe(2);
      await audit(sup, 'category form with errors');
      await form.getByLabel(/Prefiks/).fill('od');
      await form.getByLabel(/Limit biletów/).fill('');
      // The server's own check of the prefix (taken) comes back next to the field it names,
      // worded from the code, its case and its values.
      await form.getByLabel(/Prefiks/).fill('A');
      await form.getByRole('button', { name: 'Dodaj' }).click();
      await expect
        .poll(() => form.locator('.field-error').allInnerTexts())
        .toEqual(['Litera A należy już do innej sprawy.']);
      expect(await form.getByLabel(/Prefiks/).getAttribute('aria-invalid')).toBe('true');
      expect(await form.locator('.error[role="alert"]').innerText()).toBe(
        'Litera A należy już do innej sprawy.',
      );
      // The name takes no more than the API does.
      expect(await form.getByLabel('Nazwa po polsku').getAttribute('maxlength')).toBe('120');
      await form.getByLabel(/Prefiks/).fill('OD');
      await form.getByRole('button', { name: 'Dodaj' }).click();
      // Added: the form closes (a second click cannot add it twice), the list says so, and focus
      // returns to the button that adds the next one.
      await expect.poll(() => form.count()).toBe(0);
      await expectStatus(sup, 'Dodano');
      expect(await sup.evaluate(() => document.activeElement?.textContent)).toBe('Dodaj sprawę');
      const kiosk = (await t.request('kiosk', 'GET', '/api/categories')).json() as PublicCategory[];
      expect(kiosk.map((c) => c.prefix)).toContain('OD');
    });

    it('adds a printer, a counter and a user once: the form closes after saving and focus returns to "add"', async () => {
      for (const [section, add, name, fields] of [
        ['printers', 'Dodaj drukarkę', 'Drukarka okienko 5', [['Nazwa', 'Drukarka okienko 5', '120']]],
        ['counters', 'Dodaj stanowisko', 'Okienko kasowe', [['Nazwa', 'Okienko kasowe', '60']]],
        [
          'users',
          'Dodaj użytkownika',
          'jan.okienko',
          [
            ['Login', 'jan.okienko', '64'],
            ['Imię i nazwisko', 'Jan Okienko', '120'],
            ['Hasło', 'haslo-od-kierownika', '200'],
          ],
        ],
      ] as const) {
        await sup.goto(`${base}/counter/#/console/${section}`);
        await expectScreen(sup, `console-${section}`);
        await sup.getByRole('button', { name: add }).click();
        const form = sup.locator('form.grid-form');
        for (const [field, value, maxLength] of fields) {
          await form.getByLabel(field, { exact: true }).fill(value);
          // Each takes no more than the API does.
          expect(await form.getByLabel(field, { exact: true }).getAttribute('maxlength'), field).toBe(
            maxLength,
          );
        }
        await form.getByRole('button', { name: 'Zapisz' }).click();
        await expect.poll(() => form.count()).toBe(0);
        await expectStatus(sup, name);
        expect(await sup.evaluate(() => document.activeElement?.textContent)).toBe(add);
        await auditBothSizes(sup, `console ${section} after adding`);
        // Save cannot be pressed twice: one row of that name.
        await expect.poll(() => sup.locator('tr', { hasText: name }).count()).toBe(1);
      }
    });

    it('finds today’s ticket by its code and tells its history in words, names instead of ids', async () => {
      await sup.goto(`${base}/counter/#/console/ticket`);
      await expectScreen(sup, 'console-ticket');
      const lookup = sup.getByLabel(/Numer dzisiejszego biletu/);
      // A code nobody was given today is said plainly, not as "the entry is gone".
      await lookup.fill('Z999');
      await sup.getByRole('button', { name: 'Pokaż historię' }).click();
      await expect
        .poll(() => sup.locator('.field-error').innerText())
        .toContain('Dziś nie wydano biletu Z999');
      await audit(sup, 'ticket lookup, no such code today');
      // A004 was sent to vehicle registration in the morning.
      await lookup.fill('a004');
      await sup.getByRole('button', { name: 'Pokaż historię' }).click();
      await expect.poll(() => sup.getByRole('heading', { name: 'Bilet A004' }).count()).toBe(1);
      const details = sup.locator('table tbody tr td:nth-child(4)');
      await expect
        .poll(() => details.allInnerTexts())
        .toEqual([
          expect.stringMatching(/^Osób przed klientem: \d+\. Szacowane oczekiwanie: \d+–\d+ min\.$/),
          expect.stringMatching(/\S/),
          'Do sprawy R – Rejestracja pojazdów; dowolne stanowisko.',
          'Przekazany z: Stanowisko 1.',
          expect.stringMatching(/^Najwyższy wynik .*A004/),
        ]);
      // Both legs of the visit are on this page, so no link leads to the other one; the state is
      // that of the last leg, in the matter it was sent to.
      expect(await sup.getByRole('link', { name: 'dalsza historia biletu' }).count()).toBe(0);
      expect(await sup.locator('dd[data-state]').innerText()).toMatch(
        / – w sprawie R – Rejestracja pojazdów, po przekazaniu$/,
      );
      await audit(sup, 'ticket history with a transfer');
      // The change log says its details in words too.
      await sup.goto(`${base}/counter/#/console/audit`);
      await expectScreen(sup, 'console-audit');
      const logged = sup.locator('table.audit tbody tr td:nth-child(5)');
      await expect.poll(() => logged.count()).toBeGreaterThan(3);
      const texts = await logged.allInnerTexts();
      expect(texts.join('\n')).not.toMatch(/[{}"]/);
      expect(texts).toContain('nazwa: Okienko kasowe; numer: 7');
    });

    // The kiosk long-polls for configuration changes, so a new category appears there at once,
    // without a reload.
    it('an open kiosk shows the new category at once, without a reload', async () => {
      const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
      try {
        const token = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
        await asPairedDevice(kioskContext, 'kiosk', token);
        const kiosk = await kioskContext.newPage();
        await kiosk.goto(`${base}/kiosk/`);
        await kiosk.locator('.language-choice', { hasText: 'Polski' }).click();
        await kiosk.waitForSelector('[data-category="A"]');
        expect(await kiosk.locator('[data-category="NN"]').count()).toBe(0);
        // The supervisor adds it in the console, in the other window.
        await sup.goto(`${base}/counter/#/console/categories`);
        await sup.getByRole('button', { name: 'Dodaj sprawę' }).click();
        const form = sup.locator('form.grid-form');
        await form.getByLabel(/Prefiks/).fill('NN');
        await form.getByLabel('Nazwa po polsku').fill('Nowa sprawa');
        await form.getByRole('button', { name: 'Dodaj' }).click();
        await expectStatus(sup, 'Dodano');
        // Well under the kiosk's regular 20 s refresh: the change itself woke it.
        await kiosk.waitForSelector('[data-category="NN"]', { timeout: 3_000 });
      } finally {
        await kioskContext.close();
      }
    });

    it('saves the priority policy and pairs a device, showing its link once', async () => {
      await sup.goto(`${base}/counter/#/console/priority`);
      // The office's one priority weight, in the same form (the policy uses it from the next call).
      const policy = sup.locator('section', { hasText: 'Zasady kolejki' });
      await policy.getByLabel('Waga pierwszeństwa').fill('11');
      await policy.getByLabel(/Limit kolejnych wywołań/).fill('2');
      await sup.getByRole('button', { name: 'Zapisz zasady' }).click();
      await expect.poll(() => policy.locator('.field-error').innerText()).toContain('od 1 do 10');
      await policy.getByLabel('Waga pierwszeństwa').fill('5');
      await sup.getByRole('button', { name: 'Zapisz zasady' }).click();
      await expect.poll(() => sup.locator('.result').first().innerText()).toContain('Zapisano zasady');
      const settings = (await t.request('admin', 'GET', '/api/admin/settings')).json() as {
        priorityWeight: number;
        consecutivePriorityCap: number | null;
      };
      expect(settings).toMatchObject({ priorityWeight: 5, consecutivePriorityCap: 2 });
      // A group says only who qualifies: its form has no weight.
      await sup.getByRole('button', { name: 'Edytuj Kobiety w ciąży' }).click();
      const group = sup.locator('section', { hasText: 'Edycja: Kobiety w ciąży' });
      await expect.poll(() => sup.evaluate(() => document.activeElement?.textContent)).toContain('Edycja');
      expect(await group.getByLabel(/Waga/).count()).toBe(0);
      await group.getByRole('button', { name: 'Zamknij' }).click();

      // The next call follows the new weight. A regular client waits 10 min, a pregnant client
      // 3 min more: at weight 4 the regular one goes first (13 > 12), at weight 5 she does (15 > 13).
      const pregnant = (await t.request('admin', 'GET', '/api/admin/priority-groups')).json() as Array<{
        id: string;
        names: { pl: string };
      }>;
      const groupId = pregnant.find((g) => g.names.pl === 'Kobiety w ciąży')?.id;
      await t.request('admin', 'POST', `/api/counters/${t.counter[5]}/open`, { categoryIds: [t.category.I] });
      const regular = await issue('I');
      t.clock.advance(10 * 60_000);
      const priority = await issue('I', { priorityGroupId: groupId });
      t.clock.advance(3 * 60_000);
      const called = (await t.request('admin', 'POST', `/api/counters/${t.counter[5]}/next`)).json() as {
        ticket: { code: string };
        decision?: unknown;
      };
      expect(called.ticket.code).toBe(priority);
      if (called.decision !== undefined) {
        expect(called.decision).toMatchObject({
          rule: 'score',
          ticket: { code: priority, weight: 5, waitedMinutes: 3, score: 15 },
          other: { code: regular, weight: 1, waitedMinutes: 13, score: 13 },
        });
      }
      await t.request('admin', 'POST', `/api/counters/${t.counter[5]}/no-show`);
      await t.request('admin', 'POST', `/api/counters/${t.counter[5]}/close`);

      await sup.goto(`${base}/counter/#/console/devices`);
      // A device's name takes no more than the API does.
      expect(await sup.getByLabel('Nazwa', { exact: true }).getAttribute('maxlength')).toBe('120');
      await sup.getByLabel('Nazwa', { exact: true }).fill('Biletomat – piętro 1');
      await sup.getByRole('button', { name: /Dodaj i pokaż link/ }).click();
      await expect.poll(() => sup.getByTestId('pairing-url').inputValue()).toContain('/kiosk/#pair=');
      expect(
        await sup.getByTestId('pairing-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      ).toBeGreaterThan(0);
      await audit(sup, 'device pairing link');
      // The link says until when it works (24 hours), in Polish.
      expect(await sup.getByTestId('pairing-expires').innerText()).toMatch(/^Ważny do: .+\d{2}:\d{2}$/);
      // A new link for a device that is paired already revokes nothing until it is used.
      await sup.getByRole('button', { name: 'Nowy link parowania Monitor – hol główny' }).click();
      await expect.poll(() => sup.getByTestId('pairing-url').inputValue()).toContain('/display/#pair=');
      expect((await t.request('display', 'GET', '/api/devices/me')).statusCode).toBe(200);
    });
  });
});
