import { createTestApp, pairingCodeOf, type TestApp } from '@numerek/server/testing';
import { DEFAULT_DISPLAY_SETTINGS, PAIRING_LINK_TTL_MS, type Language } from '@numerek/shared';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementText } from '../../display/src/announce.ts';
import { LABELS } from '../../display/src/i18n.ts';
import { mmPerPixel } from '../../display/src/sizing.ts';
import { listen, rebuildOver } from '../realtime/support.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { waitUntouched } from './support/untouched.ts';
import { expectNoAxeViolations } from './support/audit.ts';
import { asPairedDevice } from './support/devices.ts';

/** Screenshots of the display with sound allowed and blocked; kept for a person to look at. */
const SHOTS = process.env.DISPLAY_SHOTS ?? path.join(tmpdir(), 'numerek-display-shots');
const FULL_HD = { width: 1920, height: 1080 };

/** Relative luminance and contrast ratio of CSS rgb() colours (WCAG 2.1 definitions). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};

/** Height in CSS px of the digits and capitals of an element, measured from its rendered font. */
async function glyphPx(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d');
      if (!ctx) return 0;
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      // The smallest of a digit and a capital is what the viewer must read.
      return Math.min(
        ...['0', '7', 'A', 'R'].map((ch) => {
          const m = ctx.measureText(ch);
          return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
        }),
      );
    });
}

/** Text colour and the nearest opaque background colour of an element. */
async function colours(page: Page, selector: string): Promise<{ fg: string; bg: string }> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const fg = getComputedStyle(el).color;
      let node: Element | null = el;
      while (node) {
        const bg = getComputedStyle(node).backgroundColor;
        if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) return { fg, bg };
        node = node.parentElement;
      }
      return { fg, bg: 'rgb(255, 255, 255)' };
    });
}

/**
 * Points of each element (its centre and corners, 2 px inside its rounded border) where the
 * topmost element is neither it nor inside it: what covers it, or nothing when it is fully visible.
 */
async function coveredPoints(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    const els = Array.from(document.querySelectorAll(sel));
    if (els.length === 0) return [`${sel}: not on the page`];
    for (const [i, el] of els.entries()) {
      const r = el.getBoundingClientRect();
      const d = 2 + (parseFloat(getComputedStyle(el).borderTopLeftRadius) || 0);
      const points = [
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + d, r.top + d],
        [r.right - d, r.top + d],
        [r.left + d, r.bottom - d],
        [r.right - d, r.bottom - d],
      ] as const;
      for (const [x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !el.contains(hit))
          found.push(
            `${sel}[${i}] at ${Math.round(x)},${Math.round(y)} under ${hit ? `${hit.tagName}.${hit.className}` : 'nothing'}`,
          );
      }
      if (r.width === 0 || r.height === 0 || r.bottom > innerHeight || r.right > innerWidth)
        found.push(`${sel}[${i}] is not inside the screen`);
    }
    return found;
  }, selector);
}

/**
 * Reads the same crop of two screenshots in the browser (no image library needed). The pixels
 * that are text in the first (light) and background (dark) are found once; each screenshot's
 * contrast is then the mean luminance of those text pixels against that of the background
 * pixels, so a veil over the text lowers it. Also the share of pixels that differ.
 */
