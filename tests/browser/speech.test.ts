import { createTestApp, type TestApp } from '@numerek/server/testing';
import { DEFAULT_DISPLAY_SETTINGS, type DisplaySettings } from '@numerek/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';
import { heardOn, installAudioProbe, type HeardSound } from './support/audio-probe.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { asPairedDevice } from './support/devices.ts';
import { openKioskPage } from './support/kiosk-page.ts';

/** A sentence counts as played whole when this share of its sound reached the speakers. */
const WHOLE = 0.9;
/** Two sounds overlap when one starts this long (s) before the other's last sample. */
const OVERLAP_S = 0.05;

/** The sounds in order, consecutive chime tones taken as one chime. */
function sequence(sounds: readonly HeardSound[]): HeardSound[] {
  const out: HeardSound[] = [];
  for (const s of sounds) {
    const prev = out[out.length - 1];
    if (
      s.label === 'chime' &&
      prev?.label === 'chime' &&
      s.first !== null &&
      prev.last !== null &&
      s.first - prev.last < 0.5
    )
      out[out.length - 1] = { ...prev, last: s.last ?? prev.last };
    else out.push({ ...s });
  }
  return out;
}

/** `chime`, or `<language> <key>` for the server's audio of a call. */
function name(s: HeardSound): string {
  if (s.label === 'chime') return 'chime';
  const url = new URL(s.label, 'http://x');
  return `${url.searchParams.get('lang')} ${url.searchParams.get('ticket')}`;
}

/** Every sentence played whole, and no sound starting before the one before it ended. */
function expectWholeAndInTurn(sounds: readonly HeardSound[]): void {
  for (const s of sounds) {
    if (s.label !== 'chime')
      expect(s.played, `${name(s)} played whole`).toBeGreaterThanOrEqual(s.expected * WHOLE);
  }
  for (let i = 1; i < sounds.length; i++) {
    const [a, b] = [sounds[i - 1], sounds[i]];
    expect(
      b?.first ?? 0,
      `${name(b as HeardSound)} starts after ${name(a as HeardSound)} ends`,
    ).toBeGreaterThanOrEqual((a?.last ?? 0) - OVERLAP_S);
  }
}

/**
 * The hall speaks on a TV with no speech voices: Chromium started with autoplay allowed, its
 * speech synthesis without a voice, and the page's Web Audio output measured (samples actually
 * played, with their times) by the probe in support/audio-probe.ts.
 */
