import { describe, expect, it } from 'vitest';
import {
  estimate,
  MIN,
  newPriority,
  newRegular,
  NOW,
  settings,
  tenRegulars,
  ticket,
} from './queue-factories.ts';
import {
  estimateWaitInOffice,
  EXPECTED_HORIZON_MINUTES,
  EXPECTED_RATE_SHARE,
  expectedPriorityArrivals,
  expectedWalkInsBefore,
  PRIORITY_RANGE,
  RANGE_MAX_WIDTH,
  rangeShapeOf,
  REGULAR_RANGE,
  waitRange,
  type EstimateCounter,
} from './wait-estimate.ts';

/** A booking of category A not yet checked in, its slot `inMinutes` from NOW. */
const due = (name: string, inMinutes: number, categoryId = 'A') => ({
  id: `booking:${name}`,
  code: `booking:${name}`,
  categoryId,
  weight: 1,
  queuedAt: NOW + inMinutes * MIN,
  targetCounterId: null,
  booked: true as const,
});
const bookedRules = settings({
  booked: { A: { weight: 3, maxWaitMinutes: 5 }, B: { weight: 3, maxWaitMinutes: 5 } },
});

describe('the estimate counts the tickets expected to join', () => {
  const three = tenRegulars.slice(7); // waited 3, 2 and 1 minutes

  it('counts a booked client whose slot falls before the walk-in’s call, at the booked weight', () => {
    const without = estimate({ ticket: newRegular, waiting: three, settings: bookedRules });
    // One counter, 4 minutes a client: the walk-in is called at about 12 minutes. A booking at
    // +2 minutes outranks it from then on (3 × (t − 2) > t once t > 3) and goes first.
    const counted = estimate({
      ticket: newRegular,
      waiting: three,
      expected: [due('b1', 2)],
      settings: bookedRules,
    });
    expect(without.peopleAhead).toBe(3);
    expect(counted.peopleAhead).toBe(4);
    expect(counted.maxMinutes).toBeGreaterThan(without.maxMinutes);
  });

  it('does not count a booking whose slot comes after the walk-in has been called', () => {
    const later = estimate({
      ticket: newRegular,
      waiting: three,
      expected: [due('b1', 90)],
      settings: bookedRules,
    });
    expect(later).toEqual(estimate({ ticket: newRegular, waiting: three, settings: bookedRules }));
  });

  it('never counts an expected ticket before it comes', () => {
    // Nobody waits: the new ticket is called first whatever is expected later.
    expect(
      estimate({ ticket: newRegular, expected: [due('b1', 1)], settings: bookedRules }).peopleAhead,
    ).toBe(0);
  });

  it('counts a booking of another category on a shared counter', () => {
    const shared: EstimateCounter[] = [{ id: '1', categoryIds: ['A', 'B'], consecutivePriorityCalls: 0 }];
    const input = {
      ticket: newRegular,
      waiting: three,
      openCounters: shared,
      configuredCounters: shared,
      meanServiceMinutes: { A: 4, B: 4 },
      defaultServiceMinutes: 4,
      settings: bookedRules,
      now: NOW,
    };
    expect(estimateWaitInOffice(input).peopleAhead).toBe(3);
    expect(estimateWaitInOffice({ ...input, expected: [due('b1', 2, 'B')] }).peopleAhead).toBe(4);
  });

  it('expects three quarters of the last hour’s priority tickets, evenly over the horizon', () => {
    const expected = expectedPriorityArrivals('A', 8, 4, NOW);
    // 8 an hour seen, 6 an hour expected: one every 10 minutes from +5 over the horizon.
    expect(EXPECTED_RATE_SHARE).toBe(0.75);
    expect(expected).toHaveLength((EXPECTED_HORIZON_MINUTES / 60) * 6);
    expect(expected[0]?.queuedAt).toBe(NOW + 5 * MIN);
    expect(expected[1]?.queuedAt).toBe(NOW + 15 * MIN);
    expect(expected.every((t) => t.weight === 4 && t.categoryId === 'A' && t.booked !== true)).toBe(true);
    expect(expectedPriorityArrivals('A', 0, 4, NOW)).toEqual([]);
    expect(expectedPriorityArrivals('A', 8, 1, NOW)).toEqual([]);
  });

  it('expects the last hour’s regular walk-ins until the slot of a booked client who checked in early, and no one else', () => {
    const early = { ...due('b1', 30), id: 'B1', code: 'A031' };
    const walkIns = expectedWalkInsBefore(early, 12, NOW);
    // 12 an hour: one every 5 minutes from +2.5 until the slot at +30.
    expect(walkIns.map((t) => (t.queuedAt - NOW) / MIN)).toEqual([2.5, 7.5, 12.5, 17.5, 22.5, 27.5]);
    expect(walkIns.every((t) => t.weight === 1 && t.booked !== true && t.categoryId === 'A')).toBe(true);
    expect(expectedWalkInsBefore({ ...early, queuedAt: NOW - MIN }, 12, NOW)).toEqual([]);
    expect(expectedWalkInsBefore(newRegular, 12, NOW)).toEqual([]);
    expect(expectedWalkInsBefore(early, 0, NOW)).toEqual([]);
    // Three wait; one counter, 4 minutes a client: without the walk-ins the booked client would
    // be called at about 12 minutes, before its slot; those who come meanwhile go first until the
    // booked weight (3 × the time since the slot) catches up with them.
    const alone = estimate({ ticket: early, waiting: three, settings: bookedRules });
    const counted = estimate({ ticket: early, waiting: three, expected: walkIns, settings: bookedRules });
    expect(alone.peopleAhead).toBe(3);
    expect(counted.peopleAhead).toBeGreaterThanOrEqual(7);
    expect(counted.peopleAhead).toBeLessThanOrEqual(9);
  });

  it('lets expected priority clients overtake a regular ticket, never a priority one of the same weight', () => {
    const expected = expectedPriorityArrivals('A', 8, 3, NOW);
    const regular = estimate({ ticket: newRegular, waiting: tenRegulars, expected });
    expect(regular.peopleAhead).toBeGreaterThan(
      estimate({ ticket: newRegular, waiting: tenRegulars }).peopleAhead,
    );
    const priority = estimate({ ticket: newPriority, waiting: tenRegulars, expected });
    expect(priority).toEqual(estimate({ ticket: newPriority, waiting: tenRegulars }));
  });
});

