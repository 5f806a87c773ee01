import type { PauseReason } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { estimate, newRegular, NOW, settings, tenRegulars, ticket } from './queue-factories.ts';
import {
  estimateWaitInOffice,
  PROJECTION_LIMIT,
  reachOf,
  servesNow,
  type EstimateCounter,
  waitRange,
  type OfficeEstimateInput,
} from './wait-estimate.ts';

describe('estimateWaitInOffice: counters serving several categories', () => {
  const counter = (id: string, categoryIds: string[]): EstimateCounter => ({
    id,
    categoryIds,
    consecutivePriorityCalls: 0,
  });
  const office = (over: Partial<OfficeEstimateInput> & Pick<OfficeEstimateInput, 'ticket'>) =>
    estimateWaitInOffice({
      waiting: [],
      openCounters: [],
      configuredCounters: [],
      meanServiceMinutes: { A: 5, B: 10 },
      defaultServiceMinutes: 5,
      settings: settings(),
      now: NOW,
      ...over,
    });

  it('finds the counters and categories a ticket’s wait depends on', () => {
    const k1 = counter('1', ['A']);
    const k2 = counter('2', ['A', 'B']);
    const k3 = counter('3', ['B', 'C']);
    const k4 = counter('4', ['D']);
    const reach = reachOf(newRegular, [k1, k2, k3, k4], []);
    expect(reach.mine).toEqual([k1, k2]);
    expect(reach.counters.map((k) => k.id).sort()).toEqual(['1', '2', '3']);
    expect([...reach.categories].sort()).toEqual(['A', 'B', 'C']);
    // None open for A: the configured counters stand in.
    expect(reachOf(newRegular, [k4], [k1, k4]).mine).toEqual([k1]);
    // A ticket transferred to counter 3 is that counter's alone.
    expect(reachOf(ticket('A001', 1, { targetCounterId: '3' }), [k1, k2, k3], []).mine).toEqual([k3]);
  });

  it('is the per-category estimate when the ticket’s counters serve only its category', () => {
    const open = [counter('1', ['A']), counter('2', ['A']), counter('3', ['B'])];
    const others = [ticket('B001', 30, { categoryId: 'B' }), ticket('B002', 20, { categoryId: 'B' })];
    expect(office({ ticket: newRegular, waiting: [...tenRegulars, ...others], openCounters: open })).toEqual(
      estimate({
        ticket: newRegular,
        waiting: tenRegulars,
        servers: 2,
        configuredServers: 2,
        meanServiceMinutes: 5,
      }),
    );
  });

  it('counts the other category’s clients a shared counter calls first, and their service time', () => {
    // One counter serves A (5 min) and B (10 min). B001 waited 10 min, A001 5 min, mine is new:
    // the counter calls B001 (score 10 > 5), then A001 at +10 min (15 > 10), then mine at +15.
    const waiting = [ticket('B001', 10, { categoryId: 'B' }), ticket('A001', 5)];
    const result = office({ ticket: newRegular, waiting, openCounters: [counter('1', ['A', 'B'])] });
    // Two people ahead, 15 minutes of counter time: the range of waitRange(2, 7.5).
    expect(result).toEqual(waitRange(2, 7.5));
    expect(result.minMinutes).toBeLessThanOrEqual(15);
    expect(result.maxMinutes).toBeGreaterThanOrEqual(15 + 7.5);
    // Counting A alone would have promised about 5 minutes.
    expect(
      estimate({ ticket: newRegular, waiting: [ticket('A001', 5)], meanServiceMinutes: 5 }).peopleAhead,
    ).toBe(1);
  });

  it('follows the policy: a priority ticket overtakes the other category’s younger clients too', () => {
    const shared = [counter('1', ['A', 'B'])];
    const waiting = [ticket('B001', 6, { categoryId: 'B' }), ticket('B002', 2, { categoryId: 'B' })];
    const priority = ticket('A012', 3, { weight: 4 });
    // Now: B001 scores 6, the priority ticket 12: it is called first.
    expect(office({ ticket: priority, waiting, openCounters: shared }).peopleAhead).toBe(0);
    const regular = ticket('A013', 3);
    // A regular ticket that waited 3 min is behind B001 (6) but ahead of B002 (2 → 12 at +10).
    expect(office({ ticket: regular, waiting, openCounters: shared }).peopleAhead).toBe(1);
  });

  it('lets the other counters in reach take their share of the shared category', () => {
    // Counter 2 serves only B, so counter 1 is free for A sooner than if it were alone with B.
    const waiting = [
      ticket('B001', 12, { categoryId: 'B' }),
      ticket('B002', 11, { categoryId: 'B' }),
      ticket('A001', 5),
    ];
    const alone = office({ ticket: newRegular, waiting, openCounters: [counter('1', ['A', 'B'])] });
    const helped = office({
      ticket: newRegular,
      waiting,
      openCounters: [counter('1', ['A', 'B']), counter('2', ['B'])],
    });
    expect(helped.peopleAhead).toBeLessThan(alone.peopleAhead);
    expect(helped.maxMinutes).toBeLessThan(alone.maxMinutes);
  });

  it('falls back to counting above the projection limit', () => {
    const many = Array.from({ length: PROJECTION_LIMIT + 1 }, (_, i) =>
      ticket(`B${i}`, 60 - i / 100, { categoryId: 'B' }),
    );
    const result = office({ ticket: newRegular, waiting: many, openCounters: [counter('1', ['A', 'B'])] });
    expect(result).toEqual(estimate({ ticket: newRegular, meanServiceMinutes: 5 }));
  });

  it('waits for a counter paused for a break or the back office, not for one paused for the end of the day', () => {
    const at = (id: string, state: 'open' | 'closed' | 'paused', pauseReason: PauseReason | null = null) => ({
      ...counter(id, ['A']),
      open: state === 'open',
      paused: state === 'paused',
      pauseReason,
    });
    const counters = [
      at('1', 'open'),
      at('2', 'paused', 'break'),
      at('3', 'paused', 'back_office'),
      at('4', 'paused', 'end_of_day'),
      at('5', 'closed'),
    ];
    expect(counters.filter(servesNow).map((k) => k.id)).toEqual(['1', '2', '3']);

    // Ten wait for A; counter 1 is open and counter 2 is set up too. With 2 on a break both share
    // the ten; with 2 gone for the day counter 1 serves them alone, which takes twice as long.
    const configured = [counter('1', ['A']), counter('2', ['A'])];
    const withPause = (reason: PauseReason) =>
      office({
        ticket: newRegular,
        waiting: tenRegulars,
        openCounters: [at('1', 'open'), at('2', 'paused', reason)].filter(servesNow),
        configuredCounters: configured,
      });
    expect(withPause('break')).toEqual(waitRange(10, 5 / 2));
    expect(withPause('end_of_day')).toEqual(waitRange(10, 5));
  });
});