async function compareCrops(
  decoder: Page,
  a: Buffer,
  b: Buffer,
  box: { x: number; y: number; width: number; height: number },
): Promise<{ contrastA: number; contrastB: number; differing: number }> {
  return decoder.evaluate(
    async ({ a64, b64, box: c }) => {
      const pixels = async (png: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(c.width);
        canvas.height = Math.floor(c.height);
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d canvas');
        ctx.drawImage(img, -Math.floor(c.x), -Math.floor(c.y));
        return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      };
      const channel = (v: number) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      const lum = (d: Uint8ClampedArray, i: number) =>
        0.2126 * channel(d[i] ?? 0) + 0.7152 * channel(d[i + 1] ?? 0) + 0.0722 * channel(d[i + 2] ?? 0);
      const [pa, pb] = [await pixels(a64), await pixels(b64)];
      const text: number[] = [];
      const background: number[] = [];
      let differing = 0;
      for (let i = 0; i < pa.length; i += 4) {
        const l = lum(pa, i);
        if (l > 0.3) text.push(i);
        else if (l < 0.02) background.push(i);
        const d = Math.max(
          Math.abs((pa[i] ?? 0) - (pb[i] ?? 0)),
          Math.abs((pa[i + 1] ?? 0) - (pb[i + 1] ?? 0)),
          Math.abs((pa[i + 2] ?? 0) - (pb[i + 2] ?? 0)),
        );
        if (d > 16) differing += 1;
      }
      const mean = (d: Uint8ClampedArray, at: number[]) =>
        at.reduce((sum, i) => sum + lum(d, i), 0) / at.length;
      const contrastOf = (d: Uint8ClampedArray) => (mean(d, text) + 0.05) / (mean(d, background) + 0.05);
      return { contrastA: contrastOf(pa), contrastB: contrastOf(pb), differing: differing / (pa.length / 4) };
    },
    { a64: a.toString('base64'), b64: b.toString('base64'), box },
  );
}

