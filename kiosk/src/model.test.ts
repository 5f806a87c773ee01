import { ERROR_CODES, type ErrorCode } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { describe, expect, it } from 'vitest';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';
import { issueErrorText, pairingErrorText } from './model.ts';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** A sentence in each language, different in each (so none is left untranslated). */
function expectSentenceInEach(sentence: (lang: (typeof KIOSK_LANGUAGES)[number]) => string, code: string) {
  const sentences = KIOSK_LANGUAGES.map(sentence);
  for (const s of sentences) {
    expect(s, code).toMatch(/\p{L}{3}/u);
    expect(s, `${code}: a placeholder left`).not.toMatch(/[{}]/);
  }
  expect(new Set(sentences).size, code).toBe(KIOSK_LANGUAGES.length);
}

describe('the kiosk’s words for the server’s errors', () => {
  it('has a sentence in every language for every error code an issue can end with', () => {
    for (const code of [...CODES, 'NETWORK'] as ApiErrorCode[])
      expectSentenceInEach((lang) => issueErrorText(code, lang), code);
    // The refusals a client can act on say why.
    expect(issueErrorText('CATEGORY_CLOSED', 'pl')).toBe(STRINGS.pl.issueClosed);
    expect(issueErrorText('NOT_FOUND', 'en')).toBe(STRINGS.en.issueClosed);
    expect(issueErrorText('DAILY_LIMIT_REACHED', 'uk')).toBe(STRINGS.uk.issueLimit);
    expect(issueErrorText('WAIT_PAST_CLOSING', 'pl')).toBe(STRINGS.pl.issuePastClosing);
    expect(issueErrorText('RATE_LIMITED', 'en')).toBe(STRINGS.en.issueRateLimited);
    expect(issueErrorText('INTERNAL', 'uk')).toBe(STRINGS.uk.issueOther);
  });

  it('has a sentence in every language for every error code a pairing link can be refused with', () => {
    for (const code of CODES) expectSentenceInEach((lang) => pairingErrorText(code, lang), code);
    expect(pairingErrorText('PAIRING_CODE_EXPIRED', 'en')).toBe(STRINGS.en.pairingExpired);
    expect(pairingErrorText('PAIRING_CODE_USED', 'uk')).toBe(STRINGS.uk.pairingUsed);
    expect(pairingErrorText('PAIRING_CODE_UNKNOWN', 'pl')).toBe(STRINGS.pl.pairingInvalid);
  });
});
