import type { Language } from '@numerek/shared';

// The speech engine alone, without the kiosk's words: the feedback tablet speaks with it too.

/**
 * The speech engine's part: picks a local voice for the language and interrupts what is playing,
 * or, with `after`, speaks once that has ended (news that must not cut the ticket's reading short).
 */
export function speak(text: string, lang: Language, after = false): void {
  const synth = typeof window === 'undefined' ? undefined : window.speechSynthesis;
  if (!synth) return;
  if (!after) synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  const tag = lang === 'uk' ? 'uk-UA' : lang === 'en' ? 'en-GB' : 'pl-PL';
  utterance.lang = tag;
  const voices = synth.getVoices().filter((v) => v.lang.toLowerCase().startsWith(lang));
  const voice = voices.find((v) => v.localService) ?? voices[0];
  if (voice) utterance.voice = voice;
  utterance.rate = 0.9;
  synth.speak(utterance);
}

export function stopSpeaking(): void {
  if (typeof window !== 'undefined') window.speechSynthesis?.cancel();
}
