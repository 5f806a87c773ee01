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
  /** The languages the displays that show it speak (sound on); rendered at once where it was made. */
  languages: readonly Language[];
  /**
   * The call was made through this server, not learnt from another node of a central
   * installation (see {@link SpeechService.callShown}).
   */
  madeHere: boolean;
}

/** Calls' sentences rendered ahead at once; the engine renders one at a time, so two keep it busy. */
const PRERENDERS_AT_ONCE = 2;
/**
 * Sentences waiting to be rendered ahead. Beyond this, the oldest are dropped: a display that
 * asks for one of them has it rendered then, and a burst of calls (a central installation's many
 * offices, or a test at high speed) never builds a backlog that delays the newest call's speech
 * or holds memory.
 */
const PRERENDERS_WAITING = 16;

/**
 * How long, in a central installation, a display's request for a call's audio waits for a call
 * this node has not heard of yet: the request may reach a node a moment before that node learns
 * of the call from the node that made it (db/outbox.ts), which is well under a second.
 */
export const CALL_ARRIVES_MS = 1500;
/** Requests that may wait for their call at once; beyond this, an unknown key is answered 404 at once. */
const CALL_WAITERS = 256;

export interface SpeechOptions {
  /** Bytes of WAV kept for repeated sentences (each is some 100–150 KB). */
  cacheBytes?: number;
  /** Calls kept for their displays to fetch. */
  recentCalls?: number;
  /**
   * How long a request waits for a call not heard of yet: {@link CALL_ARRIVES_MS} where other
   * nodes make calls too, 0 (the default) for a single process, which hears of each call as it
   * is made.
   */
  callArrivesMs?: number;
}

/**
 * Speech for the hall and the kiosks: sentences rendered by the engine (in its process), kept in
 * a bounded cache, and a call's sentences rendered as soon as the displays receive it, after the
 * call was committed and never in the clerk's request, so that the audio is ready, or on its way,
 * by the time a display asks for it.
 */
export class SpeechService {
  private readonly cache: Lru<string, Buffer>;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly calls: Lru<string, { officeId: string; call: CallToAnnounce }>;
  /** Sentences of calls to render ahead, newest last; rendered newest first. */
  private readonly ahead: Array<{ language: Language; text: string }> = [];
  private renderingAhead = 0;
  /** Requests waiting for a call this node has not heard of yet, by its key. */
  private readonly awaited = new Map<string, Set<() => void>>();
  private waiters = 0;
  private readonly callArrivesMs: number;

  constructor(
    readonly engine: SpeechEngine,
    private readonly log: Log,
    opts: SpeechOptions = {},
  ) {
    this.cache = new Lru(opts.cacheBytes ?? 16 * 1024 * 1024, (wav) => wav.byteLength);
    this.calls = new Lru(opts.recentCalls ?? 2000);
    this.callArrivesMs = opts.callArrivesMs ?? 0;
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

  /**
   * A call reached the displays: keep it for them, and render its sentences now if the call was
   * made here. A display asks for its audio over HTTP, which in a central installation reaches
   * any node: rendering ahead on every node rendered each call once per node, and on a busy
   * city's morning that was most of the nodes' work. The node that made the call renders it
   * ahead; another node renders a sentence when a display asks it, which the display does as the
   * call arrives, so the sentence is made while its chime plays.
   */
  callShown(shown: ShownCall): void {
    this.calls.set(shown.key, { officeId: shown.officeId, call: shown.call });
    for (const arrived of this.awaited.get(shown.key) ?? []) arrived();
    if (!shown.madeHere) return;
    for (const language of shown.languages) {
      const text = announcementText(shown.call, language);
      if (this.isReady(language, text) || this.inFlight.has(this.etagOf(language, text))) continue;
      this.ahead.push({ language, text });
    }
    if (this.ahead.length > PRERENDERS_WAITING) this.ahead.splice(0, this.ahead.length - PRERENDERS_WAITING);
    this.renderAhead();
  }

  /** Sentences waiting to be rendered ahead (never more than {@link PRERENDERS_WAITING}). */
  get waitingAhead(): number {
    return this.ahead.length;
  }

  private renderAhead(): void {
    while (this.renderingAhead < PRERENDERS_AT_ONCE) {
      const next = this.ahead.pop();
      if (!next) return;
      this.renderingAhead += 1;
      this.audio(next.language, next.text)
        .catch(() => undefined)
        .finally(() => {
          this.renderingAhead -= 1;
          this.renderAhead();
        });
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

  /**
   * {@link callText}, waiting up to `callArrivesMs` for a call this node has not heard of yet: the
   * display that asks learnt of it from another node, which may have been a moment sooner.
   */
  async callTextSoon(key: string, language: Language, officeId: string | null): Promise<string> {
    const waitMs = this.callArrivesMs;
    if (waitMs > 0 && !this.calls.get(key) && this.waiters < CALL_WAITERS) await this.arrival(key, waitMs);
    return this.callText(key, language, officeId);
  }

  /** Resolves when the call with `key` is shown here, or after `waitMs`. */
  private arrival(key: string, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.awaited.get(key) ?? new Set<() => void>();
      this.awaited.set(key, waiting);
      this.waiters += 1;
      const done = () => {
        clearTimeout(timer);
        if (!waiting.delete(done)) return;
        this.waiters -= 1;
        if (waiting.size === 0) this.awaited.delete(key);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      waiting.add(done);
    });
  }

  /** Ends the engine's process (the server is stopping); a request waiting for its call is answered. */
  close(): Promise<void> {
    for (const waiting of [...this.awaited.values()]) for (const done of [...waiting]) done();
    return this.engine.unload();
  }
}
