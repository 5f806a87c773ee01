import type { Language } from '@numerek/shared';
import { Announcer, type Spoken } from './announcer.ts';
import type { QueuedCall, QueueSettings } from './announcement-queue.ts';
import { AudioOut } from './audio-out.ts';
import { BrowserVoice } from './browser-voice.ts';
import { ServerVoice } from './server-voice.ts';

/** What the page needs of its sound: loaded after the first screen (see loadSound in App). */
export interface Sound {
  enqueue(call: QueuedCall): void;
  /** Whether the browser lets the page play sound now (autoplay policy). */
  allowed(): Promise<boolean>;
  /** From the "tap to enable sound" button: a user gesture unlocks audio and speech. */
  unlock(): Promise<boolean>;
  /**
   * Opens the audio output ahead of the first call, so that call's chime is not delayed; says
   * whether it plays (a browser may let a page's audio element play but hold its audio output).
   */
  warmUp(): Promise<boolean>;
}

/**
 * The display's sound: one audio output, the server's voice (falling back to the browser's) or
 * the browser's, as the display's `voice` setting says, and the announcement queue.
 */
export function createSound(options: {
  settings: () => QueueSettings & { voice: 'server' | 'browser' };
  token: () => string | null;
  onSpoken: (s: Spoken) => void;
}): Sound {
  const out = new AudioOut();
  const browserVoice = new BrowserVoice(out);
  const serverVoice = new ServerVoice(out, options.token, browserVoice);
  const announcer = new Announcer({
    settings: options.settings,
    voice: () => (options.settings().voice === 'browser' ? browserVoice : serverVoice),
    onSpoken: options.onSpoken,
  });
  return {
    enqueue: (call) => announcer.enqueue(call),
    allowed: () => out.soundAllowed(),
    warmUp: () => out.warmUp(),
    unlock: () => {
      BrowserVoice.unlock();
      return out.unlock();
    },
  };
}

export type { Language, Spoken };