describe.runIf(browserAvailable('speech browser test'))('speech rendered by the server, in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let display: Page;
  let displayId: string;

  async function settle(settings: Partial<DisplaySettings>): Promise<void> {
    const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${displayId}`, {
      settings: { ...DEFAULT_DISPLAY_SETTINGS, ...settings },
    });
    expect(res.statusCode, res.body).toBe(200);
    await expect
      .poll(() => display.evaluate(() => document.documentElement.lang), { timeout: 5000 })
      .toBe(settings.languages?.[0] ?? 'pl');
  }
  /** Issues a ticket and calls it at counter 1 (finishing the visit before); when `next` was sent. */
  async function call(): Promise<number> {
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode).toBe(
      201,
    );
    const at = Date.now();
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`)).statusCode).toBe(200);
    return at;
  }
  const sounds = async (from: number) => sequence((await heardOn(display)).sounds).slice(from);

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    base = await listen(t.app);
    const devices = await t.request('supervisor', 'GET', '/api/admin/devices');
    displayId =
      devices.json<Array<{ id: string; kind: string }>>().find((d) => d.kind === 'display')?.id ?? '';
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await asPairedDevice(
      context,
      'display',
      (t.headers('display').authorization ?? '').slice('Bearer '.length),
    );
    display = await context.newPage();
    await installAudioProbe(display);
    await display.goto(`${base}/display/`);
    await display.locator('h1.office').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('plays a call’s audio from the server, fetched when the call arrives: chime first, then each language, whole and in turn', async () => {
    await settle({ languages: ['pl', 'en'], repeat: 1 });
    expect(await display.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    const sentAt = await call();
    await expect
      .poll(
        async () =>
          (await sounds(0)).filter((s) => s.label !== 'chime' && s.played >= s.expected * WHOLE).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(2);
    const heard = await sounds(0);
    const key = new URL(heard[1]?.label ?? '', base).searchParams.get('ticket');
    expect(heard.map(name)).toEqual(['chime', `pl ${key}`, `en ${key}`]);
    expectWholeAndInTurn(heard);
    const { requested, synthesised } = await heardOn(display);
    expect(synthesised).toEqual([]);
    // Both languages were asked for the moment the call arrived, before the chime had ended (a
    // request that failed, say on a loaded machine, is asked again when its turn comes).
    const first = requested.slice(0, 2);
    expect(first.map((r) => new URL(r.label, base).searchParams.get('lang'))).toEqual(['pl', 'en']);
    const chime = (await heardOn(display)).sounds[0];
    for (const r of first) expect(r.atMs).toBeLessThan((chime?.firstAtMs ?? 0) + 1000);
    // From `next` to the first sample of speech, chime included (the page's clock is not the test's).
    const speechAt = await display.evaluate(
      (at) => Date.now() - (performance.now() - at),
      (await heardOn(display)).sounds.find((s) => s.label !== 'chime')?.firstAtMs ?? 0,
    );
    process.stdout.write(
      `[speech] next → first sample of speech at the display (first call, chime included): ${Math.round(speechAt - sentAt)} ms\n`,
    );
  });

  it('announces two quick calls both, in order, neither cut off; the first one’s repeat gives way', async () => {
    await settle({ languages: ['pl', 'en'], repeat: 2 });
    const before = (await sounds(0)).length;
    await call();
    await call();
    // The first call's first announcement, then the second's, then the second's repeat.
    await expect
      .poll(
        async () =>
          (await sounds(before)).filter((s) => s.label !== 'chime' && s.played >= s.expected * WHOLE).length,
        {
          timeout: 40_000,
          interval: 500,
        },
      )
      .toBe(6);
    await new Promise((r) => setTimeout(r, 2500)); // nothing more comes: the first call's repeat was dropped
    const heard = await sounds(before);
    const keys = [...new Set(heard.filter((s) => s.label !== 'chime').map((s) => name(s).split(' ')[1]))];
    expect(keys).toHaveLength(2);
    const [k1, k2] = keys;
    expect(heard.map(name)).toEqual([
      'chime',
      `pl ${k1}`,
      `en ${k1}`,
      'chime',
      `pl ${k2}`,
      `en ${k2}`,
      'chime',
      `pl ${k2}`,
      `en ${k2}`,
    ]);
    expectWholeAndInTurn(heard);
    // The screen shows the newest call.
    const codes = await display.getByTestId('current-code').textContent();
    expect(codes).toMatch(/^A\d+$/);
  });

  it('with the browser’s voice set, asks the server for nothing and says plainly that nothing was voiced', async () => {
    await settle({ languages: ['pl'], repeat: 1, voice: 'browser' });
    const asked = (await heardOn(display)).requested.length;
    const before = (await sounds(0)).length;
    await call();
    await expect
      .poll(
        () => display.locator('[data-testid=announcement] [data-language=pl]').getAttribute('data-voiced'),
        {
          timeout: 15_000,
        },
      )
      .toBe('false');
    expect((await heardOn(display)).requested.length).toBe(asked);
    // The chime still sounds; there is no voice to speak after it.
    await expect.poll(async () => (await sounds(before)).map(name)).toEqual(['chime']);
    await settle({ languages: ['pl'], repeat: 1, voice: 'server' });
  });

  it('reads the kiosk’s screen aloud with the server’s audio on a kiosk with no voices', async () => {
    const { page, context } = await openKioskPage(
      browser,
      base,
      { width: 1080, height: 1920 },
      {
        token: (t.headers('kiosk').authorization ?? '').slice('Bearer '.length),
      },
    );
    try {
      await page.locator('[data-screen="language"]').waitFor();
      await page.getByRole('button', { name: 'Czytaj na głos' }).click();
      await expect
        .poll(
          async () =>
            (await heardOn(page)).sounds.filter(
              (s) => s.label.includes('Wybierz język') && s.played >= s.expected * WHOLE,
            ).length,
          { timeout: 20_000 },
        )
        .toBe(1);
      const heard = await heardOn(page);
      expect(heard.synthesised).toEqual([]);
      expect(heard.requested.map((r) => r.label)).toContainEqual(expect.stringContaining('Wybierz język'));
    } finally {
      await context.close();
    }
  });
});