// The display app is built by the global setup (browser/support/build-apps.ts).
describe.runIf(browserAvailable('display browser test'))('hall display in Chromium', () => {
  let dir: string;
  let file: string;
  let t: TestApp;
  let base: string;
  let port: number;
  let browser: Browser;
  let page: Page;
  let displayId: string;
  let restarted: Awaited<ReturnType<typeof rebuildOver>> | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'numerek-display-'));
    file = path.join(dir, 'numerek.db');
    t = await createTestApp({ file, serveApps: true });
    base = await listen(t.app);
    port = Number(new URL(base).port);
    const devices = await t.request('supervisor', 'GET', '/api/admin/devices');
    displayId =
      devices.json<Array<{ id: string; kind: string }>>().find((d) => d.kind === 'display')?.id ?? '';
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    if (restarted) {
      await restarted.app.close();
      await restarted.db.close();
    } else {
      await t?.close();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const displayToken = () => (t.headers('display').authorization ?? '').slice('Bearer '.length);
  /** Finishes the counter's client, issues a ticket and calls it; the called code and when. */
  async function call(): Promise<{ code: string; started: number }> {
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(issued.statusCode).toBe(201);
    const started = Date.now();
    const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    return { code: res.json<{ ticket: { code: string } }>().ticket.code, started };
  }
  async function issueAndCall(): Promise<{ code: string; calledIn: number }> {
    const { code, started } = await call();
    await expect
      .poll(() => page.getByTestId('current-code').textContent(), { timeout: 1000, interval: 20 })
      .toBe(code);
    return { code, calledIn: Date.now() - started };
  }

  /** A new pairing link of a display device: its one-time code. */
  async function pairingCode(deviceId: string): Promise<string> {
    const res = await t.request('supervisor', 'POST', `/api/admin/devices/${deviceId}/pairing`, {});
    expect(res.statusCode).toBe(201);
    return pairingCodeOf(res.json<{ pairingUrl: string }>().pairingUrl);
  }
  const storedIn = (p: Page) =>
    p.evaluate(() => ({
      token: localStorage.getItem('numerek.display.token'),
      code: localStorage.getItem('numerek.display.pairingCode'),
    }));
  const me = (token: string | null) =>
    t.app.inject({ method: 'GET', url: '/api/devices/me', headers: { authorization: `Bearer ${token}` } });

  it('pairs with a link’s one-time code, keeps a token of its own and clears the code from the address bar', async () => {
    // The sample display, paired again with a new link: its earlier token stops working.
    const before = displayToken();
    const code = await pairingCode(displayId);
    await page.goto(`${base}/display/#pair=${code}`);
    await expect.poll(async () => (await storedIn(page)).token).not.toBeNull();
    expect(new URL(page.url()).hash).toBe('');
    const stored = await storedIn(page);
    expect(stored.code).toBeNull();
    expect(stored.token).not.toBe(code);
    expect((await me(stored.token)).json()).toMatchObject({ id: displayId, kind: 'display' });
    expect((await me(before)).statusCode).toBe(401);
    await expect.poll(() => page.locator('h1').textContent()).not.toBe('Numerek');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await expect.poll(() => page.getByTestId('offline-badge').count()).toBe(0);
    expect(await page.getByTestId('pairing-problem').count()).toBe(0);
  });

  it('says plainly, in its own language, when a pairing link has expired or was used, and shows the hall meanwhile', async () => {
    // A new TV whose link is opened a day late: it shows the hall as an unpaired display does,
    // and says why it is not paired, in Polish (an unpaired display's language).
    const created = await t.request('supervisor', 'POST', '/api/admin/devices', {
      kind: 'display',
      name: 'TV – link po terminie',
    });
    const late = pairingCodeOf(created.json<{ pairingUrl: string }>().pairingUrl);
    const context = await browser.newContext({ viewport: FULL_HD });
    try {
      const tv = await context.newPage();
      t.clock.advance(PAIRING_LINK_TTL_MS);
      try {
        await tv.goto(`${base}/display/#pair=${late}`);
        await expect
          .poll(() => tv.getByTestId('pairing-problem').textContent(), { timeout: 10_000 })
          .toBe('Ten link parowania wygasł: działa tylko przez 24 godziny. Utwórz nowy link w konsoli.');
      } finally {
        t.clock.advance(-PAIRING_LINK_TTL_MS);
      }
      expect(new URL(tv.url()).hash).toBe('');
      expect(await storedIn(tv)).toEqual({ token: null, code: null });
      await expect.poll(() => tv.getByTestId('offline-badge').count()).toBe(0);
      expect(await tv.locator('h1').textContent()).not.toBe('Numerek');
      await expectNoAxeViolations(tv, 'hall display with an expired pairing link');
      mkdirSync(SHOTS, { recursive: true });
      await tv.screenshot({ path: path.join(SHOTS, 'display-pairing-expired.png') });
    } finally {
      await context.close();
    }

    // A paired TV that announces in Ukrainian is given a link that was used already: it keeps its
    // token and settings and says so in Ukrainian.
    const uk = await t.newDevice('display', 'TV – українською');
    const used = await pairingCode(uk.id);
    const replaced = await t.app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { code: used },
    });
    uk.token = replaced.json<{ token: string }>().token;
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${uk.id}`, {
      settings: { ...DEFAULT_DISPLAY_SETTINGS, languages: ['uk', 'pl'] },
    });
    const ukContext = await browser.newContext({ viewport: FULL_HD });
    try {
      await asPairedDevice(ukContext, 'display', uk.token);
      const tv = await ukContext.newPage();
      await tv.goto(`${base}/display/#pair=${used}`);
      await expect
        .poll(() => tv.getByTestId('pairing-problem').textContent(), { timeout: 10_000 })
        .toBe('Цим посиланням уже скористалися: воно діє лише один раз. Створіть нове посилання в консолі.');
      expect(await tv.evaluate(() => document.documentElement.lang)).toBe('uk');
      expect((await storedIn(tv)).token).toBe(uk.token);
      expect((await me(uk.token)).statusCode).toBe(200);
    } finally {
      await ukContext.close();
    }
  });

  it('shows a call made through the API within 1 s, with its code and counter', async () => {
    const { calledIn } = await issueAndCall();
    expect(calledIn).toBeLessThan(1000);
    expect(await page.getByTestId('current-counter').textContent()).toBe('1');
  });

  it('announces the call in each configured language', async () => {
    const patched = await t.request('supervisor', 'PATCH', `/api/admin/devices/${displayId}`, {
      settings: { ...DEFAULT_DISPLAY_SETTINGS, languages: ['pl', 'en', 'uk'], repeat: 1 },
    });
    expect(patched.statusCode).toBe(200);
    const { code } = await issueAndCall();
    const number = String(Number(code.slice(1)));
    const expected: Record<Language, string> = {
      pl: `Numer A ${number}, stanowisko 1.`,
      en: `Number eh ${number}, counter 1.`, // the shared wording spells a lone A for an English voice
      uk: `Номер а ${number}, віконце 1.`,
    };
    for (const language of ['pl', 'en', 'uk'] as const) {
      const call = { code, counter: { number: 1, name: 'Stanowisko 1' } };
      expect(announcementText(call, language)).toBe(expected[language]);
      // A sentence is mirrored once it has been heard: after the rest of the previous call's
      // announcement (never cut off), the chime, and the server's rendering of the sentence on a
      // machine that may be busy. How soon speech starts is measured in the benchmark, not here.
      await expect
        .poll(() => page.locator(`[data-testid=announcement] [data-language=${language}]`).textContent(), {
          timeout: 20_000,
        })
        .toBe(expected[language]);
    }
  }, 90_000);

  it('meets D1 (≥ 12 mm per metre) and D5 (≥ 7:1) at 1920×1080 and 3840×2160', async () => {
    await issueAndCall();
    await issueAndCall();
    const settings = DEFAULT_DISPLAY_SETTINGS;
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      await page.setViewportSize(viewport);
      // The highlight lasts 5 s; measure the resting colours.
      await page.waitForTimeout(5200);
      const needMm = settings.viewingDistanceM * 12;
      for (const selector of ['[data-testid=current-code]', '[data-testid=current-counter]']) {
        const mm =
          (await glyphPx(page, selector)) *
          mmPerPixel(settings.screenInches, viewport.width, viewport.height);
        expect(mm, `${selector} at ${viewport.width}×${viewport.height}`).toBeGreaterThanOrEqual(needMm);
        const c = await colours(page, selector);
        expect(contrast(c.fg, c.bg), selector).toBeGreaterThanOrEqual(7);
      }
      for (const selector of [
        '[data-testid=history] .code',
        '[data-testid=history] .counter',
        'h1',
        '.clock',
      ]) {
        const c = await colours(page, selector);
        expect(contrast(c.fg, c.bg), selector).toBeGreaterThanOrEqual(7);
      }
      expect(await page.locator('[data-testid=history] li').count()).toBeGreaterThanOrEqual(2);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('has no WCAG 2.1 A/AA violations (axe-core)', async () => {
    await expectNoAxeViolations(page, 'hall display');
  });

  it('keeps the current call and the list fully visible, at unchanged contrast, when the browser blocks sound', async () => {
    await call();
    const { code } = await call();
    // Sound allowed (the README's kiosk flag) and blocked (a browser with its own autoplay policy).
    const allowedContext = await browser.newContext({ viewport: FULL_HD });
    const quiet = await launchBrowser({ autoplay: false });
    try {
      const allowed = await allowedContext.newPage();
      await allowed.goto(`${base}/display/`);
      await expect.poll(() => allowed.getByTestId('current-code').textContent()).toBe(code);
      const blocked = await (await quiet.newContext({ viewport: FULL_HD })).newPage();
      await blocked.goto(`${base}/display/`);
      await waitUntouched(blocked, ['[data-testid=sound-banner]', '[data-testid=current-code]']);
      expect(await blocked.getByTestId('current-code').textContent()).toBe(code);
      // The allowed display has had the time to find its sound: it asks for nothing.
      expect(await allowed.getByTestId('sound-banner').count()).toBe(0);

      mkdirSync(SHOTS, { recursive: true });
      const shotAllowed = await allowed.screenshot({ path: path.join(SHOTS, 'display-sound-allowed.png') });
      const shotBlocked = await blocked.screenshot({ path: path.join(SHOTS, 'display-sound-blocked.png') });

      for (const selector of [
        '[data-testid=current-call]',
        '.call-code',
        '.call-counter',
        '[data-testid=history] li',
        '.waiting',
      ]) {
        expect(await coveredPoints(blocked, selector), selector).toEqual([]);
      }
      // The request for sound sits in the top bar, apart from the calls.
      const banner = await blocked.getByTestId('sound-banner').boundingBox();
      const board = await blocked.locator('main.board').boundingBox();
      if (!banner || !board) throw new Error('no banner or board');
      expect(banner.y + banner.height, 'the banner ends above the calls').toBeLessThanOrEqual(board.y);

      // The call text: the same colours, and the same pixels as on the display with sound.
      for (const selector of ['[data-testid=current-code]', '[data-testid=current-counter]']) {
        const [a, b] = [await colours(allowed, selector), await colours(blocked, selector)];
        expect(b, selector).toEqual(a);
        expect(contrast(b.fg, b.bg), selector).toBeGreaterThanOrEqual(7);
      }
      const box = await blocked.getByTestId('current-call').boundingBox();
      expect(box).toEqual(await allowed.getByTestId('current-call').boundingBox());
      if (!box) throw new Error('no current call');
      const crops = await compareCrops(await allowedContext.newPage(), shotAllowed, shotBlocked, box);
      expect(crops.contrastA).toBeGreaterThanOrEqual(7);
      expect(crops.contrastB / crops.contrastA).toBeGreaterThan(0.99);
      expect(crops.differing, 'share of the call’s pixels that differ').toBeLessThan(0.001);
    } finally {
      await allowedContext.close();
      await quiet.close();
    }
  });

  it('asks for sound with a small banner (drawn icon, axe-clean, focused for a remote), and one tap turns sound on', async () => {
    const quiet = await launchBrowser({ autoplay: false });
    try {
      const tv = await (await quiet.newContext({ viewport: FULL_HD })).newPage();
      await tv.goto(`${base}/display/`);
      await waitUntouched(tv, ['[data-testid=sound-banner]']);
      const button = tv.getByRole('button', { name: 'Dotknij, aby włączyć dźwięk' });
      await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
      const icon = button.locator('svg[data-icon=sound-off]');
      const drawn = await icon.boundingBox();
      expect(drawn?.width ?? 0).toBeGreaterThan(16);
      expect(await tv.evaluate(() => /\p{Extended_Pictographic}/u.test(document.body.innerText))).toBe(false);
      const size = await button.boundingBox();
      expect(size?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(size?.width ?? 0).toBeLessThan(FULL_HD.width / 3);
      await expectNoAxeViolations(tv, 'hall display asking for sound');
      await button.click();
      await tv.getByTestId('sound-banner').waitFor({ state: 'detached', timeout: 3000 });
    } finally {
      await quiet.close();
    }
  });

  it('stops showing the hall when its display is revoked', async () => {
    const { id, token } = await t.newDevice('display', 'TV to revoke');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await asPairedDevice(context, 'display', token);
    const tv = await context.newPage();
    try {
      await tv.goto(`${base}/display/`);
      await expect.poll(() => tv.getByTestId('current-code').count()).toBe(1);
      await t.request('supervisor', 'PATCH', `/api/admin/devices/${id}`, { revoked: true });
      await expect
        .poll(() => tv.getByTestId('offline-badge').textContent(), { timeout: 6000 })
        .toContain(LABELS.pl.revoked);
      expect(await tv.getByTestId('current-code').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows the offline badge within 5 s of losing the server and the right state after a restart', async () => {
    const lastCode = await page.getByTestId('current-code').textContent();
    const stopped = Date.now();
    await t.close();
    await page.getByTestId('offline-badge').waitFor({ state: 'visible', timeout: 5000 });
    expect(Date.now() - stopped).toBeLessThan(5000);
    expect(await page.getByTestId('offline-badge').textContent()).toMatch(/Brak połączenia/);
    // The warning sign is drawn, so a TV without an emoji font shows it.
    expect(await page.getByTestId('offline-badge').locator('svg[data-icon=warning]').count()).toBe(1);

    restarted = await rebuildOver(t, file);
    // A call made while the display was offline must show after the reconnect.
    await restarted.app.inject({
      method: 'POST',
      url: `/api/counters/${t.counter[1]}/start`,
      headers: t.headers('clerk'),
    });
    await restarted.app.inject({
      method: 'POST',
      url: `/api/counters/${t.counter[1]}/finish`,
      headers: t.headers('clerk'),
    });
    await restarted.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: t.headers('kiosk'),
      payload: { categoryId: t.category.A },
    });
    const next = await restarted.app.inject({
      method: 'POST',
      url: `/api/counters/${t.counter[1]}/next`,
      headers: t.headers('clerk'),
    });
    const code = next.json<{ ticket: { code: string } }>().ticket.code;
    expect(code).not.toBe(lastCode);
    await listen(restarted.app, port);
    await page.getByTestId('offline-badge').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('current-code').textContent(), { timeout: 5000 }).toBe(code);
    expect(await page.locator('[data-testid=history] .code').first().textContent()).toBe(lastCode);
  });
});
