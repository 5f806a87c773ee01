import { ERROR_CODES, type PublicTicket } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { describe, expect, it } from 'vitest';
import {
  aheadText,
  headline,
  pollDelayMs,
  problemText,
  TICKET_LANGUAGES,
  TICKET_TEXT,
  waitLine,
  waitText,
} from './ticket-text.ts';

const base: PublicTicket = {
  id: 'x',
  code: 'A017',
  categoryId: 'c',
  state: 'waiting',
  language: 'pl',
  issuedAt: '2026-11-23T08:00:00.000Z',
  calledAt: null,
  peopleAhead: 3,
  estimatedWait: { minMinutes: 10, maxMinutes: 20 },
  counter: null,
  nobodyServing: false,
  categoryNames: { pl: 'Dowody osobiste' },
  officeName: 'Urząd',
  officeTimeZone: 'Europe/Warsaw',
};

describe('the ticket page text', () => {
  it('says where to go when called, in each language', () => {
    const called = {
      ...base,
      state: 'called' as const,
      counter: { id: 'k', name: 'Stanowisko 5', number: 5 },
    };
    expect(headline(called, 'pl')).toBe('Twoja kolej! Podejdź do: Stanowisko 5 (nr 5)');
    expect(headline(called, 'en')).toBe('It is your turn! Please go to: Stanowisko 5 (no. 5)');
    expect(headline(called, 'uk')).toBe('Ваша черга! Підійдіть до: Stanowisko 5 (№ 5)');
  });

  it('counts people ahead with the plural form of each language', () => {
    expect([0, 1, 2, 5, 22].map((n) => aheadText(n, 'pl'))).toEqual([
      'Przed Tobą nikt nie czeka',
      'Przed Tobą czeka 1 osoba',
      'Przed Tobą czekają 2 osoby',
      'Przed Tobą czeka 5 osób',
      'Przed Tobą czekają 22 osoby',
    ]);
    expect([1, 3, 5].map((n) => aheadText(n, 'uk'))).toEqual([
      'Перед вами 1 особа',
      'Перед вами 3 особи',
      'Перед вами 5 осіб',
    ]);
    expect(aheadText(1, 'en')).toBe('1 person ahead of you');
    expect(waitText(10, 20, 'en')).toBe('You will wait about 10–20 min');
  });

  it('says, instead of a wait, when no counter serves the matter now, in each language', () => {
    expect(waitLine(base, 'pl')).toBe('Poczekasz ok. 10–20 min');
    const nobody = { ...base, nobodyServing: true };
    expect(waitLine(nobody, 'pl')).toBe(
      'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
    );
    expect(waitLine(nobody, 'en')).toBe(
      'No counter is serving this matter right now. We will call you when one opens.',
    );
    expect(waitLine(nobody, 'uk')).toBe(
      'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
    );
    expect(
      waitLine({ ...nobody, peopleAhead: 0, estimatedWait: { minMinutes: 0, maxMinutes: 10 } }, 'en'),
    ).toBe(TICKET_TEXT.en.nobodyServing);
    expect(waitLine({ ...base, estimatedWait: null }, 'en')).toBeNull();
  });

  it('has a sentence in every language for every error the page can get, never the same in two', () => {
    const codes: ApiErrorCode[] = [...(Object.keys(ERROR_CODES) as ApiErrorCode[]), 'NETWORK'];
    for (const code of codes) {
      const sentences = TICKET_LANGUAGES.map((lang) => problemText(code, lang));
      for (const s of sentences) expect(s, code).toMatch(/\p{L}{3}/u);
      expect(new Set(sentences).size, code).toBe(3);
    }
    expect(problemText('NOT_FOUND', 'pl')).toBe(TICKET_TEXT.pl.notFound);
    expect(problemText('NETWORK', 'uk')).toBe(TICKET_TEXT.uk.offline);
    expect(problemText('RATE_LIMITED', 'en')).toBe(TICKET_TEXT.en.retry);
  });

  it('asks more often when the turn is near', () => {
    expect(pollDelayMs({ ...base, peopleAhead: 1 })).toBeLessThan(pollDelayMs(base));
    expect(pollDelayMs({ ...base, state: 'finished' })).toBeGreaterThan(pollDelayMs(base));
  });
});
