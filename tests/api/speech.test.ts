import { createTestApp, type TestApp, type Who } from '@numerek/server/testing';
import {
  DEFAULT_DISPLAY_SETTINGS,
  SPEECH_PATHS,
  SPEECH_TEXT_MAX,
  SPEECH_TEXT_PER_MINUTE,
  announcementText,
  type DisplayCall,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type DisplaySnapshot,
} from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../../server/src/modules/speech/wav.ts';
import { connect, listen, once } from '../realtime/support.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;

/**
 * Speech over HTTP (decision 0031): a call's audio for the displays that received it, rendered
 * when the call is made; the console's preview; texts read aloud for kiosks and feedback tablets.
 * Who may ask, validation with codes, ETag and 304.
 */

let t: TestApp;
let base: string;
let display: DisplayClient;
let browserDisplay: DisplayClient;
let displayToken: string;
let call: DisplayCall;
let ticketCode: string;

beforeAll(async () => {
  t = await createTestApp();
  // The engine is loaded by the first sentence, never at start-up.
  expect(t.app.speech.engine.loaded).toBe(false);
  base = await listen(t.app);
  const d = await t.newDevice('display', 'TV speech');
  displayToken = d.token;
  const patched = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, {
    settings: {
      categoryIds: null,
      counterIds: null,
      languages: ['pl', 'uk'],
      repeat: 2,
      viewingDistanceM: 8,
      screenInches: 55,
      showWaiting: true,
      sound: true,
      voice: 'server',
    },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  display = connect<DisplayClient>(base, '/display', { auth: { token: displayToken } });
  await once<DisplaySnapshot>(display, 'queue:snapshot');
  // A display in English with the browser's own voice: nothing is rendered for it.
  const b = await t.newDevice('display', 'TV browser voice');
  const browserVoice = await t.request('supervisor', 'PATCH', `/api/admin/devices/${b.id}`, {
    settings: { ...DEFAULT_DISPLAY_SETTINGS, languages: ['en'], voice: 'browser' },
  });
  expect(browserVoice.statusCode, browserVoice.body).toBe(200);
  browserDisplay = connect<DisplayClient>(base, '/display', { auth: { token: b.token } });
  await once<DisplaySnapshot>(browserDisplay, 'queue:snapshot');
  expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
  const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
  expect(issued.statusCode).toBe(201);
  const called = once<DisplayCall>(display, 'ticket:called');
  const next = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
  expect(next.statusCode).toBe(200);
  ticketCode = next.json<{ ticket: { code: string } }>().ticket.code;
  call = await called;
});
afterAll(async () => {
  display?.disconnect();
  browserDisplay?.disconnect();
  await t?.close();
});

const get = (who: Who | { token: string }, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: {
      ...(typeof who === 'string' ? t.headers(who) : { authorization: `Bearer ${who.token}` }),
      ...headers,
    },
  });
const codeOf = (res: LightMyRequestResponse) => res.json<{ error: { code: string } }>().error.code;
const callUrl = (key: string, lang: string) =>
  `${SPEECH_PATHS.call}?ticket=${encodeURIComponent(key)}&lang=${lang}`;

