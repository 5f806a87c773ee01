import type { Language } from '@numerek/shared';
import { announcementText, type CallToAnnounce } from './announce.ts';

/** Speech tags for the browser's voices. */
const VOICE_LANG: Record<Language, string> = { pl: 'pl-PL', en: 'en-GB', uk: 'uk-UA' };

export interface AnnounceSettings {
  languages: Language[];
  repeat: number;
  sound: boolean;
}

/** What was (or would have been) spoken; the page mirrors it for tests and assistive technology. */
export interface Spoken {
  text: string;
  language: Language;
  voiced: boolean;
}

/**
 * Announces calls one after another (D2): chime, then the sentence in each configured language,
 * the whole repeated `repeat` times. Calls queue; nothing is ever cancelled, so one announcement
 * never cuts off another. Only local voices are used (no cloud speech): a language without a local
 * voice is skipped after the chime, and the call is still shown on screen.
 */
export class Announcer {
  private readonly queue: CallToAnnounce[] = [];
  private running = false;
  private audio: AudioContext | null = null;

  constructor(
    private settings: () => AnnounceSettings,
    private readonly onSpoken: (s: Spoken) => void,
  ) {}

  /** Whether the browser lets the page play sound now (autoplay policy). */
  async soundAllowed(): Promise<boolean> {
    const ctx = this.context();
    if (!ctx) return false;
    if (ctx.state !== 'running') {
      // Resolves at once with a kiosk-mode autoplay flag; stays suspended until a tap otherwise.
      await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 300))]);
    }
    return ctx.state === 'running';
  }

  /** Called from the "tap to enable sound" button: a user gesture unlocks audio and speech. */
  async unlock(): Promise<boolean> {
    const ctx = this.context();
    if (ctx) await ctx.resume().catch(() => undefined);
    if ('speechSynthesis' in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(''));
    return ctx?.state === 'running';
  }

  enqueue(call: CallToAnnounce): void {
    this.queue.push(call);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let call = this.queue.shift(); call; call = this.queue.shift()) {
        const s = this.settings();
        for (let i = 0; i < s.repeat; i++) {
          if (s.sound) await this.chime();
          for (const language of s.languages) {
            const text = announcementText(call, language);
            const voiced = s.sound ? await this.speak(text, language) : false;
            this.onSpoken({ text, language, voiced });
          }
          if (i + 1 < s.repeat) await sleep(600);
        }
        await sleep(400);
      }
    } finally {
      this.running = false;
    }
  }

  private context(): AudioContext | null {
    if (this.audio) return this.audio;
    if (typeof AudioContext === 'undefined') return null;
    this.audio = new AudioContext();
    return this.audio;
  }

  /** A two-tone gong (about 1.2 s), synthesised: no audio file, nothing to download. */
  private async chime(): Promise<void> {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return;
    const start = ctx.currentTime + 0.05;
    for (const [i, freq] of [659.25, 523.25].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = start + i * 0.45;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.75);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.8);
    }
    await sleep(1300);
  }

  /** Speaks with a local voice; resolves when done (or false at once without a voice). */
  private speak(text: string, language: Language): Promise<boolean> {
    if (!('speechSynthesis' in window)) return Promise.resolve(false);
    const voice = pickVoice(window.speechSynthesis.getVoices(), language);
    if (!voice) return Promise.resolve(false);
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      // Some engines never fire `end`; a generous watchdog keeps the queue moving without cancelling.
      const watchdog = setTimeout(() => resolve(true), 2000 + text.length * 150);
      const done = () => {
        clearTimeout(watchdog);
        resolve(true);
      };
      u.onend = done;
      u.onerror = done;
      window.speechSynthesis.speak(u);
    });
  }
}

/** A local (offline) voice for the language, preferring an exact regional match. */
export function pickVoice(
  voices: readonly SpeechSynthesisVoice[],
  language: Language,
): SpeechSynthesisVoice | null {
  const local = voices.filter((v) => v.localService);
  const tag = VOICE_LANG[language].toLowerCase();
  return (
    local.find((v) => v.lang.toLowerCase().replace('_', '-') === tag) ??
    local.find((v) => v.lang.toLowerCase().startsWith(language)) ??
    null
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
