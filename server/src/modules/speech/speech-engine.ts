import { spawn, type ChildProcess } from 'node:child_process';
import type { Language } from '@numerek/shared';
import { ESPEAK_ENTRY, SPEECH_PROCESS_SOURCE } from './speech-process.ts';

/** What renders speech: eSpeak NG in a process of its own in the server, a stand-in in tests that need one. */
export interface SpeechEngine {
  /** A WAV file (RIFF, 16-bit mono PCM, 22,050 Hz) of `text` read by the voice of `language`. */
  render(language: Language, text: string): Promise<Buffer>;
  /** The phonemes the voice reads `text` as (IPA, clauses separated by " | "), for tests. */
  phonemes(language: Language, text: string): Promise<string>;
  /** Whether the engine is loaded now (its process runs). */
  readonly loaded: boolean;
  /** Ends the engine's process, if any; a later render loads the engine again. */
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
  /** The process the sentence went to: when it ends, only its own sentences fail. */
  engine: ChildProcess;
}

type Reply = { id: number; wav?: Uint8Array; phonemes?: string; error?: string };

/**
 * Node.js's options for the engine's process. Its JavaScript is a few small objects, so V8's young
 * generation stays at its initial size (as in the server, lib/young-generation.ts). The engine's
 * WebAssembly is compiled by the baseline compiler only: the optimizing compiler's work held some
 * 18 MB more for about a tenth less processor a sentence (17 ms instead of 19 on a busy machine).
 * `gc` lets the process drop the engine's file once it is compiled (speech-process.ts).
 */
const PROCESS_FLAGS = ['--max-semi-space-size=1', '--liftoff-only', '--expose-gc'];

/**
 * eSpeak NG in a process of its own, started on the first sentence and ended after `idleMs`
 * without one: an idle server holds none of its memory, since the system takes back all of a
 * process that ends (a worker thread's memory stayed with the server's process, decision 0044).
 * Loaded, it holds some 70 MB of its own (some 110 MB resident, the rest Node.js's code, which it
 * shares with the server): the engine's 32 MB of memory, of which 17 MB are its voices; the
 * engine's file, which V8 keeps beside the code it compiled (18 MB); and Node.js's own
 * (speech-process.ts, decision 0044). Sentences are rendered one at a time, in the order asked.
 */
export class EspeakEngine implements SpeechEngine {
  private engine: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly idleMs: number) {}

  get loaded(): boolean {
    return this.engine !== null;
  }

  /** The engine's process id while it is loaded. */
  get pid(): number | undefined {
    return this.engine?.pid;
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
    const engine = this.engine;
    this.engine = null;
    if (!engine) return;
    const ended = new Promise<void>((resolve) => {
      if (engine.exitCode !== null || engine.signalCode !== null) resolve();
      else engine.once('exit', () => resolve());
    });
    // Closing the channel ends the process (it exits on `disconnect`); the signal ends one that is
    // in the middle of a sentence.
    engine.ref();
    if (engine.connected) engine.disconnect();
    engine.kill('SIGKILL');
    await ended;
  }

  private ask(job: { kind: 'wav' | 'phonemes'; voice: string; text: string }): Promise<Buffer | string> {
    this.clearIdle();
    const engine = this.engine ?? this.start();
    // A sentence asked for keeps the caller's process running until it is answered.
    engine.channel?.ref();
    const id = this.nextId++;
    return new Promise<Buffer | string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, engine });
      engine.send({ ...job, id, wordsPerMinute: WORDS_PER_MINUTE }, (error) => {
        if (!error || !this.pending.has(id)) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  private start(): ChildProcess {
    // Node.js's own options only, never the server's (tsx's loader, a debugger, a profiler).
    const engine = spawn(process.execPath, [...PROCESS_FLAGS, '-e', SPEECH_PROCESS_SOURCE, ESPEAK_ENTRY], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Typed arrays pass as they are, not as JSON.
      serialization: 'advanced',
    });
    // An idle engine never keeps the server running on its own.
    engine.unref();
    engine.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else if (reply.wav) waiting.resolve(ownBuffer(reply.wav));
      else waiting.resolve(reply.phonemes ?? '');
      this.armIdle();
    });
    // A process that ends fails only the sentences it was given: one unloaded when idle may end
    // after a new one has already taken the next sentence.
    const fail = (error: Error) => {
      if (this.engine === engine) this.engine = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.engine !== engine) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    engine.on('error', fail);
    engine.on('exit', (code, signal) =>
      fail(new Error(`the speech engine stopped (${signal ? `signal ${signal}` : `code ${code}`})`)),
    );
    this.engine = engine;
    return engine;
  }

  private armIdle(): void {
    if (this.pending.size > 0) return;
    this.engine?.channel?.unref();
    this.clearIdle();
    this.idleTimer = setTimeout(() => void this.unload(), this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** A Buffer over exactly the WAV's bytes, so that the cache weighs what it holds. */
function ownBuffer(wav: Uint8Array): Buffer {
  const view = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  return wav.byteLength === wav.buffer.byteLength ? view : Buffer.from(view);
}
