import { Worker } from 'node:worker_threads';
import type { Language } from '@numerek/shared';
import { ESPEAK_ENTRY, SPEECH_WORKER_SOURCE } from './speech-worker.ts';

/** What renders speech: eSpeak NG in a worker thread in the server, a stand-in in tests that need one. */
export interface SpeechEngine {
  /** A WAV file (RIFF, 16-bit mono PCM, 22,050 Hz) of `text` read by the voice of `language`. */
  render(language: Language, text: string): Promise<Buffer>;
  /** The phonemes the voice reads `text` as (IPA, clauses separated by " | "), for tests. */
  phonemes(language: Language, text: string): Promise<string>;
  /** Whether the engine is loaded now (its worker runs). */
  readonly loaded: boolean;
  /** Ends the worker, if any; a later render loads the engine again. */
  unload(): Promise<void>;
}

/** eSpeak NG's voice for each language. */
export const VOICES: Record<Language, string> = { pl: 'pl', en: 'en', uk: 'uk' };

/**
 * Words per minute: a little slower than eSpeak NG's default of 175, because a hall echoes and
 * a client listens for one number among many.
 */
export const WORDS_PER_MINUTE = 150;

/** Names the engine and its settings in every ETag, so a new engine or tempo changes them. */
export const ENGINE_ID = `espeak-ng-1.0.2/${WORDS_PER_MINUTE}`;

interface Pending {
  resolve: (value: Buffer | string) => void;
  reject: (error: Error) => void;
  /** The worker the sentence went to: when it stops, only its own sentences fail. */
  worker: Worker;
}

type Reply = { ready: true } | { id: number; wav?: Uint8Array; phonemes?: string; error?: string };

/**
 * eSpeak NG in a worker thread, loaded on the first sentence and unloaded after `idleMs` without
 * one: an idle server holds none of its memory (some 70 MB while loaded: one instance and the copy
 * of its memory each sentence starts from, speech-worker.ts). Sentences are rendered one at a
 * time, in the order asked.
 */
export class EspeakEngine implements SpeechEngine {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly idleMs: number) {}

  get loaded(): boolean {
    return this.worker !== null;
  }

  async render(language: Language, text: string): Promise<Buffer> {
    const wav = await this.ask({ kind: 'wav', voice: VOICES[language], text });
    return wav as Buffer;
  }

  async phonemes(language: Language, text: string): Promise<string> {
    return (await this.ask({ kind: 'phonemes', voice: VOICES[language], text })) as string;
  }

  async unload(): Promise<void> {
    this.clearIdle();
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ask(job: { kind: 'wav' | 'phonemes'; voice: string; text: string }): Promise<Buffer | string> {
    this.clearIdle();
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Buffer | string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ ...job, id, wordsPerMinute: WORDS_PER_MINUTE });
    });
  }

  private start(): Worker {
    const worker = new Worker(SPEECH_WORKER_SOURCE, {
      eval: true,
      workerData: { entry: ESPEAK_ENTRY },
    });
    // The worker never keeps the server running on its own.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else if (reply.wav)
        waiting.resolve(Buffer.from(reply.wav.buffer, reply.wav.byteOffset, reply.wav.byteLength));
      else waiting.resolve(reply.phonemes ?? '');
      this.armIdle();
    });
    // A worker that stops fails only the sentences it was given: one unloaded when idle may end
    // after a new worker has already taken the next sentence.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the speech engine stopped (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private armIdle(): void {
    if (this.pending.size > 0) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => void this.unload(), this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
