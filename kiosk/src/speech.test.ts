import type { IssuedTicket, PublicCategory, PublicPriorityGroup } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { countPeople } from './i18n.ts';
import { EMPTY_STATE, SCREENS, idleSeconds, warningSeconds, type KioskState } from './model.ts';
import { speechFor } from './speech.ts';

const category = (over: Partial<PublicCategory>): PublicCategory => ({
  id: 'c1',
  prefix: 'A',
  names: { pl: 'Dowody osobiste', en: 'ID cards', uk: 'Посвідчення особи' },
  descriptions: {},
  pictogram: 'id-card',
  displayOrder: 0,
  open: true,
  status: 'open',
  bookable: false,
  openingHours: null,
  waiting: 3,
  estimatedWait: { minMinutes: 10, maxMinutes: 20 },
  nobodyServing: false,
  ...over,
});

const groups: PublicPriorityGroup[] = [
  { id: 'g1', names: { pl: 'Kobiety w ciąży', en: 'Pregnant women' }, pictogram: 'pregnancy' },
];

const ticket = (over: Partial<IssuedTicket> = {}): IssuedTicket => ({
  id: 't1',
  code: 'A017',
  categoryId: 'c1',
  priority: false,
  issuedAt: '2026-11-23T08:00:00.000Z',
  language: 'pl',
  peopleAhead: 5,
  estimatedWait: { minMinutes: 10, maxMinutes: 20 },
  nobodyServing: false,
  statusUrl: 'http://localhost/t/t1',
  counters: [
    { id: 'k2', name: 'Stanowisko 2', number: 2 },
    { id: 'k1', name: 'Stanowisko 1', number: 1 },
  ],
  interpreter: false,
  print: { state: 'printed', reason: null },
  ...over,
});

const state = (over: Partial<KioskState> = {}): KioskState => ({
  ...EMPTY_STATE,
  categories: [
    category({}),
    category({
      id: 'c2',
      prefix: 'F',
      names: { pl: 'Podatki i opłaty', en: 'Taxes and fees' },
      status: 'closed',
      open: false,
      openingHours: [{ day: 1, open: '08:00', close: '17:00' }],
    }),
    category({ id: 'c3', prefix: 'P', names: { pl: 'Prawa jazdy' }, status: 'limit_reached', open: false }),
    category({ id: 'c4', prefix: 'M', names: { pl: 'Meldunek' }, status: 'closing', open: false }),
  ],
  groups,
  ...over,
});

