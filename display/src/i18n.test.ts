import { ERROR_CODES, LANGUAGES, type ErrorCode } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { displayLanguage, LABELS, pairingProblem } from './i18n.ts';

describe('the display’s words for the server’s errors', () => {
  it('has a sentence in every language for every error code a pairing link can be refused with', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const sentences = LANGUAGES.map((lang) => pairingProblem(code, lang));
      for (const s of sentences) expect(s, code).toMatch(/\p{L}{3}/u);
      expect(new Set(sentences).size, code).toBe(LANGUAGES.length);
    }
    expect(pairingProblem('PAIRING_CODE_EXPIRED', 'uk')).toBe(LABELS.uk.pairingExpired);
    expect(pairingProblem('PAIRING_CODE_USED', 'en')).toBe(LABELS.en.pairingUsed);
    expect(pairingProblem('PAIRING_CODE_UNKNOWN', 'pl')).toBe(LABELS.pl.pairingInvalid);
  });
});

describe('the display’s language', () => {
  it('is the first announcement language, kept for when the server stops sending settings', () => {
    const kept = new Map<string, string>();
    const storage = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    } as Storage;
    expect(displayLanguage(null, storage)).toBe('pl');
    expect(displayLanguage(['uk', 'pl'], storage)).toBe('uk');
    expect(displayLanguage(null, storage)).toBe('uk');
    expect(displayLanguage([], storage)).toBe('uk');
    expect(displayLanguage(['en'], storage)).toBe('en');
  });
});
