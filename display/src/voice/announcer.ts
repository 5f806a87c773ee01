import type { Language } from '@numerek/shared';
import { announcementText } from '../announce.ts';
import {
  AnnouncementQueue,
  type QueuedCall,
  type QueueItem,
  type QueueSettings,
} from './announcement-queue.ts';

/** What was (or would have been) spoken; the page mirrors it for tests and assistive technology. */
export interface Spoken {
  text: string;
  language: Language;
  voiced: boolean;
}

/**
 * A way of making the hall hear a call: the server's audio or the browser's voices. Each method
 * resolves when what it plays has ended, never early: the queue relies on it to cut nothing off.
 */
export interface Voice {
  /** Starts getting ready what a call will need (the server's audio), as soon as the call arrives. */
  prepare(call: QueuedCall, languages: readonly Language[]): void;
  chime(): Promise<void>;
  /** True when the sentence was heard; false at once when this voice cannot speak the language. */
  speak(call: QueuedCall, language: Language, text: string): Promise<boolean>;
}

export interface AnnouncerOptions {
  settings: () => QueueSettings;
  /** The voice of the display's current setting. */
  voice: () => Voice;
  onSpoken: (s: Spoken) => void;
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Plays the announcement queue (see AnnouncementQueue for its rule): one item at a time, each to
 * its end, with the pauses the queue asks for. Calls are queued as they arrive; nothing is ever
 * cancelled.
 */
export class Announcer {
  private readonly queue = new AnnouncementQueue();
  private running = false;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AnnouncerOptions) {
    this.sleep = options.sleep ?? sleep;
  }

  enqueue(call: QueuedCall): void {
    const settings = this.options.settings();
    if (settings.sound) this.options.voice().prepare(call, settings.languages);
    this.queue.add(call, settings);
    if (!this.running) void this.drain();
  }

  /** Whether nothing is playing or waiting. */
  get idle(): boolean {
    return !this.running && this.queue.idle;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let item = this.queue.next(); item; item = this.queue.next()) {
        try {
          if (item.pauseBeforeMs > 0) await this.sleep(item.pauseBeforeMs);
          await this.play(item);
        } catch {
          // A voice that fails moves the queue on; the call is still on the screen.
        } finally {
          this.queue.done();
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async play(item: QueueItem): Promise<void> {
    const sound = this.options.settings().sound;
    if (item.kind === 'chime') {
      if (sound) await this.options.voice().chime();
      return;
    }
    const text = announcementText(item.call, item.language);
    const voiced = sound ? await this.options.voice().speak(item.call, item.language, text) : false;
    this.options.onSpoken({ text, language: item.language, voiced });
  }
}
