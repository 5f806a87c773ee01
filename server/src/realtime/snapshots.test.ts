import { DEFAULT_DISPLAY_SETTINGS, type Category } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { callKeys } from './call-key.ts';
import type { CallRow } from './realtime.repository.ts';
import { buildDisplaySnapshot, callPasses, filterKey, waitingList } from './snapshots.ts';

const counters = new Map([
  ['k1', { id: 'k1', name: 'Stanowisko 1', number: 1 }],
  ['k2', { id: 'k2', name: 'Stanowisko 2', number: 2 }],
]);
const category = (id: string, prefix: string, displayOrder: number, active = true) =>
  ({ id, prefix, names: { pl: prefix }, active, displayOrder }) as unknown as Category;
const row = (ticket: string, counter: string, at: number, type: CallRow['type'] = 'called'): CallRow => ({
  ticket_id: ticket,
  code: `A00${ticket}`,
  category_id: 'ca',
  counter_id: counter,
  at,
  type,
});
const office = { id: 'o', name: 'Urząd', timeZone: 'Europe/Warsaw' };
const keyOf = callKeys(Buffer.alloc(32, 1));

describe('display snapshots', () => {
  it('keeps one line per ticket (its latest call) and drops calls to removed counters', () => {
    const s = buildDisplaySnapshot({
      seq: 7,
      now: 0,
      office,
      display: { id: null, name: 'Urząd', settings: DEFAULT_DISPLAY_SETTINGS },
      counters,
      categories: [category('ca', 'A', 1)],
      waiting: new Map([['ca', 3]]),
      calls: [row('1', 'k1', 30, 'recalled'), row('2', 'k9', 20), row('1', 'k1', 10)],
      keyOf,
    });
    expect(s.seq).toBe(7);
    expect(s.calls.map((c) => [c.key, c.code, c.recall])).toEqual([[keyOf('1'), 'A001', true]]);
    expect(s.calls[0]).not.toHaveProperty('ticketId');
    expect(s.waiting).toEqual([{ categoryId: 'ca', prefix: 'A', names: { pl: 'A' }, waiting: 3 }]);
  });

  it('applies a display filter to calls, counters and waiting counts', () => {
    const settings = { ...DEFAULT_DISPLAY_SETTINGS, counterIds: ['k2'] };
    const s = buildDisplaySnapshot({
      seq: 1,
      now: 0,
      office,
      display: { id: 'd', name: 'TV', settings },
      counters,
      categories: [category('ca', 'A', 1)],
      waiting: new Map(),
      calls: [row('1', 'k1', 30), row('2', 'k2', 20)],
      keyOf,
    });
    expect(s.calls.map((c) => c.code)).toEqual(['A002']);
    expect(s.counters.map((c) => c.id)).toEqual(['k2']);
    expect(callPasses(settings, 'ca', 'k1')).toBe(false);
  });

  it('groups displays by filter, order-insensitively', () => {
    expect(filterKey(DEFAULT_DISPLAY_SETTINGS)).toBe('all');
    expect(filterKey({ categoryIds: ['b', 'a'], counterIds: null })).toBe(
      filterKey({ categoryIds: ['a', 'b'], counterIds: null }),
    );
  });

  it('lists active categories in display order', () => {
    const list = waitingList(
      [category('c2', 'R', 2), category('c1', 'A', 1), category('c3', 'X', 0, false)],
      new Map([['c2', 4]]),
      { categoryIds: null, counterIds: null },
    );
    expect(list.map((w) => [w.prefix, w.waiting])).toEqual([
      ['A', 0],
      ['R', 4],
    ]);
  });
});
