import { EspeakEngine } from '@numerek/server/speech';
import {
  DEFAULT_DISPLAY_SETTINGS,
  PROTOCOL_VERSION,
  announcementText,
  type DisplayCall,
  type Language,
} from '@numerek/shared';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { prepareOffice, startServer } from './issue-throughput.ts';
import { buildAsNpmStartWould, rssMb } from './memory.ts';
import { login, post } from './realtime.ts';
import { sleep, summarize, type LatencySummary } from './stats.ts';

export interface SpeechBenchOptions {
  /** Fresh engines timed on their first sentence. */
  coldRuns: number;
  /** Sentences per language on a loaded engine. */
  warmPerLanguage: number;
  /** `next` calls timed with a display that plays the server's audio, and with one that does not. */
  nextCalls: number;
  /** Calls timed from `next` to the display's speech. */
  speechCalls: number;
  /** The display's chime before the first sentence (display/src/voice/audio-out.ts). */
  chimeMs: number;
  /** SPEECH_IDLE_MS of the server under test, so that the unload is seen within the run. */
  idleMs: number;
  /** Sentences rendered between the memory readings (none of them cached before). */
  memorySentences: number;
}

export interface SpeechBenchResult {
  /** A fresh engine's first sentence: process start, WebAssembly compile, one render (ms). */
  cold: number[];
  /** A loaded engine, one sentence each (ms), by language and overall. */
  warm: Record<Language, LatencySummary>;
  warmAll: LatencySummary;
  /** `next` sent → the WAV of the call's sentence received by the display (ms). */
  audioReady: LatencySummary;
  /** `next` sent → the display can start the sentence: after its chime and with the audio (ms). */
  speechStarts: LatencySummary;
  /** `next` HTTP round trips while the display plays the server's audio (renders under way). */
  nextWithSpeech: LatencySummary;
  /** The same with a display set to the browser's voice: nothing is rendered. */
  nextWithoutSpeech: LatencySummary;
  /**
   * Memory of the built server (as `npm start` runs it), warmed up by the calls: its RSS with the
   * engine unloaded, after `memorySentences` sentences with it loaded, and after SPEECH_IDLE_MS
   * unused; and, while loaded, the engine's own process (its RSS, and what of it is its own: the
   * rest is Node.js's code, shared with the server).
   */
  rss: {
    beforeMb: number;
    loadedMb: number;
    unloadedMb: number;
    engineMb: number;
    enginePrivateMb: number;
    /** The engine's processes still running after SPEECH_IDLE_MS unused (0 when it unloaded). */
    enginesLeft: number;
  };
}

/** The speech engines the process `pid` started (speech-process.ts names them). */
function speechEnginesOf(pid: number | undefined): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith('numerek-speech'))
        found.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/** Megabytes the process `pid` holds for itself alone (not code it shares with others). */
