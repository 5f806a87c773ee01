import { LANGUAGES, type PauseReason } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { PAUSE_REASON_LIST, STRINGS } from '../i18n.ts';
import { pausedShortText, pausedText } from './result-message.ts';

/** The words of a sentence longer than three letters that it says twice ("Перерва: перерва"). */
const repeated = (text: string) => {
  const words = (text.toLocaleLowerCase().match(/\p{L}{4,}/gu) ?? []).map((w) => w.slice(0, 5));
  return words.filter((w, i) => words.indexOf(w) !== i);
};

describe('the counter’s pause in words', () => {
  it('says the pause and its reason once, in every language', () => {
    for (const lang of LANGUAGES) {
      const t = STRINGS[lang];
      const seen = new Set<string>();
      for (const reason of [...PAUSE_REASON_LIST, null] as Array<PauseReason | null>) {
        for (const text of [pausedText(t, reason), pausedShortText(t, reason)]) {
          expect(text, `${lang} ${reason}`).toMatch(/\S/);
          expect(repeated(text), `${lang}: ${text}`).toEqual([]);
        }
        seen.add(pausedText(t, reason));
      }
      // Each reason its own sentence; no reason reads as a break.
      expect(seen.size, lang).toBe(PAUSE_REASON_LIST.length);
    }
  });

  it('the pause dialog’s heading and its group of reasons differ', () => {
    for (const lang of LANGUAGES) expect(STRINGS[lang].pauseReason, lang).not.toBe(STRINGS[lang].pauseTitle);
  });
});
