import type { Page } from 'playwright-core';

/** One sound that reached the page's speakers, measured by the probe. */
export interface HeardSound {
  /** `chime`, or what the server's audio says: the text read aloud, or the call's URL. */
  label: string;
  /** Seconds of non-silent samples the sound has (for a recording), and how many were played. */
  expected: number;
  played: number;
  /** AudioContext time of the first and last non-silent sample played (null before any). */
  first: number | null;
  last: number | null;
  /** The page's clock (performance.now) when its first non-silent sample was played. */
  firstAtMs: number | null;
}

/** What the page made heard, in order: the server's audio and the chime, and browser speech. */
export interface Heard {
  sounds: HeardSound[];
  /** Texts given to the browser's own voice (headless Chromium has none: they are only kept). */
  synthesised: string[];
  /** Requests for the server's audio, in the order the page made them, with the page's clock. */
  requested: Array<{ label: string; atMs: number }>;
  /** What was read aloud, in order: the server's audio as it started, or the browser's voice. */
  said: string[];
}

/**
 * An init script that measures what a page plays through Web Audio: every node connected to the
 * speakers gets a tap counting the non-silent samples that actually pass, with their times; a
 * buffer fetched from /api/speech/ carries what it says. The browser's voice is replaced by a
 * recorder (no voices in headless Chromium).
 */
export async function installAudioProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const heard = {
      sounds: [] as unknown[],
      synthesised: [] as string[],
      requested: [] as Array<{ label: string; atMs: number }>,
      said: [] as string[],
    };
    Object.assign(window, { __heard: heard });
    // A browser with no speech voices, as most TV sticks.
    window.speechSynthesis.getVoices = () => [];
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      heard.synthesised.push(u.text);
      heard.said.push(u.text);
    };

    const labelOfBytes = new WeakMap<ArrayBuffer, string>();
    const labelOfBuffer = new WeakMap<AudioBuffer, string>();
    const realFetch = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.includes('/api/speech/')) return realFetch(input, init);
      let label = url;
      if (typeof init?.body === 'string') label = (JSON.parse(init.body) as { text: string }).text;
      heard.requested.push({ label, atMs: performance.now() });
      const res = await realFetch(input, init);
      const bytes = res.arrayBuffer.bind(res);
      res.arrayBuffer = async () => {
        const b = await bytes();
        labelOfBytes.set(b, label);
        return b;
      };
      return res;
    };
    const decode = BaseAudioContext.prototype.decodeAudioData;
    BaseAudioContext.prototype.decodeAudioData = async function (this: BaseAudioContext, data: ArrayBuffer) {
      const label = labelOfBytes.get(data);
      const buffer = await decode.call(this, data);
      if (label) labelOfBuffer.set(buffer, label);
      return buffer;
    } as typeof decode;

    const loud = (x: number) => Math.abs(x) > 1e-3;
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...a: unknown[]) => unknown;
    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      const [to] = args;
      if (to instanceof AudioDestinationNode) {
        const ctx = this.context;
        const buffer = this instanceof AudioBufferSourceNode ? this.buffer : null;
        let expected = 0;
        if (buffer) for (const x of buffer.getChannelData(0)) if (loud(x)) expected += 1;
        if (buffer) expected /= buffer.sampleRate;
        const sound = {
          label: buffer ? (labelOfBuffer.get(buffer) ?? 'audio') : 'chime',
          expected,
          played: 0,
          first: null as number | null,
          last: null as number | null,
          firstAtMs: null as number | null,
        };
        heard.sounds.push(sound);
        if (buffer) heard.said.push(sound.label);
        const tap = ctx.createScriptProcessor(1024, 1, 1);
        tap.onaudioprocess = (e) => {
          const data = e.inputBuffer.getChannelData(0);
          let n = 0;
          let lastAt = -1;
          for (let i = 0; i < data.length; i++)
            if (loud(data[i] ?? 0)) {
              n += 1;
              lastAt = i;
            }
          if (n === 0) return;
          sound.played += n / ctx.sampleRate;
          sound.firstAtMs ??= performance.now();
          sound.first ??= e.playbackTime;
          sound.last = e.playbackTime + lastAt / ctx.sampleRate;
        };
        connect.call(this, tap);
        connect.call(tap, to);
      }
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;
  });
}

export const heardOn = (page: Page): Promise<Heard> =>
  page.evaluate(() => (window as unknown as { __heard: Heard }).__heard);

/** What was read aloud, in order: each sentence the server's audio played, or the browser was given. */
export const readAloud = async (page: Page): Promise<string[]> => (await heardOn(page)).said;
