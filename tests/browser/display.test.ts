import { createTestApp, type TestApp } from '@numerek/server/testing';
import { DEFAULT_DISPLAY_SETTINGS, type Language } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementText } from '../../display/src/announce.ts';
import { mmPerPixel } from '../../display/src/sizing.ts';
import { listen, rebuildOver } from '../realtime/support.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectNoAxeViolations } from './support/audit.ts';

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
      restarted.db.close();
    } else {
      await t?.close();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const displayToken = () => (t.headers('display').authorization ?? '').slice('Bearer '.length);
  async function issueAndCall(): Promise<{ code: string; calledIn: number }> {
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(issued.statusCode).toBe(201);
    const started = Date.now();
    const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    const code = res.json<{ ticket: { code: string } }>().ticket.code;
    await expect
      .poll(() => page.getByTestId('current-code').textContent(), { timeout: 1000, interval: 20 })
      .toBe(code);
    return { code, calledIn: Date.now() - started };
  }

  it('pairs with #pair=, keeps the token and clears it from the address bar', async () => {
    await page.goto(`${base}/display/#pair=${displayToken()}`);
    await expect.poll(() => page.locator('h1').textContent()).not.toBe('Numerek');
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(() => localStorage.getItem('numerek.display.token'))).toBe(displayToken());
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await expect.poll(() => page.getByTestId('offline-badge').count()).toBe(0);
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
      en: `Number A ${number}, counter 1.`,
      uk: `Номер а ${number}, віконце 1.`,
    };
    for (const language of ['pl', 'en', 'uk'] as const) {
      const call = { code, counter: { number: 1, name: 'Stanowisko 1' } };
      expect(announcementText(call, language)).toBe(expected[language]);
      await expect
        .poll(() => page.locator(`[data-testid=announcement] [data-language=${language}]`).textContent(), {
          timeout: 8000,
        })
        .toBe(expected[language]);
    }
  });

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

  it('asks for one tap when the browser blocks sound, and unblocks it with that tap', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // Headless Chromium always allows audio; emulate a TV browser without the autoplay flag.
    await context.addInitScript(() => {
      const Real = window.AudioContext;
      class BlockedUntilTap extends Real {
        private unlocked = false;
        override get state(): AudioContextState {
          return this.unlocked ? super.state : 'suspended';
        }
        override resume(): Promise<void> {
          if (navigator.userActivation.isActive) this.unlocked = true;
          return this.unlocked ? super.resume() : new Promise(() => undefined);
        }
      }
      window.AudioContext = BlockedUntilTap;
    });
    const tv = await context.newPage();
    try {
      await tv.goto(`${base}/display/`);
      const button = tv.getByRole('button', { name: /Dotknij, aby włączyć dźwięk/ });
      await button.waitFor({ state: 'visible', timeout: 5000 });
      await expectNoAxeViolations(tv, 'hall display, tap to enable sound');
      await button.click();
      await button.waitFor({ state: 'detached', timeout: 2000 });
    } finally {
      await context.close();
    }
  });

  it('stops showing the hall when its display is revoked', async () => {
    const created = await t.request('supervisor', 'POST', '/api/admin/devices', {
      kind: 'display',
      name: 'TV to revoke',
    });
    const { id, token } = created.json<{ id: string; token: string }>();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await context.newPage();
    try {
      await tv.goto(`${base}/display/#pair=${token}`);
      await expect.poll(() => tv.getByTestId('current-code').count()).toBe(1);
      await t.request('supervisor', 'PATCH', `/api/admin/devices/${id}`, { revoked: true });
      await expect
        .poll(() => tv.getByTestId('offline-badge').textContent(), { timeout: 6000 })
        .toMatch(/nie jest już sparowany/);
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
