import type { Language } from '@numerek/shared';
import { SPEECH_PATHS } from '@numerek/shared/speech';
import { speechChunks } from './speech-chunks.ts';

// The speech engine alone, without the kiosk's words: the feedback tablet speaks with it too.

const FETCH_TIMEOUT_MS = 8000;
/** Recent renderings kept: the screens of a visit are read again and again. */
const KEPT = 24;

let token: string | null = null;
let ctx: AudioContext | null = null;
/** Bumped by every interruption: what an older reading fetched is then never played. */
let generation = 0;
let playing: AudioBufferSourceNode | null = null;
let chain: Promise<void> = Promise.resolve();
const rendered = new Map<string, Promise<AudioBuffer | null>>();

/** The device token the server's voice is asked with; without one the browser's voice speaks. */
export function setSpeechToken(value: string | null): void {
  token = value;
}

function audio(): AudioContext | null {
  if (ctx) return ctx;
  if (typeof AudioContext === 'undefined') return null;
  ctx = new AudioContext();
  return ctx;
}

function render(text: string, lang: Language): Promise<AudioBuffer | null> {
  const id = `${lang}:${text}`;
  const had = rendered.get(id);
  if (had) return had;
  const loading = (async () => {
    const out = audio();
    if (!token || !out) return null;
    try {
      const res = await fetch(SPEECH_PATHS.text, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ lang, text }),
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) return null;
      return await out.decodeAudioData(await res.arrayBuffer());
    } catch {
      return null;
    }
  })();
  rendered.set(id, loading);
  while (rendered.size > KEPT) rendered.delete(rendered.keys().next().value ?? '');
  void loading.then((b) => b ?? rendered.delete(id));
  return loading;
}

function playBuffer(buffer: AudioBuffer): Promise<void> {
  const out = audio();
  if (!out) return Promise.resolve();
  return new Promise((resolve) => {
    const source = out.createBufferSource();
    source.buffer = buffer;
    source.connect(out.destination);
    playing = source;
    const watchdog = setTimeout(resolve, buffer.duration * 1000 + 1500);
    source.onended = () => {
      clearTimeout(watchdog);
      if (playing === source) playing = null;
      resolve();
    };
    source.start();
  });
}

/**
 * The browser's own voice, a local one for the language, when the server's audio cannot be had.
 * The browser queues what it is given, so this does not wait for the end.
 */
function browserSpeak(text: string, lang: Language): void {
  const synth = typeof window === 'undefined' ? undefined : window.speechSynthesis;
  if (!synth) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang === 'uk' ? 'uk-UA' : lang === 'en' ? 'en-GB' : 'pl-PL';
  const voices = synth.getVoices().filter((v) => v.lang.toLowerCase().startsWith(lang));
  const voice = voices.find((v) => v.localService) ?? voices[0];
  if (voice) utterance.voice = voice;
  utterance.rate = 0.9;
  synth.speak(utterance);
}

async function read(text: string, lang: Language, mine: number): Promise<void> {
  const chunks = speechChunks(text);
  // Every piece is asked for at once; they play in order, each as soon as it is ready.
  const buffers = chunks.map((c) => render(c, lang));
  for (const [i, buffer] of buffers.entries()) {
    const ready = await buffer;
    if (mine !== generation) return;
    if (!ready || audio()?.state !== 'running') {
      browserSpeak(chunks.slice(i).join(' '), lang);
      return;
    }
    await playBuffer(ready);
  }
}

/**
 * Reads a text aloud in the server's voice (so a kiosk with no voices installed speaks), falling
 * back to a local browser voice. It interrupts what is being read, or, with `after`, reads once
 * that has ended (news that must not cut the ticket's reading short).
 */
export function speak(text: string, lang: Language, after = false): void {
  if (!after) stopSpeaking();
  const mine = generation;
  const out = audio();
  // Reading follows a tap, which lets the page play sound.
  if (out && out.state !== 'running') void out.resume().catch(() => undefined);
  // A tile's soft hyphens (hyphenation.ts) are for the eye: a voice never hears them.
  const words = text.replaceAll('\u00AD', '');
  chain = chain
    .then(() => (mine === generation ? read(words, lang, mine) : undefined))
    .catch(() => undefined);
}

export function stopSpeaking(): void {
  generation += 1;
  chain = Promise.resolve();
  try {
    playing?.stop();
  } catch {
    // Already stopped.
  }
  playing = null;
  if (typeof window !== 'undefined') window.speechSynthesis?.cancel();
}
