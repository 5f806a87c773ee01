import { ERROR_CODES, ERROR_REASONS, LANGUAGES, type ErrorCode } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import { STRINGS } from './i18n.ts';

const CODES = [...(Object.keys(ERROR_CODES) as ErrorCode[]), 'NETWORK' as const];
const ALL_PARAMS = {
  counter: '7',
  ticket: 'A031',
  category: 'A',
  state: 'called',
  count: 3,
  retryAfterSeconds: 12,
};
const apiError = (code: (typeof CODES)[number], params: Record<string, string | number> = {}) =>
  new ApiError(code === 'NETWORK' ? 0 : ERROR_CODES[code], code, 'English message', toStrings(params));

function toStrings(params: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}

describe('errors in the reader’s language', () => {
  it('every error code has a sentence in every language, with and without its values', () => {
    for (const lang of LANGUAGES) {
      const seen = new Set<string>();
      for (const code of CODES) {
        for (const params of [{}, ALL_PARAMS]) {
          const text = errorText(STRINGS[lang], apiError(code, params));
          expect(text, `${lang} ${code}`).toMatch(/\S/);
          expect(text, `${lang} ${code}`).not.toMatch(/[{}]/);
          expect(text, `${lang} ${code}`).not.toContain('English message');
        }
        seen.add(errorText(STRINGS[lang], apiError(code)));
      }
      // Different codes may share words, but most have their own sentence.
      expect(seen.size, lang).toBeGreaterThan(CODES.length * 0.8);
    }
  });

  it('every case of a code that covers several has its own sentence in every language', () => {
    for (const lang of LANGUAGES) {
      for (const [code, reasons] of Object.entries(ERROR_REASONS) as [ErrorCode, readonly string[]][]) {
        const general = errorText(STRINGS[lang], apiError(code, ALL_PARAMS));
        for (const reason of reasons) {
          for (const params of [{ reason }, { ...ALL_PARAMS, reason }]) {
            const text = errorText(STRINGS[lang], apiError(code, params));
            expect(text, `${lang} ${code} ${reason}`).not.toMatch(/[{}]/);
            expect(text, `${lang} ${code} ${reason}`).not.toBe(general);
          }
        }
      }
    }
  });

  it('puts the values into the sentence, a ticket state in words', () => {
    const text = errorText(
      STRINGS.pl,
      apiError('ILLEGAL_TRANSITION', { reason: 'ticket_state', ticket: 'B012', state: 'no_show' }),
    );
    expect(text).toContain('B012');
    expect(text).toContain(STRINGS.pl.ticketStates.no_show);
    expect(
      errorText(STRINGS.en, apiError('COUNTER_TAKEN', { reason: 'yours_open', counter: '4' })),
    ).toContain('4');
  });

  it('reads an unknown case as its code, an unknown code and a page error as a server error', () => {
    const t = STRINGS.uk;
    expect(errorText(t, apiError('IN_USE', { reason: 'from_a_newer_server' }))).toBe(
      errorText(t, apiError('IN_USE')),
    );
    const unknown = new ApiError(409, 'SOMETHING_NEW' as ErrorCode, 'x');
    expect(errorText(t, unknown)).toBe(errorText(t, apiError('INTERNAL')));
    expect(errorText(t, new TypeError('x is undefined'))).toBe(errorText(t, apiError('INTERNAL')));
  });

  it('says why a value was refused and its bound, next to the field, in every language', () => {
    const apiNumbers = (code: ErrorCode, params: Record<string, string | number>) =>
      new ApiError(ERROR_CODES[code], code, 'English message', params);
    for (const lang of LANGUAGES) {
      const t = STRINGS[lang];
      const general = errorText(t, apiNumbers('VALIDATION_FAILED', { field: 'names.pl' }));
      const long = errorText(
        t,
        apiNumbers('VALIDATION_FAILED', { field: 'names.pl', reason: 'too_long', limit: 120 }),
      );
      expect(long, lang).toContain('120');
      expect(long, lang).not.toBe(general);
      const local = errorText(
        t,
        apiNumbers('VALIDATION_FAILED', { field: 'connection', reason: 'local_address' }),
      );
      expect(local, lang).not.toBe(general);
    }
    expect(
      errorText(
        STRINGS.pl,
        apiNumbers('VALIDATION_FAILED', { field: 'dailyLimit', reason: 'too_large', limit: 9999 }),
      ),
    ).toBe('Za duża liczba (najwyżej 9999).');
  });

  it('says when a closed category opens, the weekday in words', () => {
    const closed = new ApiError(409, 'CATEGORY_CLOSED', 'English message', {
      reason: 'outside_hours',
      category: 'F',
      day: 2,
      time: '08:00',
    });
    expect(errorText(STRINGS.pl, closed)).toBe(
      'Sprawa F jest teraz zamknięta (otwarcie: wtorek, 08:00). Wybierz inną sprawę.',
    );
    expect(errorText(STRINGS.en, closed)).toContain('Tuesday, 08:00');
    expect(errorText(STRINGS.uk, closed)).toContain('вівторок, 08:00');
    const nobody = new ApiError(409, 'CATEGORY_CLOSED', 'English message', {
      reason: 'no_counter',
      category: 'Z',
    });
    expect(errorText(STRINGS.pl, nobody)).toContain('Sprawy Z nie obsługuje żadne stanowisko');
  });
});
