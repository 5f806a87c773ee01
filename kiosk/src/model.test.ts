import {
  ERROR_CODES,
  type ErrorCode,
  type ErrorParams,
  type IssuedTicket,
  type PublicCategory,
} from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { describe, expect, it } from 'vitest';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';
import { categoryView, issueErrorText, pairingErrorText, waitOf } from './model.ts';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];
/** A refused issue as the kiosk keeps it. */
const failure = (code: ApiErrorCode, params: ErrorParams = {}) => ({ code, params });

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
    const ALL_PARAMS = { category: 'A', count: 150, day: 2, time: '08:00', retryAfterSeconds: 12 };
    for (const code of [...CODES, 'NETWORK'] as ApiErrorCode[])
      for (const params of [{}, ALL_PARAMS])
        expectSentenceInEach((lang) => issueErrorText(failure(code, params), lang), code);
    // The refusals a client can act on say why.
    expect(issueErrorText(failure('CATEGORY_CLOSED'), 'pl')).toBe(STRINGS.pl.issueClosed);
    expect(issueErrorText(failure('NOT_FOUND'), 'en')).toBe(STRINGS.en.issueClosed);
    expect(issueErrorText(failure('DAILY_LIMIT_REACHED'), 'uk')).toBe(STRINGS.uk.issueLimit);
    expect(issueErrorText(failure('WAIT_PAST_CLOSING'), 'pl')).toBe(STRINGS.pl.issuePastClosing);
    expect(issueErrorText(failure('RATE_LIMITED'), 'en')).toBe(STRINGS.en.issueRateLimited);
    expect(issueErrorText(failure('INTERNAL'), 'uk')).toBe(STRINGS.uk.issueOther);
    expect(issueErrorText(null, 'pl')).toBe(STRINGS.pl.issueOther);
  });

  it('says plainly that no counter handles a service, whatever else the server sent', () => {
    const noCounter = failure('CATEGORY_CLOSED', {
      category: 'Z',
      reason: 'no_counter',
      day: 2,
      time: '08:00',
    });
    expectSentenceInEach((lang) => issueErrorText(noCounter, lang), 'no_counter');
    for (const lang of KIOSK_LANGUAGES) {
      expect(issueErrorText(noCounter, lang)).toBe(STRINGS[lang].noCounter);
      expect(issueErrorText(noCounter, lang)).not.toBe(STRINGS[lang].issueClosed);
    }
    // Outside opening hours, the reason changes nothing of what was said before.
    expect(
      issueErrorText(failure('CATEGORY_CLOSED', { reason: 'outside_hours', day: 2, time: '08:00' }), 'pl'),
    ).toBe('Ta sprawa jest teraz zamknięta. Zapraszamy we wtorek od 8:00.');
  });

  it('says when a closed service opens again, the weekday as each language’s sentence needs it', () => {
    const closed = (day: number, time: string) => failure('CATEGORY_CLOSED', { category: 'M', day, time });
    expect(issueErrorText(closed(2, '08:00'), 'pl')).toBe(
      'Ta sprawa jest teraz zamknięta. Zapraszamy we wtorek od 8:00.',
    );
    expect(issueErrorText(closed(3, '12:30'), 'pl')).toBe(
      'Ta sprawa jest teraz zamknięta. Zapraszamy w środę od 12:30.',
    );
    expect(issueErrorText(closed(1, '08:00'), 'en')).toBe(
      'This service is closed now. Please come back on Monday from 8:00.',
    );
    expect(issueErrorText(closed(5, '09:15'), 'uk')).toBe(
      'Цю послугу зараз не надають. Запрошуємо у п’ятницю з 9:15.',
    );
    // Without the values, or with values it cannot read, the sentence says only that it is closed.
    const unreadable: ErrorParams[] = [
      { category: 'M' },
      { day: 8, time: '08:00' },
      { day: 2, time: 'soon' },
    ];
    for (const params of [...unreadable, { day: '2', time: '08:00' }])
      expect(issueErrorText(failure('CATEGORY_CLOSED', params), 'en')).toBe(STRINGS.en.issueClosed);
  });

  it('says in how many seconds to try again, with the plural form each language needs', () => {
    const wait = (n: number, lang: (typeof KIOSK_LANGUAGES)[number]) =>
      issueErrorText(failure('RATE_LIMITED', { retryAfterSeconds: n }), lang);
    expect([1, 2, 5, 12, 22, 25].map((n) => wait(n, 'pl'))).toEqual(
      ['1 sekundę', '2 sekundy', '5 sekund', '12 sekund', '22 sekundy', '25 sekund'].map(
        (w) => `Za dużo numerków naraz. Spróbuj ponownie za ${w}.`,
      ),
    );
    expect([1, 3, 11, 21, 30].map((n) => wait(n, 'uk'))).toEqual(
      ['1 секунду', '3 секунди', '11 секунд', '21 секунду', '30 секунд'].map(
        (w) => `Забагато талонів одночасно. Спробуйте знову через ${w}.`,
      ),
    );
    expect([1, 30].map((n) => wait(n, 'en'))).toEqual([
      'Too many tickets at once. Please try again in 1 second.',
      'Too many tickets at once. Please try again in 30 seconds.',
    ]);
    for (const bad of [0, -3, 1.5]) expect(wait(bad, 'pl')).toBe(STRINGS.pl.issueRateLimited);
  });

  it('says until when a service takes clients today when the wait would pass its closing', () => {
    const past = failure('WAIT_PAST_CLOSING', { category: 'F', time: '15:30' });
    expect(issueErrorText(past, 'pl')).toBe('Tę sprawę załatwiamy dziś do 15:30. Nie zdążymy Cię obsłużyć.');
    expect(issueErrorText(past, 'en')).toBe(
      'This service is open until 15:30 today. We cannot serve you in time.',
    );
    expect(issueErrorText(past, 'uk')).toBe(
      'Цю послугу сьогодні надають до 15:30. Ми не встигнемо вас обслужити.',
    );
  });

  it('has a sentence in every language for every error code a pairing link can be refused with', () => {
    for (const code of CODES) expectSentenceInEach((lang) => pairingErrorText(code, lang), code);
    expect(pairingErrorText('PAIRING_CODE_EXPIRED', 'en')).toBe(STRINGS.en.pairingExpired);
    expect(pairingErrorText('PAIRING_CODE_USED', 'uk')).toBe(STRINGS.uk.pairingUsed);
    expect(pairingErrorText('PAIRING_CODE_UNKNOWN', 'pl')).toBe(STRINGS.pl.pairingInvalid);
  });
});

