import type { Language } from '@numerek/shared';
import { SPEECH_PATHS } from '@numerek/shared/speech';
import type { AudioOut } from './audio-out.ts';
import type { Voice } from './announcer.ts';
import type { QueuedCall } from './announcement-queue.ts';

/** The server's audio of a call's sentence in one language (the display knows the call by its key). */
export const callAudioUrl = (key: string, language: Language): string =>
  `${SPEECH_PATHS.call}?ticket=${encodeURIComponent(key)}&lang=${language}`;

/** Sentences kept decoded: a few calls' worth, in every language. */
const KEPT = 12;
const FETCH_TIMEOUT_MS = 8000;

/**
 * The server's voice (`voice: "server"`, the default): the office server renders each call's
 * sentence, so a TV with no speech voices speaks. The audio is fetched the moment the call arrives
 * and decoded ahead of its turn; when it cannot be had, the browser's voice tries instead.
 */
export class ServerVoice implements Voice {
  private readonly audio = new Map<string, Promise<AudioBuffer | null>>();

  constructor(
    private readonly out: AudioOut,
    private readonly token: () => string | null,
    private readonly fallback: Voice,
  ) {}

  prepare(call: QueuedCall, languages: readonly Language[]): void {
    for (const language of languages) void this.load(call, language);
  }

  chime(): Promise<void> {
    return this.out.chime();
  }

  async speak(call: QueuedCall, language: Language, text: string): Promise<boolean> {
    const buffer = await this.load(call, language);
    if (!buffer) return this.fallback.speak(call, language, text);
    return this.out.play(buffer);
  }

  private load(call: QueuedCall, language: Language): Promise<AudioBuffer | null> {
    // The counter is part of the sentence: a ticket called again elsewhere is fetched again.
    const id = `${language}:${call.counter.number}:${call.key}`;
    const had = this.audio.get(id);
    if (had) return had;
    const loading = this.fetchAudio(call.key, language);
    this.audio.set(id, loading);
    while (this.audio.size > KEPT) this.audio.delete(this.audio.keys().next().value ?? '');
    // A failure is not kept: a recall tries again.
    void loading.then((b) => b ?? this.audio.delete(id));
    return loading;
  }

  private async fetchAudio(key: string, language: Language): Promise<AudioBuffer | null> {
    try {
      const token = this.token();
      const res = await fetch(callAudioUrl(key, language), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) return null;
      return await this.out.decode(await res.arrayBuffer());
    } catch {
      return null;
    }
  }
}
