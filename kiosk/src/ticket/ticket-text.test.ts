import type { PublicTicket } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { headline, pollDelayMs, TICKET_TEXT } from './ticket-text.ts';

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
  categoryNames: { pl: 'Dowody osobiste' },
  officeName: 'Urząd',
};

describe('the ticket page text', () => {
  it('says where to go when called, in each language', () => {
    const called = {
      ...base,
      state: 'called' as const,
      counter: { id: 'k', name: 'Stanowisko 5', number: 5 },
    };
    expect(headline(called, 'pl')).toBe('Zapraszamy! Podejdź do: Stanowisko 5 (nr 5)');
    expect(headline(called, 'en')).toBe('It is your turn! Please go to: Stanowisko 5 (no. 5)');
    expect(headline(called, 'uk')).toBe('Ваша черга! Підійдіть до: Stanowisko 5 (№ 5)');
  });

  it('counts people ahead plainly', () => {
    expect(TICKET_TEXT.pl.ahead(0)).toBe('Jesteś następny');
    expect(TICKET_TEXT.en.ahead(1)).toBe('1 person ahead of you');
    expect(TICKET_TEXT.en.wait(10, 20)).toBe('Estimated wait: 10–20 min');
  });

  it('asks more often when the turn is near', () => {
    expect(pollDelayMs({ ...base, peopleAhead: 1 })).toBeLessThan(pollDelayMs(base));
    expect(pollDelayMs({ ...base, state: 'finished' })).toBeGreaterThan(pollDelayMs(base));
  });
});