function privateMb(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  return (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
}

const LANGS: readonly Language[] = ['pl', 'en', 'uk'];

/** In-process: the engine alone, cold and warm. */
async function measureEngine(
  opts: SpeechBenchOptions,
): Promise<Pick<SpeechBenchResult, 'cold' | 'warm' | 'warmAll'>> {
  const cold: number[] = [];
  for (let i = 0; i < opts.coldRuns; i++) {
    const engine = new EspeakEngine(60_000);
    const t0 = performance.now();
    await engine.render(
      'pl',
      announcementText({ code: `A${100 + i}`, counter: { number: 3, name: '' } }, 'pl'),
    );
    cold.push(performance.now() - t0);
    await engine.unload();
  }
  const engine = new EspeakEngine(60_000);
  try {
    await engine.render('pl', 'Numer A 1.');
    const all: number[] = [];
    const warm = {} as Record<Language, LatencySummary>;
    for (const lang of LANGS) {
      const samples: number[] = [];
      for (let i = 0; i < opts.warmPerLanguage; i++) {
        const text = announcementText(
          { code: `W${17 + i * 37}`, counter: { number: 1 + (i % 12), name: '' } },
          lang,
        );
        const t0 = performance.now();
        await engine.render(lang, text);
        samples.push(performance.now() - t0);
      }
      warm[lang] = summarize(samples);
      all.push(...samples);
    }
    return { cold, warm, warmAll: summarize(all) };
  } finally {
    await engine.unload();
  }
}

function connectDisplay(origin: string, token?: string): Promise<Socket> {
  const socket = io(`${origin}/display`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) },
  });
  return new Promise((resolve, reject) => {
    socket.once('queue:snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function nextCall(socket: Socket): Promise<{ call: DisplayCall; at: number }> {
  return new Promise((resolve) =>
    socket.once('ticket:called', (call: DisplayCall) => resolve({ call, at: performance.now() })),
  );
}

async function fetchAudio(origin: string, key: string, lang: Language): Promise<number> {
  const res = await fetch(`${origin}/api/speech/call?ticket=${encodeURIComponent(key)}&lang=${lang}`);
  if (res.status !== 200) throw new Error(`speech/call: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now();
}

/**
 * Speech: the engine alone (cold, warm), then the built server (as `npm start` runs it) as a
 * child process with the sample office: `next` with and without a display that plays the server's audio, the time from
 * `next` to the display's speech (chime included); then the memory of the server and of the engine
 * with nothing but speech in between: before, with the engine loaded, after it unloaded itself.
 */
export async function measureSpeech(
  opts: SpeechBenchOptions,
  log: (line: string) => void,
): Promise<SpeechBenchResult> {
  log('  the engine alone, cold and warm…');
  const engine = await measureEngine(opts);
  log('  building what npm start would build…');
  buildAsNpmStartWould();
  const previousIdle = process.env.SPEECH_IDLE_MS;
  process.env.SPEECH_IDLE_MS = String(opts.idleMs);
  const server = await startServer({ built: true });
  if (previousIdle === undefined) delete process.env.SPEECH_IDLE_MS;
  else process.env.SPEECH_IDLE_MS = previousIdle;
  const sockets: Socket[] = [];
  try {
    const origin = server.origin;
    const { cookie: admin } = await prepareOffice(origin);
    const categories = (await (await fetch(`${origin}/api/categories`)).json()) as Array<{
      id: string;
      prefix: string;
    }>;
    const categoryA = categories.find((c) => c.prefix === 'A')?.id ?? '';
    const counters = (await (
      await fetch(`${origin}/api/admin/counters`, { headers: { cookie: admin } })
    ).json()) as Array<{
      id: string;
      categoryIds: string[];
    }>;
    const counter = counters.find((c) => c.categoryIds.includes(categoryA));
    if (!counter) throw new Error('no counter serves category A');
    const created = await post(`${origin}/api/admin/users`, admin, {
      username: 'bench-speech',
      password: 'given-for-speech',
      role: 'clerk',
      displayName: 'Bench Speech',
    });
    if (created.status !== 201) throw new Error(`creating the clerk: HTTP ${created.status}`);
    const given = await login(origin, 'bench-speech', 'given-for-speech');
    await post(`${origin}/api/auth/password`, given, {
      currentPassword: 'given-for-speech',
      newPassword: 'own-for-speech',
    });
    const clerk = await login(origin, 'bench-speech', 'own-for-speech');
    // A display set to the browser's voice: calls reach it, nothing is rendered for it.
    const device = await post(`${origin}/api/admin/devices`, admin, {
      kind: 'display',
      name: 'Bench browser voice',
    });
    const { id: deviceId, pairingUrl } = (await device.json()) as { id: string; pairingUrl: string };
    const code = pairingUrl.slice(pairingUrl.indexOf('#pair=') + '#pair='.length);
    const paired = await fetch(`${origin}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    if (paired.status !== 200) throw new Error(`pairing: HTTP ${paired.status} ${await paired.text()}`);
    const { token: browserToken } = (await paired.json()) as { token: string };
    const patched = await fetch(`${origin}/api/admin/devices/${deviceId}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { ...DEFAULT_DISPLAY_SETTINGS, voice: 'browser' } }),
    });
    if (patched.status !== 200) throw new Error(`display settings: HTTP ${patched.status}`);

    const total = 2 * opts.nextCalls + opts.speechCalls + 4;
    for (let i = 0; i < total; i++) {
      const res = await fetch(`${origin}/api/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.kioskToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ categoryId: categoryA }),
      });
      if (res.status !== 201) throw new Error(`issue: HTTP ${res.status}`);
    }
    const opened = await post(`${origin}/api/counters/${counter.id}/open`, clerk, {});
    if (!opened.ok) throw new Error(`open: HTTP ${opened.status}`);
    let first = true;
    /** Finishes the current ticket and calls the next; answers the `next` round trip. */
    const callNext = async (): Promise<{ t0: number; http: number }> => {
      if (!first) {
        await post(`${origin}/api/counters/${counter.id}/start`, clerk);
        await post(`${origin}/api/counters/${counter.id}/finish`, clerk);
      }
      first = false;
      const t0 = performance.now();
      const res = await post(`${origin}/api/counters/${counter.id}/next`, clerk);
      const http = performance.now() - t0;
      if (!res.ok) throw new Error(`next: HTTP ${res.status}`);
      await res.arrayBuffer();
      return { t0, http };
    };

    await sleep(1000);

    log(`  ${opts.nextCalls} calls with a display on the browser's voice (nothing rendered)…`);
    const browserDisplay = await connectDisplay(origin, browserToken);
    sockets.push(browserDisplay);
    const without: number[] = [];
    for (let i = 0; i < opts.nextCalls + 2; i++) {
      const arrived = nextCall(browserDisplay);
      const { http } = await callNext();
      await arrived;
      if (i >= 2) without.push(http);
    }
    browserDisplay.disconnect();

    log(
      `  ${opts.nextCalls} calls with a display on the server's voice (each renders while the next is made)…`,
    );
    const display = await connectDisplay(origin);
    sockets.push(display);
    const withSpeech: number[] = [];
    const fetches: Array<Promise<number>> = [];
    for (let i = 0; i < opts.nextCalls + 2; i++) {
      const arrived = nextCall(display);
      const { http } = await callNext();
      const { call } = await arrived;
      // As the display does: it asks for the audio at once and goes on.
      fetches.push(fetchAudio(origin, call.key, 'pl'));
      if (i >= 2) withSpeech.push(http);
    }
    await Promise.all(fetches);

    log(`  ${opts.speechCalls} calls timed from next to the display's speech…`);
    const ready: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < opts.speechCalls; i++) {
      const arrived = nextCall(display);
      const { t0 } = await callNext();
      const { call, at } = await arrived;
      const audioAt = await fetchAudio(origin, call.key, 'pl');
      ready.push(audioAt - t0);
      starts.push(Math.max(at + opts.chimeMs, audioAt) - t0);
      // Calls a few seconds apart, as in a hall; the engine is idle when the next one comes.
      await sleep(300);
    }
    display.disconnect();

    // Memory, on the server warmed up by the calls above (each call leaves some behind, speech or
    // not), with nothing but speech in between: the engine unloaded, then the console's "listen"
    // button for many sentences, then the engine unloaded again.
    log(`  memory: ${opts.memorySentences} sentences of the console's "listen" button, then SPEECH_IDLE_MS…`);
    await sleep(opts.idleMs + 3000);
    const beforeMb = rssMb(server.child.pid);
    for (let i = 0; i < opts.memorySentences; i++) {
      const lang = LANGS[i % LANGS.length] ?? 'pl';
      const query = new URLSearchParams({ lang, number: `M${100 + i}`, counter: String(1 + (i % 20)) });
      const res = await fetch(`${origin}/api/speech/preview?${query}`, { headers: { cookie: admin } });
      if (res.status !== 200) throw new Error(`speech/preview: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const loadedMb = rssMb(server.child.pid);
    const [enginePid] = speechEnginesOf(server.child.pid);
    const engineMb = rssMb(enginePid);
    const enginePrivateMb = enginePid ? privateMb(enginePid) : Number.NaN;
    await sleep(opts.idleMs + 3000);
    const unloadedMb = rssMb(server.child.pid);
    const enginesLeft = speechEnginesOf(server.child.pid).length;
    return {
      ...engine,
      audioReady: summarize(ready),
      speechStarts: summarize(starts),
      nextWithSpeech: summarize(withSpeech),
      nextWithoutSpeech: summarize(without),
      rss: { beforeMb, loadedMb, unloadedMb, engineMb, enginePrivateMb, enginesLeft },
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop().catch((e: unknown) => log(`  stopping the server: ${String(e)}`));
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