describe('a category tile', () => {
  const tile = (over: Partial<PublicCategory>): PublicCategory => ({
    id: 'c1',
    prefix: 'Z',
    names: { pl: 'Sprawy Z' },
    descriptions: {},
    pictogram: null,
    displayOrder: 0,
    open: true,
    status: 'open',
    openingHours: null,
    waiting: 0,
    estimatedWait: { minMinutes: 0, maxMinutes: 13 },
    nobodyServing: false,
    bookable: false,
    ...over,
  });

  it('gives the wait of an open service, or says that no counter serves it now, in words', () => {
    expect(categoryView(tile({ waiting: 2 }), 'pl')).toEqual({
      available: true,
      badge: '',
      detail: 'Czeka: 2 osoby. Czas czekania: do 13 min.',
    });
    for (const lang of KIOSK_LANGUAGES) {
      const v = categoryView(tile({ waiting: 2, nobodyServing: true }), lang);
      // A ticket can still be taken: the client is told it waits until a counter opens.
      expect(v.available).toBe(true);
      expect(v.badge).toBe('');
      expect(v.detail).toContain(STRINGS[lang].nobodyServing);
      expect(v.detail).not.toContain('13');
    }
    expect(categoryView(tile({ nobodyServing: true }), 'en').detail).toBe(
      'Waiting: 0 people. No counter is serving this matter right now. We will call you when one opens.',
    );
  });

  it('says on the ticket that no counter serves the matter now instead of the range, in each language', () => {
    const issued: IssuedTicket = {
      id: 't1',
      code: 'F001',
      categoryId: 'c1',
      priority: false,
      issuedAt: '2026-11-23T06:00:00.000Z',
      language: 'pl',
      peopleAhead: 0,
      estimatedWait: { minMinutes: 0, maxMinutes: 10 },
      nobodyServing: false,
      statusUrl: 'http://localhost/t/t1',
      counters: [{ id: 'k5', name: 'Stanowisko 5', number: 5 }],
      interpreter: false,
      print: { state: 'printed', reason: null },
    };
    expect(waitOf(issued, 'pl')).toBe('do 10 min');
    for (const lang of KIOSK_LANGUAGES)
      expect(waitOf({ ...issued, nobodyServing: true }, lang)).toBe(STRINGS[lang].nobodyServing);
    expect(STRINGS.pl.nobodyServing).toBe(
      'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
    );
    expect(STRINGS.en.nobodyServing).toBe(
      'No counter is serving this matter right now. We will call you when one opens.',
    );
    expect(STRINGS.uk.nobodyServing).toBe(
      'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
    );
  });

  it('shows a service no counter handles as unavailable, in words, without a wait', () => {
    for (const lang of KIOSK_LANGUAGES) {
      const v = categoryView(tile({ status: 'no_counter' }), lang);
      expect(v).toEqual({
        available: false,
        badge: STRINGS[lang].unavailable,
        detail: STRINGS[lang].noCounter,
      });
      expect(v.detail).not.toContain('13');
    }
  });

  it('shows a closed service saved with no hours as closed, never as always open', () => {
    for (const lang of KIOSK_LANGUAGES) {
      const v = categoryView(tile({ status: 'closed', open: false, openingHours: [] }), lang);
      expect(v.available).toBe(false);
      expect(v.badge).toBe(STRINGS[lang].closed);
      expect(v.detail).toBe(`${STRINGS[lang].noHours}.`);
      expect(v.detail).not.toContain(STRINGS[lang].alwaysOpen);
    }
  });
});
