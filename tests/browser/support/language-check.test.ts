import { describe, expect, it } from 'vitest';
import { foreignTexts, foreignWords } from './language-check.ts';

const DICTIONARIES = {
  pl: { nobody: 'Nikt nie czeka', next: 'Dalej', wait: 'Czas: {n} min', ok: 'ok' },
  en: { nobody: 'Nobody is waiting', next: 'Next', wait: 'Time: {n} min', ok: 'ok' },
  uk: { nobody: 'Ніхто не чекає', next: 'Далі', wait: 'Час: {n} хв', ok: 'ок' },
};

describe('the language check', () => {
  it('finds a word of three letters that only another language’s dictionary uses', () => {
    expect(foreignWords(DICTIONARIES, 'en')).toContain('nie');
    expect(foreignWords(DICTIONARIES, 'pl')).toContain('next');
    expect(foreignTexts(['Nobody nie waiting'], 'en', DICTIONARIES)).toEqual(['Nobody nie waiting']);
    expect(foreignTexts(['Czas: 5 min. Next'], 'pl', DICTIONARIES)).toEqual(['Czas: 5 min. Next']);
  });

  it('passes the language’s own words, words shorter than three letters, ticket codes and what the office typed', () => {
    expect(foreignTexts(['Nobody is waiting', 'Time: 5 min', 'ok'], 'en', DICTIONARIES)).toEqual([]);
    // "ma", "is": too short to tell a language; A017: a ticket code; "Dalej Sp. z o.o.": typed by the office.
    expect(foreignTexts(['Next is A017', 'ma'], 'en', DICTIONARIES)).toEqual([]);
    expect(foreignTexts(['Next: Dalej Sp. z o.o.'], 'en', DICTIONARIES, ['Dalej Sp. z o.o.'])).toEqual([]);
  });

  it('finds text in another script', () => {
    expect(foreignTexts(['Next: Далі'], 'en', DICTIONARIES)).toEqual(['Next: Далі']);
    expect(foreignTexts(['Далі: Next'], 'uk', DICTIONARIES)).toEqual(['Далі: Next']);
  });
});
