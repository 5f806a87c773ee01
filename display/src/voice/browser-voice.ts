import type { Language } from '@numerek/shared';
import type { AudioOut } from './audio-out.ts';
import type { Voice } from './announcer.ts';

/** Speech tags for the browser's voices. */
const VOICE_LANG: Record<Language, string> = { pl: 'pl-PL', en: 'en-GB', uk: 'uk-UA' };

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

/**
 * The browser's own voices (`voice: "browser"`, and the fallback when the server's audio cannot be
 * had). Only local voices are used, never a cloud service; a language without one is skipped.
 */
export class BrowserVoice implements Voice {
  constructor(private readonly out: AudioOut) {}

  prepare(): void {}

  chime(): Promise<void> {
    return this.out.chime();
  }

  speak(_call: unknown, language: Language, text: string): Promise<boolean> {
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

  /** From the "tap to enable sound" button: a user gesture unlocks speech too. */
  static unlock(): void {
    if ('speechSynthesis' in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(''));
  }
}