describe('speechFor', () => {
  it('speaks the issued ticket: number, category, people ahead, wait, where to go', () => {
    const text = speechFor('ticket', state({ ticket: ticket() }), 'pl');
    expect(text).toBe(
      'Twój numer: A 17. Sprawa: Dowody osobiste. Przed Tobą: 5 osób. ' +
        'Czas czekania: ok. 10–20 min. ' +
        'Gdzie iść: Stanowiska 1, 2. Patrz na ekran w poczekalni. Pokaże Twój numer i stanowisko. ' +
        'Weź swój numerek z drukarki poniżej.',
    );
    const en = speechFor('ticket', state({ ticket: ticket({ peopleAhead: 1, language: 'en' }) }), 'en');
    expect(en).toContain('Your number: A 17. Service: ID cards. People ahead of you: 1 person.');
    const uk = speechFor('ticket', state({ ticket: ticket({ peopleAhead: 2 }) }), 'uk');
    expect(uk).toContain('Ваш номер: A 17. Послуга: Посвідчення особи. Перед вами: 2 особи.');
  });

  it('says, instead of the wait, that no counter serves the matter now, in each language', () => {
    const nobody = ticket({
      peopleAhead: 0,
      estimatedWait: { minMinutes: 0, maxMinutes: 10 },
      nobodyServing: true,
    });
    const pl = speechFor('ticket', state({ ticket: nobody }), 'pl');
    expect(pl).toContain(
      'Przed Tobą: 0 osób. Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy. Gdzie iść',
    );
    expect(pl).not.toContain('Czas czekania');
    expect(speechFor('ticket', state({ ticket: nobody }), 'en')).toContain(
      'No counter is serving this matter right now. We will call you when one opens.',
    );
    expect(speechFor('ticket', state({ ticket: nobody }), 'uk')).toContain(
      'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
    );
    for (const lang of ['pl', 'en', 'uk'] as const)
      expect(speechFor('ticket', state({ ticket: nobody }), lang)).not.toMatch(/0–10/);
  });

  it('tells the client plainly when the printer failed, instead of "take your ticket"', () => {
    const failed = ticket({ print: { state: 'failed', reason: 'paper_out' } });
    const text = speechFor('ticket', state({ ticket: failed }), 'en');
    expect(text).toContain(
      'The printer is out of paper. Please note your number, take a photo of this screen or scan the code.',
    );
    expect(text).not.toContain('Take your ticket');
  });

  it('says the ticket is printing while the printer has not answered, and not yet to take it', () => {
    const pending = ticket({ print: { state: 'pending', reason: null } });
    const text = speechFor('ticket', state({ ticket: pending }), 'uk');
    expect(text).toContain('Ваш номер: A 17.');
    expect(text.endsWith('Друкуємо талон…')).toBe(true);
    expect(text).not.toContain('Візьміть талон');
  });

  it('mentions the interpreter request on the ticket', () => {
    const text = speechFor('ticket', state({ ticket: ticket({ interpreter: true }) }), 'pl');
    expect(text).toContain('Urzędnik wie, że potrzebujesz tłumacza PJM.');
  });

  it('reads every category with its state, hours or reason', () => {
    const text = speechFor('categories', state(), 'pl');
    expect(text).toBe(
      'Wybierz sprawę. Dowody osobiste: Czeka: 3 osoby. Czas czekania: ok. 10–20 min. ' +
        'Podatki i opłaty: Zamknięte. Otwarte pn 8:00–17:00. ' +
        'Prawa jazdy: Niedostępne. Na dziś wydano już wszystkie numerki. ' +
        'Meldunek: Niedostępne. Urząd niedługo się zamyka. Nie zdążymy Cię obsłużyć.',
    );
    expect(speechFor('categories', state(), 'en')).toContain('Taxes and fees: Closed. Open Mon 8:00–17:00.');
    // A name missing in a language falls back to Polish.
    expect(speechFor('categories', state(), 'en')).toContain('Prawa jazdy: Unavailable.');
  });

  it('offers "no priority" first, every group, and the interpreter with its state', () => {
    expect(speechFor('priority', state(), 'en')).toBe(
      'Do you have priority in the queue? You do not need to show anything or give any details. ' +
        'No, a regular ticket. Yes, I have priority: Pregnant women. ' +
        'I need a Polish Sign Language (PJM) interpreter: off.',
    );
    expect(speechFor('priority', state({ interpreter: true }), 'pl')).toMatch(/\(PJM\): włączone\.$/);
  });

  it('has words for every screen in every language', () => {
    for (const screen of SCREENS)
      for (const lang of ['pl', 'en', 'uk'] as const) {
        const s = screen === 'ticket' ? state({ ticket: ticket() }) : state();
        expect(speechFor(screen, s, lang).length, `${screen} ${lang}`).toBeGreaterThan(10);
      }
    expect(speechFor('unpaired', state(), 'pl')).toContain('Poproś dział IT');
    expect(speechFor('outOfOrder', state(), 'en')).toContain('Please ask at the information desk');
    expect(speechFor('pairingFailed', state({ pairingError: 'PAIRING_CODE_EXPIRED' }), 'en')).toBe(
      'This pairing link cannot be used. The link has expired: it works for 24 hours only. Please ask the office IT for a new link.',
    );
    expect(speechFor('pairingFailed', state({ pairingError: 'PAIRING_CODE_USED' }), 'uk')).toContain(
      'уже скористалися',
    );
    const limit = { code: 'DAILY_LIMIT_REACHED', params: { category: 'A', count: 150 } } as const;
    expect(speechFor('issueError', state({ issueFailure: limit }), 'pl')).toContain(
      'wydano już wszystkie numerki',
    );
  });
});

describe('countPeople', () => {
  it('uses each language’s plural forms', () => {
    expect([0, 1, 2, 5, 12, 22, 25].map((n) => countPeople(n, 'pl'))).toEqual([
      '0 osób',
      '1 osoba',
      '2 osoby',
      '5 osób',
      '12 osób',
      '22 osoby',
      '25 osób',
    ]);
    expect([1, 3, 5, 21].map((n) => countPeople(n, 'uk'))).toEqual([
      '1 особа',
      '3 особи',
      '5 осіб',
      '21 особа',
    ]);
    expect([0, 1, 2].map((n) => countPeople(n, 'en'))).toEqual(['0 people', '1 person', '2 people']);
  });
});

describe('timeouts (K7)', () => {
  it('warns for at least 20 s, longer with speech; never times out on the start screen', () => {
    expect(warningSeconds(false)).toBeGreaterThanOrEqual(20);
    expect(warningSeconds(true)).toBeGreaterThan(warningSeconds(false));
    expect(idleSeconds('language', false, null)).toBeNull();
    expect(idleSeconds('outOfOrder', false, null)).toBeNull();
    expect(idleSeconds('categories', true, null)).toBe(2 * (idleSeconds('categories', false, null) ?? 0));
    const failed = ticket({ print: { state: 'failed', reason: 'paper_out' } });
    expect(idleSeconds('ticket', false, failed) ?? 0).toBeGreaterThan(
      idleSeconds('ticket', false, ticket()) ?? 0,
    );
  });
});
