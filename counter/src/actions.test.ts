import type { Counter, CounterDetail, StaffTicket } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { ACTIONS, SHORTCUTS, actionForKey, availability, waitingTotal } from './actions.ts';
import { STRINGS, fmt } from './i18n.ts';
import { parseRoute } from './route.ts';

const counter = (over: Partial<Counter> = {}): Counter => ({
  id: 'c1',
  officeId: 'o1',
  name: 'Stanowisko 1',
  number: 1,
  categoryIds: ['a', 'm'],
  accessibility: { inductionLoop: false, lowDesk: false, signLanguage: false },
  active: true,
  state: 'open',
  clerk: { id: 'u1', displayName: 'Anna' },
  servingCategoryIds: ['a'],
  pauseReason: null,
  currentTicketId: null,
  stateSince: null,
  ...over,
});

const ticket = (over: Partial<StaffTicket> = {}): StaffTicket => ({
  id: 't1',
  code: 'A001',
  categoryId: 'a',
  priority: false,
  weight: 1,
  state: 'waiting',
  language: 'pl',
  counterId: null,
  targetCounterId: null,
  parentTicketId: null,
  note: null,
  issuedAt: '2026-11-23T08:00:00.000Z',
  queuedAt: '2026-11-23T08:00:00.000Z',
  calledAt: null,
  startedAt: null,
  finishedAt: null,
  recallCount: 0,
  waitedMinutes: 0,
  callReason: null,
  callDecision: null,
  estimatedWait: { minMinutes: 0, maxMinutes: 5 },
  interpreter: false,
  ...over,
});

const detail = (over: Partial<CounterDetail> = {}): CounterDetail => ({
  counter: counter(),
  ticket: null,
  waiting: [],
  waitingCounts: [{ categoryId: 'a', waiting: 0, longestWaitMinutes: null }],
  ...over,
});

const enabled = (d: CounterDetail) => ACTIONS.filter((a) => availability(d)[a]);

describe('keyboard shortcuts', () => {
  it('gives every action its own letter, in either case', () => {
    expect(new Set(Object.values(SHORTCUTS)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) {
      expect(actionForKey(SHORTCUTS[a].toLowerCase())).toBe(a);
      expect(actionForKey(SHORTCUTS[a])).toBe(a);
    }
    expect(actionForKey('Enter')).toBeNull();
    expect(actionForKey('q')).toBeNull();
  });
});

describe('which actions apply', () => {
  it('an open counter with nobody called: next, pause, and call chosen when someone waits', () => {
    expect(enabled(detail())).toEqual(['next', 'pause']);
    expect(enabled(detail({ waiting: [ticket()] }))).toEqual(['next', 'pause', 'call']);
  });

  it('a called client can be recalled, started, marked a no-show or transferred; not a second next', () => {
    const d = detail({ ticket: ticket({ state: 'called' }), waiting: [ticket({ id: 't2' })] });
    expect(enabled(d)).toEqual(['recall', 'start', 'no-show', 'transfer', 'pause']);
  });

  it('a client being served can be finished or transferred', () => {
    expect(enabled(detail({ ticket: ticket({ state: 'serving' }) }))).toEqual([
      'finish',
      'transfer',
      'pause',
    ]);
  });

  it('a paused counter can only resume (the pause key)', () => {
    expect(enabled(detail({ counter: counter({ state: 'paused', pauseReason: 'break' }) }))).toEqual([
      'pause',
    ]);
  });
});

describe('waiting total', () => {
  it('adds up the counts of every category, not the tickets listed', () => {
    const d = detail({
      waiting: [ticket({ id: '1', waitedMinutes: 12.4 })],
      waitingCounts: [
        { categoryId: 'a', waiting: 4_000, longestWaitMinutes: 12.4 },
        // Transferred to this counter from a category it does not serve today.
        { categoryId: 'm', waiting: 1, longestWaitMinutes: 1 },
      ],
    });
    expect(waitingTotal(d)).toBe(4_001);
    expect(waitingTotal(detail())).toBe(0);
  });
});

describe('strings', () => {
  it('every language has every string, and the placeholders match Polish', () => {
    const placeholders = (s: unknown) =>
      JSON.stringify(s)
        .match(/\{\w+\}/g)
        ?.sort() ?? [];
    for (const lang of ['en', 'uk'] as const) {
      expect(Object.keys(STRINGS[lang]).sort()).toEqual(Object.keys(STRINGS.pl).sort());
      for (const key of Object.keys(STRINGS.pl) as Array<keyof typeof STRINGS.pl>)
        expect(placeholders(STRINGS[lang][key]), `${lang}.${key}`).toEqual(placeholders(STRINGS.pl[key]));
    }
    expect(fmt('Wywołano {code}.', { code: 'A001' })).toBe('Wywołano A001.');
  });
});

describe('routes', () => {
  it('reads console sections and the clerk panel from the hash', () => {
    expect(parseRoute('')).toEqual({ kind: 'panel' });
    expect(parseRoute('#/')).toEqual({ kind: 'panel' });
    expect(parseRoute('#/console')).toEqual({ kind: 'console', section: 'dashboard', arg: null });
    expect(parseRoute('#/console/ticket/abc_1')).toEqual({
      kind: 'console',
      section: 'ticket',
      arg: 'abc_1',
    });
  });
});
