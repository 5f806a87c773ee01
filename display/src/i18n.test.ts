import { ERROR_CODES, LANGUAGES, type ErrorCode } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { LABELS, pairingProblem } from './i18n.ts';

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