describe('a just-issued regular ticket counted rather than listed', () => {
  it('gives the same estimate from the count of the waiting tickets as from the tickets, expected ones included', () => {
    const expected = [...expectedPriorityArrivals('A', 8, 3, NOW), due('b1', 2)];
    for (const servers of [1, 2]) {
      expect(estimate({ ticket: newRegular, aheadNow: 10, servers, settings: bookedRules })).toEqual(
        estimate({ ticket: newRegular, waiting: tenRegulars, servers, settings: bookedRules }),
      );
      expect(
        estimate({ ticket: newRegular, aheadNow: 10, expected, servers, settings: bookedRules }),
      ).toEqual(
        estimate({ ticket: newRegular, waiting: tenRegulars, expected, servers, settings: bookedRules }),
      );
    }
  });
});

describe('the printed range', () => {
  it(`is never wider than ${RANGE_MAX_WIDTH} minutes, and a long queue's range still holds its centre`, () => {
    for (const ahead of [0, 1, 5, 20, 60, 200]) {
      for (const p of [0.5, 1, 2, 4, 12]) {
        const r = waitRange(ahead, p);
        expect(r.maxMinutes - r.minMinutes).toBeLessThanOrEqual(RANGE_MAX_WIDTH + 1);
        expect(r.minMinutes).toBeLessThanOrEqual(0.9 * ahead * p);
        expect(r.maxMinutes).toBeGreaterThanOrEqual(0.9 * ahead * p);
      }
    }
  });

  it('reaches further above the centre than below it', () => {
    const r = waitRange(10, 2);
    expect(r.maxMinutes - 18).toBeGreaterThan(18 - r.minMinutes);
  });

  it('is narrower and earlier for a priority walk-in, whom nobody coming later overtakes', () => {
    expect(rangeShapeOf(newPriority)).toBe(PRIORITY_RANGE);
    expect(rangeShapeOf(newRegular)).toBe(REGULAR_RANGE);
    expect(rangeShapeOf({ ...newPriority, booked: true })).toBe(REGULAR_RANGE);
    const regular = waitRange(10, 2, REGULAR_RANGE);
    const priority = waitRange(10, 2, PRIORITY_RANGE);
    expect(priority.maxMinutes - priority.minMinutes).toBeLessThan(regular.maxMinutes - regular.minMinutes);
    expect(priority.maxMinutes).toBeLessThan(regular.maxMinutes);
    // The estimate picks the shape by the ticket.
    expect(estimate({ ticket: newPriority })).toEqual(waitRange(0, 4, PRIORITY_RANGE));
  });
});

// The expected tickets keep their own ids: a ticket's own id is never among them.
it('keeps the ticket itself out of the expected tickets', () => {
  const me = ticket('A020', 0);
  expect(estimate({ ticket: me, expected: [{ ...me }] }).peopleAhead).toBe(0);
});
