import { announcementText, type Language } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import type { Log } from '../../service-context.ts';
import type { SpeechEngine } from './speech-engine.ts';
import { SpeechService } from './speech.service.ts';

/** A stand-in for eSpeak NG whose sentences finish when the test says so. */
class HeldEngine implements SpeechEngine {
  readonly loaded = true;
  readonly started: string[] = [];
  private readonly finish: Array<() => void> = [];

  render(_language: Language, text: string): Promise<Buffer> {
    this.started.push(text);
    return new Promise((resolve) => this.finish.push(() => resolve(Buffer.from(text))));
  }
  phonemes(): Promise<string> {
    return Promise.resolve('');
  }
  unload(): Promise<void> {
    return Promise.resolve();
  }
  get running(): number {
    return this.finish.length;
  }
  /** Finishes the sentences rendering now and lets the service start the next ones. */
  async release(): Promise<void> {
    for (const done of this.finish.splice(0)) done();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const log: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const call = (n: number) => ({ code: `A${n}`, counter: { number: 1, name: 'Stanowisko 1' } });
const show = (speech: SpeechService, n: number) =>
  speech.callShown({ key: `k${n}`, officeId: 'o', call: call(n), languages: ['pl'], madeHere: true });

describe('speech service: sentences of calls rendered ahead', () => {
  it('renders the newest calls first, two at a time, and drops the oldest of a burst rather than queue it', async () => {
    const engine = new HeldEngine();
    const speech = new SpeechService(engine, log);
    for (let n = 1; n <= 100; n++) show(speech, n);
    // The first two started at once; of the other 98, the 16 newest wait.
    expect(engine.running).toBe(2);
    expect(speech.waitingAhead).toBe(16);
    await engine.release();
    expect(engine.started.slice(2, 4)).toEqual([
      announcementText(call(100), 'pl'),
      announcementText(call(99), 'pl'),
    ]);
    while (engine.running > 0) await engine.release();
    expect(engine.started).toHaveLength(18);
    expect(speech.waitingAhead).toBe(0);
  });

  it('still reads a dropped call when a display asks for it', async () => {
    const engine = new HeldEngine();
    const speech = new SpeechService(engine, log);
    for (let n = 1; n <= 40; n++) show(speech, n);
    while (engine.running > 0) await engine.release();
    const text = speech.callText('k5', 'pl', 'o');
    expect(speech.isReady('pl', text)).toBe(false);
    const asked = speech.audio('pl', text);
    await engine.release();
    expect((await asked).wav.toString()).toBe(text);
  });

  it('does not render again a sentence that is ready or on its way', async () => {
    const engine = new HeldEngine();
    const speech = new SpeechService(engine, log);
    show(speech, 1);
    show(speech, 1);
    expect(engine.started).toHaveLength(1);
    await engine.release();
    show(speech, 1);
    expect(engine.started).toHaveLength(1);
  });

  it('leaves a call made through another node to be rendered when a display asks for it', async () => {
    const engine = new HeldEngine();
    const speech = new SpeechService(engine, log);
    speech.callShown({ key: 'k7', officeId: 'o', call: call(7), languages: ['pl', 'en'], madeHere: false });
    expect(engine.started).toHaveLength(0);
    const text = speech.callText('k7', 'en', 'o');
    const asked = speech.audio('en', text);
    expect(engine.started).toEqual([text]);
    await engine.release();
    expect((await asked).wav.toString()).toBe(text);
  });

  it('waits for a call another node made a moment before this one heard of it, and no longer than it is told', async () => {
    const speech = new SpeechService(new HeldEngine(), log, { callArrivesMs: 200 });
    const asked = speech.callTextSoon('k8', 'pl', 'o');
    await new Promise((resolve) => setTimeout(resolve, 20));
    speech.callShown({ key: 'k8', officeId: 'o', call: call(8), languages: [], madeHere: false });
    expect(await asked).toBe(announcementText(call(8), 'pl'));
    // A key no node made is refused once the wait is over, as is another office's call.
    const started = Date.now();
    await expect(speech.callTextSoon('k9', 'pl', 'o')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(speech.callTextSoon('k8', 'pl', 'other')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an unknown key at once in a single process, and lets waiting requests go when it closes', async () => {
    const alone = new SpeechService(new HeldEngine(), log);
    const started = Date.now();
    await expect(alone.callTextSoon('k1', 'pl', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(Date.now() - started).toBeLessThan(50);
    const central = new SpeechService(new HeldEngine(), log, { callArrivesMs: 60_000 });
    const asked = central.callTextSoon('k2', 'pl', null);
    await central.close();
    await expect(asked).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
