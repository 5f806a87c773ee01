import { createHash } from 'node:crypto';
import { announcementText, type CallToAnnounce, type Language } from '@numerek/shared';
import { AppError } from '../../lib/app-error.ts';
import type { Log } from '../../service-context.ts';
import { Lru } from './lru.ts';
import { ENGINE_ID, type SpeechEngine } from './speech-engine.ts';

/** A rendered sentence and the tag that names it (the same text always has the same tag). */
export interface SpeechAudio {
  wav: Buffer;
  etag: string;
}

/** A call the hall displays received, kept so that they can fetch its audio by its key. */
export interface ShownCall {
  /** The key the displays received instead of the ticket's id. */
  key: string;
  officeId: string;
  call: CallToAnnounce;
  /** The languages the displays that show it speak (sound on); rendered at once. */
  languages: readonly Language[];
}

export interface SpeechOptions {
  /** Bytes of WAV kept for repeated sentences (each is some 100–150 KB). */
  cacheBytes?: number;
  /** Calls kept for their displays to fetch. */
  recentCalls?: number;
}

/**
 * Speech for the hall and the kiosks: sentences rendered by the engine (in its worker), kept in
 * a bounded cache, and a call's sentences rendered as soon as the displays receive it, after the
 * call was committed and never in the clerk's request, so that the audio is ready, or on its way,
 * by the time a display asks for it.
 */
export class SpeechService {
  private readonly cache: Lru<string, Buffer>;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly calls: Lru<string, { officeId: string; call: CallToAnnounce }>;

  constructor(
    readonly engine: SpeechEngine,
    private readonly log: Log,
    opts: SpeechOptions = {},
  ) {
    this.cache = new Lru(opts.cacheBytes ?? 16 * 1024 * 1024, (wav) => wav.byteLength);
    this.calls = new Lru(opts.recentCalls ?? 2000);
  }

  /** The tag of a sentence's audio: known without rendering it, so a 304 costs nothing. */
  etagOf(language: Language, text: string): string {
    const hash = createHash('sha256').update(`${ENGINE_ID}\n${language}\n${text}`).digest('base64url');
    return `"${hash.slice(0, 27)}"`;
  }

  /** Whether the audio of `text` in `language` is rendered and kept (ready to send at once). */
  isReady(language: Language, text: string): boolean {
    return this.cache.get(this.etagOf(language, text)) !== undefined;
  }

  /** The audio of `text` in `language`: from the cache, joining a render under way, or rendered now. */
  async audio(language: Language, text: string): Promise<SpeechAudio> {
    const etag = this.etagOf(language, text);
    const cached = this.cache.get(etag);
    if (cached) return { wav: cached, etag };
    let rendering = this.inFlight.get(etag);
    if (!rendering) {
      rendering = this.engine.render(language, text).finally(() => this.inFlight.delete(etag));
      this.inFlight.set(etag, rendering);
      rendering.then(
        (wav) => this.cache.set(etag, wav),
        () => undefined,
      );
    }
    try {
      return { wav: await rendering, etag };
    } catch (error) {
      this.log.error({ err: error, language }, 'speech: a sentence could not be rendered');
      throw new AppError('INTERNAL', 'The speech engine could not read this sentence.');
    }
  }

  /** A call reached the displays: keep it for them, and render its sentences now. */
  callShown(shown: ShownCall): void {
    this.calls.set(shown.key, { officeId: shown.officeId, call: shown.call });
    for (const language of shown.languages) {
      this.audio(language, announcementText(shown.call, language)).catch(() => undefined);
    }
  }

  /**
   * The sentence of a call a display received, by its key. `officeId` is the asking display's
   * office (null for a display without a token, which may watch any office): a display of another
   * office learns nothing, not even that the key exists.
   */
  callText(key: string, language: Language, officeId: string | null): string {
    const shown = this.calls.get(key);
    if (!shown || (officeId !== null && shown.officeId !== officeId)) {
      throw new AppError('NOT_FOUND', 'No recent call has this key; the display asks for calls it received.');
    }
    return announcementText(shown.call, language);
  }

  /** Ends the engine's worker (the server is stopping). */
  close(): Promise<void> {
    return this.engine.unload();
  }
}
