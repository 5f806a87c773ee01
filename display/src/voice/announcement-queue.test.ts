import type { Language } from '@numerek/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnnouncementQueue, PAUSE_BETWEEN_CALLS_MS, type QueuedCall } from './announcement-queue.ts';
import { Announcer, type Voice } from './announcer.ts';

const call = (n: number): QueuedCall => ({
  key: `k${n}`,
  code: `A${String(n).padStart(3, '0')}`,
  counter: { number: n, name: `Stanowisko ${n}` },
});
const PL_EN = { languages: ['pl', 'en'] as Language[], repeat: 2, sound: true };

/** Takes and finishes every item, as a player would: "k1:0:chime", "k1:0:pl", … */
function drain(q: AnnouncementQueue, max = 100): string[] {
  const played: string[] = [];
  while (played.length < max) {
    const item = q.next();
    if (!item) break;
    played.push(`${item.call.key}:${item.round}:${item.kind === 'chime' ? 'chime' : item.language}`);
    q.done();
  }
  return played;
}

describe('AnnouncementQueue', () => {
  it('plays chime, then each language, repeated as configured', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), PL_EN);
    expect(drain(q)).toEqual(['k1:0:chime', 'k1:0:pl', 'k1:0:en', 'k1:1:chime', 'k1:1:pl', 'k1:1:en']);
    expect(q.idle).toBe(true);
  });

  it('gives one item at a time: nothing new starts before the one playing is done', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), PL_EN);
    expect(q.next()?.kind).toBe('chime');
    expect(q.next()).toBeNull();
    q.add(call(2), PL_EN);
    expect(q.next()).toBeNull();
    q.done();
    expect(q.next()).toMatchObject({ kind: 'speech', language: 'pl', round: 0 });
  });

  it('a new call drops older calls’ repeats that have not begun, never a first announcement', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), PL_EN);
    q.next(); // k1's chime is playing
    const dropped = q.add(call(2), PL_EN).map((i) => `${i.call.key}:${i.round}`);
    expect(dropped).toEqual(['k1:1', 'k1:1', 'k1:1']);
    q.done();
    expect(drain(q)).toEqual([
      'k1:0:pl',
      'k1:0:en',
      'k2:0:chime',
      'k2:0:pl',
      'k2:0:en',
      'k2:1:chime',
      'k2:1:pl',
      'k2:1:en',
    ]);
  });

  it('finishes a repeat it has begun, so each listener hears their language', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), PL_EN);
    for (let i = 0; i < 4; i++) {
      q.next();
      q.done();
    }
    q.next(); // k1's repeat: Polish is playing
    expect(q.add(call(2), PL_EN)).toEqual([]);
    q.done();
    expect(drain(q).slice(0, 2)).toEqual(['k1:1:en', 'k2:0:chime']);
  });

  it('keeps every first announcement of a burst, in order, and only the newest call’s repeats', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), PL_EN);
    const playing = q.next();
    q.add(call(2), PL_EN);
    q.add(call(3), PL_EN);
    q.done();
    const played = [`${playing?.call.key}:0:chime`, ...drain(q)];
    expect(played.filter((p) => p.endsWith(':0:chime'))).toEqual(['k1:0:chime', 'k2:0:chime', 'k3:0:chime']);
    expect(played.filter((p) => p.includes(':1:'))).toEqual(['k3:1:chime', 'k3:1:pl', 'k3:1:en']);
  });

  it('pauses before a call that waited behind another, not before one heard at once', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), { ...PL_EN, repeat: 1 });
    expect(q.next()?.pauseBeforeMs).toBe(0);
    q.add(call(2), { ...PL_EN, repeat: 1 });
    q.done();
    drain(q, 2);
    expect(q.next()).toMatchObject({ kind: 'chime', pauseBeforeMs: PAUSE_BETWEEN_CALLS_MS });
  });

  it('without sound plays no chime and mirrors each language once', () => {
    const q = new AnnouncementQueue();
    q.add(call(1), { ...PL_EN, sound: false });
    expect(drain(q)).toEqual(['k1:0:pl', 'k1:0:en']);
  });
});

/** The player over a fake clock: the chime lasts 1.2 s, a sentence 2 s. */
describe('Announcer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(repeat = 2) {
    const log: Array<{ at: number; what: string }> = [];
    const start = Date.now();
    const at = () => Date.now() - start;
    const prepared: string[] = [];
    const voice: Voice = {
      prepare: (c, languages) => prepared.push(...languages.map((l) => `${c.key}:${l}`)),
      chime: async () => {
        log.push({ at: at(), what: 'chime' });
        await new Promise((r) => setTimeout(r, 1200));
        log.push({ at: at(), what: 'chime end' });
      },
      speak: async (c, language) => {
        log.push({ at: at(), what: `${c.key} ${language}` });
        await new Promise((r) => setTimeout(r, 2000));
        log.push({ at: at(), what: `${c.key} ${language} end` });
        return true;
      },
    };
    const spoken: string[] = [];
    const announcer = new Announcer({
      settings: () => ({ ...PL_EN, repeat }),
      voice: () => voice,
      onSpoken: (s) => spoken.push(`${s.language}:${s.text}`),
    });
    return { announcer, log, prepared, spoken };
  }

  it('prepares a call’s audio the moment it arrives, then plays it without overlap', async () => {
    const { announcer, log, prepared, spoken } = setup(2);
    announcer.enqueue(call(1));
    expect(prepared).toEqual(['k1:pl', 'k1:en']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(announcer.idle).toBe(true);
    expect(log.map((l) => `${l.at} ${l.what}`)).toEqual([
      '0 chime',
      '1200 chime end',
      '1200 k1 pl',
      '3200 k1 pl end',
      '3200 k1 en',
      '5200 k1 en end',
      '5800 chime',
      '7000 chime end',
      '7000 k1 pl',
      '9000 k1 pl end',
      '9000 k1 en',
      '11000 k1 en end',
    ]);
    expect(spoken).toEqual([
      'pl:Numer A 1, stanowisko 1.',
      'en:Number eh 1, counter 1.',
      'pl:Numer A 1, stanowisko 1.',
      'en:Number eh 1, counter 1.',
    ]);
  });

  it('with two quick calls announces both in order, cuts neither off, and drops the first one’s repeat', async () => {
    const { announcer, log } = setup(2);
    announcer.enqueue(call(1));
    await vi.advanceTimersByTimeAsync(1500); // k1 pl is being spoken
    announcer.enqueue(call(2));
    await vi.advanceTimersByTimeAsync(30_000);
    const starts = log.filter((l) => !l.what.endsWith('end')).map((l) => l.what);
    expect(starts).toEqual(['chime', 'k1 pl', 'k1 en', 'chime', 'k2 pl', 'k2 en', 'chime', 'k2 pl', 'k2 en']);
    // Each item ends before the next begins.
    for (let i = 1; i < log.length; i += 2)
      expect(log[i + 1]?.at ?? Infinity).toBeGreaterThanOrEqual(log[i]?.at ?? 0);
    // The second call is heard 400 ms after the first one's first announcement ends.
    expect(log.find((l) => l.what === 'chime' && l.at > 1200)?.at).toBe(5200 + PAUSE_BETWEEN_CALLS_MS);
  });
});
