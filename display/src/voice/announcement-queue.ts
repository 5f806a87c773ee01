import type { Language } from '@numerek/shared';
import type { CallToAnnounce } from '../announce.ts';

/** What the queue needs of a display's settings. */
export interface QueueSettings {
  languages: readonly Language[];
  repeat: number;
  sound: boolean;
}

/** A call to announce: `key` stands for the ticket (the display never learns its id). */
export interface QueuedCall extends CallToAnnounce {
  key: string;
}

/**
 * One thing the hall hears, played whole before the next starts. `round` 0 is a call's first
 * announcement; rounds 1… are its repeats. `pauseBeforeMs` is the silence before it.
 */
export type QueueItem =
  | { kind: 'chime'; call: QueuedCall; round: number; pauseBeforeMs: number }
  | { kind: 'speech'; call: QueuedCall; round: number; language: Language; pauseBeforeMs: number };

/** Silence between two rounds of one call. */
export const PAUSE_BETWEEN_ROUNDS_MS = 600;
/** Silence before a call that waited behind another. */
export const PAUSE_BETWEEN_CALLS_MS = 400;

/** A call's announcement: each round is the chime, then the sentence in each language in order. */
export function planCall(call: QueuedCall, settings: QueueSettings, afterAnother: boolean): QueueItem[] {
  const items: QueueItem[] = [];
  // Without sound nothing is heard: the sentences are still mirrored once, for the live region.
  const rounds = settings.sound ? Math.max(1, settings.repeat) : 1;
  for (let round = 0; round < rounds; round++) {
    const first = round === 0 ? (afterAnother ? PAUSE_BETWEEN_CALLS_MS : 0) : PAUSE_BETWEEN_ROUNDS_MS;
    if (settings.sound) items.push({ kind: 'chime', call, round, pauseBeforeMs: first });
    for (const [i, language] of settings.languages.entries()) {
      const pauseBeforeMs = !settings.sound && i === 0 ? first : 0;
      items.push({ kind: 'speech', call, round, language, pauseBeforeMs });
    }
  }
  return items;
}

/**
 * The hall's announcement queue, pure (no clock, no audio): whoever plays takes one item with
 * `next()`, plays it to its end and calls `done()`. The rule that keeps the hall up to date:
 * - nothing is ever cut off: an item taken is played whole, and a round begun (its chime played)
 *   is finished, so every listener hears the sentence in their language;
 * - a new call drops the repeats (rounds 1…) of older calls that have not begun; a first
 *   announcement (round 0) is never dropped, so every call is heard at least once, in order;
 * - so behind the round being played there wait only first announcements: with calls coming no
 *   faster than one announcement lasts, the hall is never more than one call behind.
 */
export class AnnouncementQueue {
  private pending: QueueItem[] = [];
  private playing: QueueItem | null = null;
  /** The call and round of the last item taken: a round begun is never dropped. */
  private begun: { key: string; round: number } | null = null;

  /** Queues a call; returns the items dropped to make way for it. */
  add(call: QueuedCall, settings: QueueSettings): QueueItem[] {
    const dropped: QueueItem[] = [];
    const kept: QueueItem[] = [];
    for (const item of this.pending) {
      const started = this.begun?.key === item.call.key && this.begun.round === item.round;
      (item.round > 0 && !started ? dropped : kept).push(item);
    }
    const busy = this.playing !== null || kept.length > 0;
    this.pending = [...kept, ...planCall(call, settings, busy)];
    return dropped;
  }

  /** The next item to play, or null when there is nothing (or something is still playing). */
  next(): QueueItem | null {
    if (this.playing) return null;
    const item = this.pending.shift() ?? null;
    this.playing = item;
    if (item) this.begun = { key: item.call.key, round: item.round };
    return item;
  }

  /** The item taken last has been played to its end. */
  done(): void {
    this.playing = null;
  }

  /** What waits, in order (for tests and the page's diagnostics). */
  waiting(): readonly QueueItem[] {
    return this.pending;
  }

  get idle(): boolean {
    return this.playing === null && this.pending.length === 0;
  }
}
