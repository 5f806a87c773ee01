import { decodeEscPos, FakePrinter } from '@numerek/hardware';
import { PAIRING_LINK_TTL_MS, type IssuedTicket, type IssueTicketBody } from '@numerek/shared';
import { createTestApp, pairingCodeOf, type TestApp } from '@numerek/server/testing';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRINGS } from '../../kiosk/src/i18n.ts';
import { expectNoAxeViolations } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { asPairedDevice } from './support/devices.ts';
import { giveKioskPrinter } from './support/kiosk-printer.ts';
import { expectKioskScreen, kioskScreen, openKioskPage } from './support/kiosk-page.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots of every screen, for people to look at; not compared. */
const SHOTS = process.env.KIOSK_SHOTS ?? path.join(tmpdir(), 'numerek-kiosk-shots');
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

type Mode = 'normal' | 'large' | 'contrast' | 'both';

const run = browserAvailable('kiosk browser test');

describe.skipIf(!run)('kiosk in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let token: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The server itself serves kiosk/dist under /kiosk/, with its real security headers (CSP).
    t = await createTestApp({ serveApps: true });
    // Categories in every state the kiosk shows: Informacja closed today (a Monday), vehicles at
    // their daily limit.
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.I}`, {
      openingHours: [{ day: 2, open: '08:00', close: '16:00' }],
    });
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.R}`, { dailyLimit: 1 });
    const first = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.R });
    expect(first.statusCode).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    token = (t.headers('kiosk').authorization ?? '').replace(/^Bearer /, '');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A kiosk page, paired with the sample kiosk's token unless `token` says otherwise. */
  const openKiosk = (
    viewport: { width: number; height: number },
    opts: { token?: string | null; pair?: string; clock?: boolean } = {},
  ) =>
    openKioskPage(browser, base, viewport, { ...opts, token: opts.token === undefined ? token : opts.token });

  const screenOf = kioskScreen;
  const expectScreen = expectKioskScreen;

  async function setMode(page: Page, mode: Mode, lang: 'pl' | 'en' | 'uk') {
    const labels = {
      pl: { large: 'Duży tekst', contrast: 'Wysoki kontrast' },
      en: { large: 'Large text', contrast: 'High contrast' },
      uk: { large: 'Великий текст', contrast: 'Високий контраст' },
    }[lang];
    if (mode === 'large' || mode === 'both')
      await page.getByRole('button', { name: labels.large, exact: false }).click();
    if (mode === 'contrast' || mode === 'both')
      await page.getByRole('button', { name: labels.contrast, exact: false }).click();
  }

  /** axe-core, target sizes, contrast from computed styles, the page's lang; and a screenshot. */
  async function audit(page: Page, name: string, lang: string, mode: Mode) {
    await expect
      .poll(() => page.evaluate(() => document.documentElement.lang), { message: `${name}: lang` })
      .toBe(lang);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

    await expectNoAxeViolations(page, name);

    const report = await page.evaluate(measure);
    expect(report.small, `${name}: targets under 44×44 px`).toEqual([]);
    const minText = mode === 'contrast' || mode === 'both' ? 7 : 4.5;
    expect(
      report.texts.filter((x) => x.ratio < minText).map((x) => `${x.text} ${x.ratio.toFixed(2)}`),
      `${name}: text contrast below ${minText}:1`,
    ).toEqual([]);
    expect(
      report.borders.filter((x) => x.ratio < 3).map((x) => `${x.text} ${x.ratio.toFixed(2)}`),
      `${name}: control borders below 3:1`,
    ).toEqual([]);
    // K2: body text at least 24 px; the large-text mode (K4) doubles the screen's content and
    // grows the settings bar by half.
    const large = mode === 'large' || mode === 'both';
    expect(report.minFont, `${name}: smallest text`).toBeGreaterThanOrEqual(large ? 48 : 24);
    expect(report.minBarFont, `${name}: smallest text in the settings bar`).toBeGreaterThanOrEqual(
      large ? 36 : 24,
    );
    // No loss of function: nothing sticks out sideways, and no words spill out of their tile.
    expect(report.overflowX, `${name}: horizontal overflow`).toBe(false);
    expect(report.spilled, `${name}: words outside their tile`).toEqual([]);
    // The hyphenation patterns of a language arrive a moment after its first screen.
    await expect
      .poll(async () => (await page.evaluate(measure)).brokenWords, {
        message: `${name}: words broken without a hyphen`,
      })
      .toEqual([]);
    // Soft hyphens are for the eye: a screen reader and a voice command get the words as written
    // (Chromium's own accessibility tree: Playwright's role queries drop soft hyphens themselves).
    expect(await softHyphenatedNames(page), `${name}: soft hyphens in accessible names`).toEqual([]);
  }

  /** The names in the page's accessibility tree, as assistive technology gets them, with a soft hyphen. */
  async function softHyphenatedNames(page: Page): Promise<string[]> {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
        nodes: Array<{ name?: { value?: unknown } }>;
      };
      return nodes.flatMap((n) => {
        const value = n.name?.value;
        return typeof value === 'string' && value.includes('\u00AD') ? [value.replaceAll('\u00AD', '|')] : [];
      });
    } finally {
      await cdp.detach();
    }
  }

  /** The matters and "I have a booking" on the categories screen; the choices on the priority screen. */
  const CHOICES = {
    categories: '[data-category], [data-booking-entry]',
    priority: '[data-priority], [data-interpreter]',
  } as const;

  /**
   * Every choice on the screen is seen whole, or brought into view by the large button beside the
   * list, pressed until every one has been seen; while some are out of sight the button shows and
   * the list's edge fades. Then the button up goes back to the top.
   */
  async function expectEveryChoiceReachable(page: Page, name: string, screen: keyof typeof CHOICES) {
    const look = () =>
      page.evaluate((selector) => {
        const body = document.querySelector('.body');
        const box = body?.getBoundingClientRect();
        // The list's edges fade where it goes on.
        const edge = body ? parseFloat(getComputedStyle(body).scrollPaddingTop) || 0 : 0;
        const choices = [...document.querySelectorAll(selector)];
        const seen = choices.flatMap((el, i) => {
          const r = el.getBoundingClientRect();
          if (!box || r.height === 0) return [];
          const top = Math.max(r.top, box.top);
          const bottom = Math.min(r.bottom, box.bottom);
          // Whole within the list's visible part, or, taller than it (large text in landscape),
          // filling it between its faded edges; and nothing drawn over the middle of what shows.
          if (bottom - top < Math.min(r.height, box.height - 2 * edge) - 1) return [];
          const hit = document.elementFromPoint(r.left + r.width / 2, (top + bottom) / 2);
          return hit && el.contains(hit) ? [i] : [];
        });
        const button = (direction: string) => {
          const b = document.querySelector(`[data-scroll="${direction}"]`);
          if (!b) return null;
          const r = b.getBoundingClientRect();
          return {
            enabled: b.getAttribute('aria-disabled') !== 'true',
            inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth,
            height: r.height,
          };
        };
        return {
          total: choices.length,
          seen,
          scrollTop: body?.scrollTop ?? 0,
          fade: body ? getComputedStyle(body).maskImage : 'none',
          down: button('down'),
          up: button('up'),
        };
      }, CHOICES[screen]);
    let state = await look();
    expect(state.total, `${name}: choices`).toBeGreaterThan(1);
    const seen = new Set<number>();
    for (let pages = 0; ; pages++) {
      for (const i of state.seen) seen.add(i);
      if (seen.size === state.total) break;
      expect(pages, `${name}: pages to see every choice`).toBeLessThan(state.total);
      // Some are out of sight: a large button in view brings them, and the list's faded edge says it goes on.
      // (The buttons come a moment after the content grows: fonts, hyphenation, a new language.)
      // Until then the layout may still settle so that every choice shows after all.
      await expect
        .poll(
          async () => {
            state = await look();
            for (const i of state.seen) seen.add(i);
            return seen.size === state.total || (state.down?.enabled === true && state.down.inView);
          },
          { message: `${name}: the button to more`, timeout: 5000 },
        )
        .toBe(true);
      if (seen.size === state.total) break;
      expect(state.down, `${name}: the button to more`).toMatchObject({ enabled: true, inView: true });
      // K1: a primary target on the kiosk, at least 19 mm (about 72 px on a 1080p screen of 21–24").
      expect(state.down?.height, `${name}: the button's height`).toBeGreaterThanOrEqual(72);
      expect(state.fade, `${name}: the list's faded edge`).toMatch(/gradient/);
      const before = state.scrollTop;
      await page.locator('[data-scroll="down"]').click();
      // Moved down, and the button up knows it.
      await expect
        .poll(
          async () => {
            state = await look();
            return state.scrollTop > before && state.up?.enabled === true;
          },
          { message: `${name}: paged down` },
        )
        .toBe(true);
    }
    // Back to the top with the button up, which then says it can go no further.
    while (state.scrollTop > 0) {
      expect(state.up, `${name}: the button up`).toMatchObject({ enabled: true, inView: true });
      const before = state.scrollTop;
      await page.locator('[data-scroll="up"]').click();
      await expect
        .poll(
          async () => {
            state = await look();
            return state.scrollTop < before && state.down?.enabled === true;
          },
          { message: `${name}: paged up` },
        )
        .toBe(true);
    }
    if (state.up)
      await expect
        .poll(async () => (await look()).up?.enabled, { message: `${name}: the button up at the top` })
        .toBe(false);
  }

  /** Picks a priority-less or a priority path, interpreter or not, and checks what the ticket says. */
  async function takeTicket(
    page: Page,
    opts: { name: string; lang: 'pl' | 'en' | 'uk'; mode: Mode; priority: boolean; interpreter?: boolean },
  ): Promise<IssuedTicket> {
    const { name, lang, mode } = opts;
    await expectScreen(page, 'language');
    await setMode(page, mode, 'pl');
    await audit(page, `${name}-1-language`, 'pl', mode);
    const languageName = { pl: 'Polski', en: 'English', uk: 'Українська' }[lang];
    await page.locator('.language-choice', { hasText: languageName }).click();
    await expectScreen(page, 'categories');
    await audit(page, `${name}-2-categories`, lang, mode);
    await expectEveryChoiceReachable(page, `${name}-2-categories`, 'categories');

    // Closed and limit-reached tiles say so in words, not only in colour.
    const closed = page.locator('[data-category="I"]');
    await expect.poll(() => closed.getAttribute('aria-disabled')).toBe('true');
    const closedWord = { pl: 'Zamknięte', en: 'Closed', uk: 'Зачинено' }[lang];
    expect(await closed.innerText()).toContain(closedWord);
    expect(await page.locator('[data-category="R"]').getAttribute('aria-disabled')).toBe('true');
    await closed.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled
    await expectScreen(page, 'categories');

    await page.locator('[data-category="A"]').click();
    await expectScreen(page, 'priority');
    if (opts.interpreter) await page.locator('[data-interpreter]').click();
    await audit(page, `${name}-3-priority`, lang, mode);
    await expectEveryChoiceReachable(page, `${name}-3-priority`, 'priority');

    const request = page.waitForRequest((r) => r.url().endsWith('/api/tickets') && r.method() === 'POST');
    const response = page.waitForResponse(
      (r) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST',
    );
    await page.locator(opts.priority ? '[data-priority="pregnancy"]' : '[data-priority="none"]').click();
    const body = (await request).postDataJSON() as IssueTicketBody;
    const ticket = (await (await response).json()) as IssuedTicket;
    expect(body.categoryId).toBe(t.category.A);
    expect(body.language).toBe(lang);
    expect(Boolean(body.priorityGroupId)).toBe(opts.priority);
    expect(Boolean(body.interpreter)).toBe(Boolean(opts.interpreter));
    expect(ticket.priority).toBe(opts.priority);

    await expectScreen(page, 'ticket');
    await expect.poll(() => page.locator('img.qr').count()).toBe(1);
    expect((await page.locator('[data-code]').innerText()).trim()).toBe(ticket.code);
    expect(await page.locator('[data-people-ahead]').getAttribute('data-people-ahead')).toBe(
      String(ticket.peopleAhead),
    );
    await audit(page, `${name}-4-ticket`, lang, mode);
    return ticket;
  }

  const flows = [
    { name: 'pl-normal-portrait', lang: 'pl', mode: 'normal', priority: false, viewport: PORTRAIT },
    { name: 'en-large-landscape', lang: 'en', mode: 'large', priority: true, viewport: LANDSCAPE },
    {
      name: 'uk-contrast-portrait',
      lang: 'uk',
      mode: 'contrast',
      priority: true,
      viewport: PORTRAIT,
      interpreter: true,
    },
    { name: 'pl-both-landscape', lang: 'pl', mode: 'both', priority: true, viewport: LANDSCAPE },
    { name: 'en-contrast-landscape', lang: 'en', mode: 'contrast', priority: false, viewport: LANDSCAPE },
    { name: 'uk-large-portrait', lang: 'uk', mode: 'large', priority: false, viewport: PORTRAIT },
  ] as const;

  for (const flow of flows)
    it(`takes a ticket: ${flow.name}${flow.priority ? ', with priority' : ''}`, async () => {
      const { page, context } = await openKiosk(flow.viewport);
      try {
        const ticket = await takeTicket(page, flow);
        if ('interpreter' in flow) expect(ticket.interpreter).toBe(true);
        // "Done" goes back to the start, in Polish and with the modes off for the next client.
        await page.locator('.done').click();
        await expectScreen(page, 'language');
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('pl');
        expect(await page.locator('.kiosk.high-contrast').count()).toBe(0);
      } finally {
        await context.close();
      }
    });

  it('shows every matter and priority choice, or a large button to the rest, in each language and mode, portrait and landscape', async () => {
    for (const [orientation, viewport] of [
      ['portrait', PORTRAIT],
      ['landscape', LANDSCAPE],
    ] as const)
      for (const mode of ['normal', 'large', 'contrast', 'both'] as const) {
        const { page, context } = await openKiosk(viewport);
        try {
          await expectScreen(page, 'language');
          await setMode(page, mode, 'pl');
          await page.locator('.language-choice', { hasText: 'Polski' }).click();
          for (const lang of ['pl', 'en', 'uk'] as const) {
            const name = `${lang}-${mode}-${orientation}`;
            await page.locator(`.lang-button[lang="${lang}"]`).click();
            await expectScreen(page, 'categories');
            await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
            await expectEveryChoiceReachable(page, `${name}-categories`, 'categories');
            if (lang === 'uk' && mode === 'both' && orientation === 'portrait') {
              // The longest words, twice the size, in high contrast: the list part-way down.
              await page.locator('[data-scroll="down"]').click();
              await expect.poll(() => page.locator('.body').evaluate((b) => b.scrollTop)).toBeGreaterThan(0);
              await audit(page, `${name}-categories-more`, lang, mode);
            }
            await page.locator('[data-category="A"]').click();
            await expectScreen(page, 'priority');
            await expectEveryChoiceReachable(page, `${name}-priority`, 'priority');
            await page.locator('.nav-button', { hasText: STRINGS[lang].back }).click();
          }
        } finally {
          await context.close();
        }
      }
  }, 300_000);

  it('loads at most 35 KB of JavaScript (gzip) on the kiosk page', () => {
    const html = readFileSync(path.join(ROOT, 'kiosk/dist/index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/kiosk\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    const bytes = scripts.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(ROOT, 'kiosk/dist', file)), { level: 9 }).length,
      0,
    );
    expect(bytes).toBeLessThanOrEqual(35 * 1024);
  });

  /** A new kiosk in the console, and the one-time code of its pairing link. */
  async function newKioskLink(name: string): Promise<{ id: string; code: string }> {
    const res = await t.request('supervisor', 'POST', '/api/admin/devices', { kind: 'kiosk', name });
    expect(res.statusCode).toBe(201);
    const { id, pairingUrl } = res.json<{ id: string; pairingUrl: string }>();
    return { id, code: pairingCodeOf(pairingUrl) };
  }
  const storedIn = (page: Page) =>
    page.evaluate(() => ({
      token: localStorage.getItem('numerek.kiosk.token'),
      code: localStorage.getItem('numerek.kiosk.pairingCode'),
    }));

  it('removes the pairing code from the address bar and keeps a token of its own, got with the code once', async () => {
    const link = await newKioskLink('Biletomat – parowanie');
    const { page, context } = await openKiosk(PORTRAIT, { token: null, pair: link.code });
    try {
      await expectScreen(page, 'language');
      expect(page.url()).toBe(`${base}/kiosk/`);
      const stored = await storedIn(page);
      expect(stored.code).toBeNull();
      expect(stored.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(stored.token).not.toBe(link.code);
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/devices/me',
        headers: { authorization: `Bearer ${stored.token}` },
      });
      expect(me.json()).toMatchObject({ id: link.id, kind: 'kiosk' });
      await page.reload();
      await expectScreen(page, 'language');
    } finally {
      await context.close();
    }
    // The same link a second time (seen in a log, say) pairs nothing.
    const again = await openKiosk(LANDSCAPE, { token: null, pair: link.code });
    try {
      await expectScreen(again.page, 'pairingFailed');
      expect(await again.page.locator('main').innerText()).toContain('został już użyty');
      expect(await storedIn(again.page)).toEqual({ token: null, code: null });
    } finally {
      await again.context.close();
    }
  });

  it('says plainly, in the kiosk’s language, when a pairing link has expired; a paired kiosk keeps working', async () => {
    const link = await newKioskLink('Biletomat – link po terminie');
    // The server's clock a day later: the link has expired.
    t.clock.advance(PAIRING_LINK_TTL_MS);
    const { page, context } = await openKiosk(PORTRAIT, { token: null, pair: link.code });
    try {
      await expectScreen(page, 'pairingFailed');
      expect(await page.locator('h1').innerText()).toBe('Tego linku parowania nie można użyć');
      expect(await page.locator('main').innerText()).toContain('Link wygasł');
      expect(await page.locator('main button').count()).toBe(0);
      expect(new URL(page.url()).hash).toBe('');
      await audit(page, 'pairing-expired-portrait', 'pl', 'normal');
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.locator('h1').innerText()).toBe('This pairing link cannot be used');
      expect(await page.locator('main').innerText()).toContain('The link has expired');
      await page.getByRole('button', { name: 'Українська' }).click();
      expect(await page.locator('main').innerText()).toContain('Термін дії посилання минув');
      expect(await storedIn(page)).toEqual({ token: null, code: null });
    } finally {
      t.clock.advance(-PAIRING_LINK_TTL_MS);
      await context.close();
    }
    // A kiosk that is paired already and is given a dead link keeps its token and goes on.
    const paired = await openKiosk(LANDSCAPE, {
      pair: link.code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    });
    try {
      await expectScreen(paired.page, 'pairingFailed');
      expect(await paired.page.locator('main').innerText()).toContain('Biletomat działa dalej jak dotąd');
      await audit(paired.page, 'pairing-invalid-paired-landscape', 'pl', 'normal');
      await paired.page.getByRole('button', { name: 'Dalej' }).click();
      await expectScreen(paired.page, 'language');
      expect((await storedIn(paired.page)).token).toBe(token);
    } finally {
      await paired.context.close();
    }
  });

  it('says plainly when the kiosk is not paired, or its token was revoked', async () => {
    for (const [name, stored, viewport] of [
      ['unpaired-portrait', null, PORTRAIT],
      ['revoked-landscape', 'not-a-valid-token', LANDSCAPE],
    ] as const) {
      const { page, context } = await openKiosk(viewport, { token: stored });
      try {
        await expectScreen(page, 'unpaired');
        expect(await page.locator('h1').innerText()).toContain('nie jest jeszcze podłączony');
        expect(await page.locator('main').innerText()).toContain('dział IT');
        await audit(page, name, 'pl', 'normal');
        expect(await page.evaluate(() => localStorage.getItem('numerek.kiosk.token'))).toBeNull();
        await page.getByRole('button', { name: 'English' }).click();
        expect(await page.locator('h1').innerText()).toBe('This kiosk is not set up yet');
      } finally {
        await context.close();
      }
    }
  });

  it('shows the ticket with its QR code and a plain message when the printer is out of paper (K12)', async () => {
    t.printer.state = 'paper_out';
    const { page, context } = await openKiosk(LANDSCAPE);
    try {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: 'English' }).click();
      const response = page.waitForResponse((r) => r.url().endsWith('/api/tickets'));
      await page.locator('[data-category="A"]').click();
      await page.locator('[data-priority="none"]').click();
      const ticket = (await (await response).json()) as IssuedTicket;
      expect(ticket.print.state).toBe('failed');
      await expectScreen(page, 'ticket');
      expect((await page.locator('[data-code]').innerText()).trim()).toBe(ticket.code);
      expect(await page.getByRole('alert').innerText()).toContain(
        'The printer is out of paper. Please note your number, take a photo of this screen or scan the code. Staff have been told.',
      );
      await expect.poll(() => page.locator('img.qr').count()).toBe(1);
      expect(
        await page.locator('img.qr').evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBeGreaterThan(0);
      await audit(page, 'printer-failed-landscape', 'en', 'normal');
    } finally {
      t.printer.state = 'ok';
      await context.close();
    }
  });

  it('explains a refused ticket and shows the category’s new state', async () => {
    const { page, context } = await openKiosk(PORTRAIT);
    const closeM = (openingHours: unknown) =>
      t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.M}`, { openingHours });
    try {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: 'English' }).click();
      await page.locator('[data-category="M"]').click();
      await expectScreen(page, 'priority');
      // Closed by the supervisor while the client was choosing.
      expect((await closeM([{ day: 3, open: '08:00', close: '12:00' }])).statusCode).toBe(200);
      await page.locator('[data-priority="none"]').click();
      await expectScreen(page, 'issueError');
      expect(await page.locator('main').innerText()).toContain('This service is closed now.');
      await audit(page, 'issue-error-portrait', 'en', 'normal');
      await page.getByRole('button', { name: 'Choose another service' }).click();
      await expectScreen(page, 'categories');
      await expect
        .poll(() => page.locator('[data-category="M"]').innerText())
        .toContain('Open Wed 8:00–12:00');
    } finally {
      await closeM(null);
      await context.close();
    }
  });

  it('shows a service no counter serves, and one saved with no hours, as unavailable in words; a ticket nobody could call is refused', async () => {
    const created = await t.request('supervisor', 'POST', '/api/admin/categories', {
      prefix: 'Z',
      names: { pl: 'Sprawy bez stanowiska', en: 'Unserved matters', uk: 'Справи без віконця' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const z = created.json<{ id: string }>().id;
    const counters = (await t.request('admin', 'GET', '/api/counters')).json<
      Array<{ id: string; categoryIds: string[] }>
    >();
    const sixth = counters.find((c) => c.id === t.counter[6])?.categoryIds ?? [];
    const serveZ = async (on: boolean) => {
      const res = await t.request('admin', 'PATCH', `/api/admin/counters/${t.counter[6]}`, {
        categoryIds: on ? [...sixth, z] : sixth,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const hoursOfM = (openingHours: unknown) =>
      t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.M}`, { openingHours });
    // Saved with no hours at all: never open.
    expect((await hoursOfM([])).statusCode).toBe(200);
    const { page, context } = await openKiosk(PORTRAIT);
    const w = { pl: STRINGS.pl, en: STRINGS.en, uk: STRINGS.uk };
    try {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: 'Polski' }).click();
      await expectScreen(page, 'categories');
      const zTile = page.locator('[data-category="Z"]');
      await expect.poll(() => zTile.getAttribute('aria-disabled')).toBe('true');
      const unserved = await zTile.innerText();
      expect(unserved).toContain(w.pl.unavailable);
      expect(unserved).toContain(w.pl.noCounter);
      expect(unserved).not.toContain('Czeka');
      const m = await page.locator('[data-category="M"]').innerText();
      expect(m).toContain(w.pl.closed);
      expect(m).toContain(w.pl.noHours);
      expect(m).not.toContain(w.pl.alwaysOpen);
      await audit(page, 'unserved-categories-portrait', 'pl', 'normal');
      for (const lang of ['en', 'uk'] as const) {
        await page.locator(`.foot .lang-button[lang="${lang}"]`).click();
        await expect.poll(() => zTile.innerText()).toContain(w[lang].noCounter);
        expect(await page.locator('[data-category="M"]').innerText()).toContain(w[lang].noHours);
      }

      // A counter takes Z on: its tile opens. Then Z is taken off it while the client chooses.
      await serveZ(true);
      await page.reload();
      await page.locator('.language-choice', { hasText: 'Polski' }).click();
      await expectScreen(page, 'categories');
      await expect.poll(() => zTile.getAttribute('aria-disabled')).toBe(null);
      await zTile.click();
      await expectScreen(page, 'priority');
      await serveZ(false);
      await page.locator('[data-priority="none"]').click();
      await expectScreen(page, 'issueError');
      expect(await page.locator('main').innerText()).toContain(w.pl.noCounter);
      await audit(page, 'issue-error-no-counter-portrait', 'pl', 'normal');
      expect(await t.db.value('SELECT count(*) FROM tickets WHERE category_id = ?', [z])).toBe(0);
      await page.getByRole('button', { name: w.pl.tryAgain }).click();
      await expectScreen(page, 'categories');
      await expect.poll(() => zTile.getAttribute('aria-disabled')).toBe('true');
    } finally {
      await serveZ(false);
      await t.request('supervisor', 'PATCH', `/api/admin/categories/${z}`, { active: false });
      await hoursOfM(null);
      await context.close();
    }
  });

  it('says, in the kiosk’s language, that no counter serves the matter yet, on the tile and the ticket, and the wait once one opens', async () => {
    const w = { pl: STRINGS.pl, en: STRINGS.en, uk: STRINGS.uk };
    const languageName = { pl: 'Polski', en: 'English', uk: 'Українська' };
    /** Takes a regular ticket of Dowody osobiste (A) in `lang`: what its tile and its ticket say. */
    const take = async (page: Page, lang: 'pl' | 'en' | 'uk', name: string) => {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: languageName[lang] }).click();
      await expectScreen(page, 'categories');
      const tile = await page.locator('[data-category="A"] .tile-detail').innerText();
      await page.locator('[data-category="A"]').click();
      await expectScreen(page, 'priority');
      const response = page.waitForResponse(
        (r) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST',
      );
      await page.locator('[data-priority="none"]').click();
      const ticket = (await (await response).json()) as IssuedTicket;
      await expectScreen(page, 'ticket');
      const wait = page.locator('[data-wait]');
      const shown = { kind: await wait.getAttribute('data-wait'), text: (await wait.innerText()).trim() };
      await audit(page, name, lang, 'normal');
      await page.locator('.done').click();
      return { tile, ticket, shown };
    };

    // Early morning: every counter set up for A (1, 2 and 6) is closed.
    const { page, context } = await openKiosk(PORTRAIT);
    try {
      for (const lang of ['pl', 'en', 'uk'] as const) {
        const { tile, ticket, shown } = await take(page, lang, `nobody-serving-${lang}-portrait`);
        expect(ticket.nobodyServing).toBe(true);
        // The tile still offers a ticket, and says nobody serves the matter now instead of a wait.
        expect(tile).toContain(w[lang].nobodyServing);
        expect(tile).not.toContain(w[lang].waitAbout.replace(': {wait}', ''));
        expect(shown).toEqual({ kind: 'nobody-serving', text: w[lang].nobodyServing });
        expect(shown.text).not.toMatch(/\d/);
      }

      const opened = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
      expect(opened.statusCode, opened.body).toBe(200);
      await page.reload();
      const { tile, ticket, shown } = await take(page, 'pl', 'served-pl-portrait');
      expect(ticket.nobodyServing).toBe(false);
      expect(tile).toContain(w.pl.waitAbout.replace(' {wait}', ''));
      expect(tile).not.toContain(w.pl.nobodyServing);
      expect(shown.kind).toBe('range');
      expect(shown.text).toMatch(/min/);
      expect(shown.text).not.toContain(w.pl.nobodyServing);
    } finally {
      await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/close`);
      await context.close();
    }
  });

  it('shows "nothing typed yet" on the code keypad in the text’s font, not spaced out as a code', async () => {
    for (const mode of ['normal', 'large'] as const) {
      const { page, context } = await openKiosk(PORTRAIT);
      try {
        await expectScreen(page, 'language');
        await setMode(page, mode, 'pl');
        await page.locator('.language-choice', { hasText: 'Polski' }).click();
        await expectScreen(page, 'categories');
        await audit(page, `categories-${mode}-portrait`, 'pl', mode);
        await page.locator('[data-booking-entry]').click();
        await expectScreen(page, 'bookingCode');
        const style = (selector: string) =>
          page.locator(selector).evaluate((el) => {
            const s = getComputedStyle(el);
            return { spacing: s.letterSpacing, weight: s.fontWeight, size: parseFloat(s.fontSize) };
          });
        const empty = await style('.code-empty');
        expect(await page.locator('.code-empty').innerText()).toBe(STRINGS.pl.bookingCodeEmpty);
        expect(empty).toMatchObject({ spacing: 'normal', weight: '400' });
        const hint = await style('.hint');
        expect(empty.size).toBeGreaterThanOrEqual(hint.size);
        await page.locator('[data-key="4"]').click();
        const typed = await style('.code-typed output');
        expect(typed.spacing).not.toBe('normal');
        expect(typed.size).toBeGreaterThan(empty.size);
        await audit(page, `booking-code-${mode}-portrait`, 'pl', mode);
      } finally {
        await context.close();
      }
    }
  });

  it('reads every screen and the ticket aloud, and can repeat and stop (K6)', async () => {
    const { page, context, spoken } = await openKiosk(PORTRAIT);
    // The server renders what is read (the first sentence also loads its speech engine).
    const READ = { timeout: 15_000 };
    try {
      await expectScreen(page, 'language');
      await page.getByRole('button', { name: 'Czytaj na głos' }).click();
      await expect.poll(async () => (await spoken()).at(-1) ?? '', READ).toContain('Wybierz język');
      await page.locator('.language-choice', { hasText: 'Polski' }).click();
      await expect
        .poll(async () => (await spoken()).at(-1) ?? '', READ)
        .toContain('Wybierz sprawę. Dowody osobiste');
      await page.locator('[data-category="A"]').click();
      await expect
        .poll(async () => (await spoken()).at(-1) ?? '', READ)
        .toContain('Czy masz pierwszeństwo w kolejce?');
      await page.locator('[data-priority="none"]').click();
      await expectScreen(page, 'ticket');
      const code = (await page.locator('[data-code]').innerText()).trim();
      const spokenCode = `${code.slice(0, 1)} ${Number(code.slice(1))}`;
      // A long reading is rendered in pieces of at most 300 characters.
      await expect
        .poll(async () => (await spoken()).slice(-3).join(' '), READ)
        .toContain(`Twój numer: ${spokenCode}. Sprawa: Dowody`);
      const count = (await spoken()).length;
      await page.getByRole('button', { name: 'Powtórz' }).click();
      await expect
        .poll(async () => (await spoken()).slice(count).join(' '))
        .toContain(`Twój numer: ${spokenCode}.`);
      await page.getByRole('button', { name: 'Zatrzymaj czytanie' }).click();
      await audit(page, 'speech-ticket-portrait', 'pl', 'normal');
      // Moving with the keyboard speaks each control as it is reached.
      await page.keyboard.press('Shift+Tab');
      await expect.poll(async () => (await spoken()).at(-1) ?? '', READ).toBe('Powtórz');
    } finally {
      await context.close();
    }
  });

  it('warns after inactivity, continues with one tap, then goes back to the start (K7)', async () => {
    const { page, context } = await openKiosk(LANDSCAPE, { clock: true });
    try {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: 'English' }).click();
      await expectScreen(page, 'categories');
      await page.clock.runFor(61_000);
      const dialog = page.getByRole('alertdialog');
      await expect.poll(() => dialog.count()).toBe(1);
      expect(await dialog.innerText()).toContain('Are you still there?');
      await audit(page, 'timeout-warning-landscape', 'en', 'normal');
      await page.getByRole('button', { name: 'Yes, continue' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      await expectScreen(page, 'categories');
      // At least 20 s to answer: still there 20 s after the warning appears.
      await page.clock.runFor(61_000 + 20_000);
      expect(await dialog.count()).toBe(1);
      await expectScreen(page, 'categories');
      await page.clock.runFor(11_000);
      await expectScreen(page, 'language');
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone, with a visible focus indicator (K9)', async () => {
    const { page, context } = await openKiosk(PORTRAIT);
    try {
      await expectScreen(page, 'language');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { text: el.innerText, outline: parseFloat(s.outlineWidth), style: s.outlineStyle };
      });
      expect(focused.text).toContain('Polski');
      expect(focused.outline).toBeGreaterThanOrEqual(3);
      expect(focused.style).not.toBe('none');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toContain(
        'English',
      );
      await page.keyboard.press('Enter');
      await expectScreen(page, 'categories');
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      // Tab to the first open category and take a ticket with Enter only.
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const cat = await page.evaluate(() => document.activeElement?.getAttribute('data-category'));
        if (cat === 'A') break;
      }
      await page.keyboard.press('Enter');
      await expectScreen(page, 'priority');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-priority'))).toBe('none');
      await page.keyboard.press('Enter');
      await expectScreen(page, 'ticket');
    } finally {
      await context.close();
    }
  });

  it('prints the ticket on the kiosk’s printer: the fake printer receives the matching bytes', async () => {
    const fake = await FakePrinter.start('ok');
    const printer = await giveKioskPrinter(t, fake);
    const { page, context } = await openKiosk(PORTRAIT);
    try {
      const ticket = await takeTicket(page, {
        name: 'printed-uk',
        lang: 'uk',
        mode: 'normal',
        priority: false,
      });
      expect(ticket.print).toEqual({ state: 'printed', reason: null });
      expect(fake.jobs.length).toBe(1);
      const printed = decodeEscPos(fake.jobs[0] ?? new Uint8Array());
      expect(printed.text).toContain(ticket.code);
      expect(printed.text).toContain('Посвідчення особи');
      expect(printed.qr).toEqual([ticket.statusUrl]);
      expect(printed.cuts.length).toBe(1);
      expect(printed.unknown).toEqual([]);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByRole('status').innerText()).toContain('Візьміть талон із принтера внизу.');
    } finally {
      await printer.detach();
      await context.close();
      await fake.close();
    }
  });

  it('shows the ticket within 2.5 s when the printer does not answer, then says that it did not print', async () => {
    const fake = await FakePrinter.start('silent');
    const printer = await giveKioskPrinter(t, fake, { maxJobAgeSeconds: 5 });
    const { page, context } = await openKiosk(PORTRAIT);
    try {
      await expectScreen(page, 'language');
      await page.locator('.language-choice', { hasText: 'English' }).click();
      await page.locator('[data-category="A"]').click();
      await expectScreen(page, 'priority');
      const pressed = performance.now();
      await page.locator('[data-priority="none"]').click();
      await expect.poll(() => screenOf(page), { timeout: 2500, interval: 20 }).toBe('ticket');
      const shownMs = performance.now() - pressed;
      expect(shownMs).toBeLessThan(2500);
      const status = page.getByRole('status');
      expect(await status.getAttribute('data-print')).toBe('pending');
      expect(await status.innerText()).toBe('Printing your ticket…');
      expect((await page.locator('[data-code]').innerText()).trim()).toMatch(/^A\d{3}$/);
      await expect.poll(() => page.locator('img.qr').count()).toBe(1);
      await audit(page, 'printer-silent-pending-portrait', 'en', 'normal');

      // The printer's 5 s max age passes without an answer: the client is told, in their language.
      await expect.poll(() => page.getByRole('alert').count(), { timeout: 10_000, interval: 50 }).toBe(1);
      const knownMs = performance.now() - pressed;
      expect(await page.getByRole('alert').innerText()).toContain(
        'The printer is not working. Please note your number, take a photo of this screen or scan the code. Staff have been told.',
      );
      expect(await status.getAttribute('data-print')).toBe('failed');
      expect(await status.innerText()).toBe('');
      expect(fake.jobs).toEqual([]);
      await audit(page, 'printer-silent-failed-portrait', 'en', 'normal');
      process.stdout.write(
        `kiosk with a silent printer: ticket shown after ${Math.round(shownMs)} ms, "not printed" after ${Math.round(knownMs)} ms\n`,
      );
    } finally {
      await printer.detach();
      await context.close();
      await fake.close();
    }
  });

  it('shows "out of order" while the server is unreachable and recovers by itself', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    await asPairedDevice(context, 'kiosk', token);
    const page = await context.newPage();
    try {
      await page.route('**/api/**', (route) => route.abort('connectionrefused'));
      await page.goto(`${base}/kiosk/`);
      await expectScreen(page, 'outOfOrder');
      expect(await page.locator('h1').innerText()).toBe('Biletomat chwilowo nie działa');
      await audit(page, 'out-of-order-portrait', 'pl', 'normal');
      await page.unroute('**/api/**');
      await expect.poll(() => screenOf(page), { timeout: 15_000 }).toBe('language');
    } finally {
      await context.close();
    }
  });
});

/**
 * Runs in the page: every visible control's size, every text's contrast against the background
 * it is drawn on, control borders against their surroundings, the smallest text, and overflow.
 */
function measure() {
  const parse = (c: string): [number, number, number, number] => {
    const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
  };
  const lum = ([r, g, b]: number[]) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r ?? 0) + 0.7152 * ch(g ?? 0) + 0.0722 * ch(b ?? 0);
  };
  const ratio = (a: number[], b: number[]) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05);
  };
  const background = (el: Element | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if ((c[3] ?? 0) > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const scope = document.querySelector('[role="alertdialog"]') ?? document.body;
  const small = [...scope.querySelectorAll('button, a[href], input')]
    .filter(visible)
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 44 || r.height < 44)
    .map(({ el, r }) => `${(el as HTMLElement).innerText} ${r.width}×${r.height}`);
  const texts: Array<{ text: string; ratio: number }> = [];
  let minFont = Infinity;
  let minBarFont = Infinity;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent?.trim() || !visible(el)) continue;
    const s = getComputedStyle(el);
    texts.push({ text: n.textContent.trim().slice(0, 40), ratio: ratio(parse(s.color), background(el)) });
    if (el.closest('.foot')) minBarFont = Math.min(minBarFont, parseFloat(s.fontSize));
    else minFont = Math.min(minFont, parseFloat(s.fontSize));
  }
  const borders = [...scope.querySelectorAll('button')].filter(visible).map((el) => {
    const s = getComputedStyle(el);
    const own = parse(s.backgroundColor);
    const around = background(el.parentElement);
    // A control is visible by its border, or by its fill when it has no border.
    const edge = parseFloat(s.borderTopWidth) > 0 ? parse(s.borderTopColor) : own;
    return { text: (el as HTMLElement).innerText.slice(0, 40), ratio: ratio(edge, around) };
  });
  const overflowX = [...document.querySelectorAll('.body, .foot')].some(
    (e) => e.scrollWidth > e.clientWidth + 1,
  );
  const spilled = [...document.querySelectorAll('.tile, .booking-entry, .interpreter')]
    .filter(visible)
    .filter((tile) => {
      const box = tile.getBoundingClientRect();
      return [...tile.querySelectorAll('.tile-text')].some((words) => {
        const r = words.getBoundingClientRect();
        return (
          r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.right > box.right + 1
        );
      });
    })
    .map((tile) => (tile as HTMLElement).innerText.slice(0, 40));
  // A line of a tile ends at a space, a hyphen or a soft hyphen, never inside a word (the
  // browser's own dictionaries are not relied on: Chromium without component updates has none).
  const brokenWords: string[] = [];
  for (const words of [...document.querySelectorAll('.tile-name, .tile-detail')].filter(visible)) {
    // The plain words given to assistive technology only are drawn nowhere.
    const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT, (node) =>
      node.parentElement?.closest('.read-only-by-assistive-technology')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
    );
    let text = '';
    const tops: Array<number | null> = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue ?? '';
      for (let i = 0; i < value.length; i += 1) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        // A character at a break may have a box on each line: the one it is drawn in is the last.
        const rects = range.getClientRects();
        const rect = rects[rects.length - 1];
        text += value[i];
        tops.push(rect && rect.width > 0 ? rect.top : null);
      }
    }
    let lastTop: number | null = null;
    let since = 0;
    for (let i = 0; i < text.length; i += 1) {
      const top = tops[i];
      if (top === null || top === undefined) continue;
      if (lastTop !== null && top > lastTop + 4) {
        const between = text.slice(since, i + 1);
        if (!/[\s\u00AD\-–/]/.test(between))
          brokenWords.push(
            `${text.slice(Math.max(0, i - 12), i)}|${text.slice(i, i + 12)}`.replaceAll('\u00AD', ''),
          );
      }
      lastTop = top;
      since = i;
    }
  }
  return { small, texts, borders, minFont, minBarFont, overflowX, spilled, brokenWords };
}