describe('GET /api/speech/call', () => {
  it('renders a call for the languages of the displays that play the server’s audio, as soon as they receive it', async () => {
    const spoken = { code: call.code, counter: call.counter };
    const ready = (lang: 'pl' | 'en' | 'uk') => t.app.speech.isReady(lang, announcementText(spoken, lang));
    for (let i = 0; i < 100 && !(ready('pl') && ready('uk')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect([ready('pl'), ready('uk'), ready('en')]).toEqual([true, true, false]);
  });

  it('answers the display the WAV of the call it received, with an ETag, and 304 for that tag', async () => {
    const res = await get({ token: displayToken }, callUrl(call.key, 'pl'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    const wav = readWav(res.rawPayload);
    expect(wav.durationMs).toBeGreaterThan(1500);
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get({ token: displayToken }, callUrl(call.key, 'pl'), { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.byteLength).toBe(0);
    const other = await get({ token: displayToken }, callUrl(call.key, 'uk'), { 'if-none-match': etag });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
    expect(call.code).toBe(ticketCode);
  });

  it('lets a display without a token (which may show any hall) and staff hear it, and refuses other devices', async () => {
    expect((await get('anonymous', callUrl(call.key, 'en'))).statusCode).toBe(200);
    expect((await get('clerk', callUrl(call.key, 'pl'))).statusCode).toBe(200);
    const kiosk = await get('kiosk', callUrl(call.key, 'pl'));
    expect([kiosk.statusCode, codeOf(kiosk)]).toEqual([403, 'FORBIDDEN']);
    const central = await get('central', callUrl(call.key, 'pl'));
    expect([central.statusCode, codeOf(central)]).toEqual([403, 'FORBIDDEN']);
    const invalid = await get({ token: 'not-a-token' }, callUrl(call.key, 'pl'));
    expect([invalid.statusCode, codeOf(invalid)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('answers 404 for a key of no call, and 400 with a code for malformed queries', async () => {
    const unknown = await get('display', callUrl('AAAAAAAAAAAAAAAA', 'pl'));
    expect([unknown.statusCode, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    // A ticket's id is not a key: the display never has one.
    for (const url of [
      callUrl(call.key, 'de'),
      `${SPEECH_PATHS.call}?lang=pl`,
      `${SPEECH_PATHS.call}?ticket=${call.key}`,
      callUrl('a/b', 'pl'),
      callUrl('x'.repeat(65), 'pl'),
      `${callUrl(call.key, 'pl')}&extra=1`,
    ]) {
      const res = await get('display', url);
      expect([res.statusCode, codeOf(res)], url).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

describe('GET /api/speech/preview', () => {
  const url = (q: string) => `${SPEECH_PATHS.preview}?${q}`;

  it('plays a supervisor any announcement as the hall hears it, with an ETag and 304', async () => {
    const res = await get('supervisor', url('lang=pl&number=W017&counter=5&counterName=Kasa'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(readWav(res.rawPayload).durationMs).toBeGreaterThan(1500);
    const again = await get('supervisor', url('lang=pl&number=W017&counter=5&counterName=Kasa'), {
      'if-none-match': String(res.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    // The preview of a call and the call itself are one sentence, one tag.
    const shown = await get('display', callUrl(call.key, 'pl'));
    const preview = await get(
      'supervisor',
      url(
        `lang=pl&number=${call.code}&counter=${call.counter.number}&counterName=${encodeURIComponent(call.counter.name)}`,
      ),
    );
    expect(preview.headers.etag).toBe(shown.headers.etag);
  });

  it('is for supervisors only, and refuses malformed queries with 400 VALIDATION_FAILED', async () => {
    for (const [who, status] of [
      ['anonymous', 401],
      ['display', 403],
      ['kiosk', 403],
      ['clerk', 403],
    ] as const) {
      expect((await get(who, url('lang=pl&number=A1&counter=1'))).statusCode, who).toBe(status);
    }
    for (const q of [
      'lang=pl&number=A-1&counter=1',
      'lang=pl&number=A1&counter=0',
      'lang=pl&number=A1&counter=1000',
      'lang=xx&number=A1&counter=1',
      'lang=pl&number=ABCDE1&counter=1',
      'lang=pl&counter=1',
      `lang=pl&number=A1&counter=1&counterName=${'x'.repeat(121)}`,
    ]) {
      const res = await get('supervisor', url(q));
      expect([res.statusCode, codeOf(res)], q).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

describe('POST /api/speech/text', () => {
  const post = (who: Who | { token: string }, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: SPEECH_PATHS.text,
      headers: typeof who === 'string' ? t.headers(who) : { authorization: `Bearer ${who.token}` },
      payload: body as object,
    });

  it('reads a kiosk’s or feedback tablet’s text aloud, and no one else’s', async () => {
    const res = await post('kiosk', { lang: 'uk', text: 'Оберіть послугу.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(readWav(res.rawPayload).durationMs).toBeGreaterThan(500);
    const tablet = await t.newDevice('feedback', 'Tablet speech');
    expect(
      (await post({ token: tablet.token }, { lang: 'pl', text: 'Jak oceniasz wizytę?' })).statusCode,
    ).toBe(200);
    for (const [who, status] of [
      ['anonymous', 401],
      ['display', 403],
      ['clerk', 403],
      ['supervisor', 403],
    ] as const) {
      expect((await post(who, { lang: 'pl', text: 'Dzień dobry.' })).statusCode, who).toBe(status);
    }
  });

  it('refuses texts that are empty, too long or malformed with 400 VALIDATION_FAILED', async () => {
    for (const body of [
      { lang: 'pl', text: '' },
      { lang: 'pl', text: '   \n\t ' },
      { lang: 'pl', text: 'x'.repeat(SPEECH_TEXT_MAX + 1) },
      { lang: 'de', text: 'Hallo' },
      { lang: 'pl' },
      { lang: 'pl', text: 'a', voice: 'x' },
      { lang: 'pl', text: 42 },
    ]) {
      const res = await post('kiosk', body);
      expect([res.statusCode, codeOf(res)], JSON.stringify(body).slice(0, 40)).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect((await post('kiosk', { lang: 'pl', text: 'x'.repeat(SPEECH_TEXT_MAX) })).statusCode).toBe(200);
  });

  it(`holds one device to ${SPEECH_TEXT_PER_MINUTE} texts a minute (429 RATE_LIMITED), others unaffected`, async () => {
    const kiosk = await t.newDevice('kiosk', 'Kiosk speech');
    const codes: number[] = [];
    for (let i = 0; i <= SPEECH_TEXT_PER_MINUTE; i++) {
      codes.push((await post({ token: kiosk.token }, { lang: 'pl', text: 'Wybierz sprawę.' })).statusCode);
    }
    expect(codes.slice(0, SPEECH_TEXT_PER_MINUTE).every((c) => c === 200)).toBe(true);
    const last = await post({ token: kiosk.token }, { lang: 'pl', text: 'Wybierz sprawę.' });
    expect([last.statusCode, codeOf(last)]).toEqual([429, 'RATE_LIMITED']);
    const other = await t.newDevice('kiosk', 'Kiosk speech 2');
    expect((await post({ token: other.token }, { lang: 'pl', text: 'Wybierz sprawę.' })).statusCode).toBe(
      200,
    );
  });
});
