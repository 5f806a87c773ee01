import fc from 'fast-check';
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
import { chooseNext, type PolicySettings, type WaitingTicket } from './queue-policy.ts';
import { estimateWait, minutesPerPerson, peopleAheadAt, waitRange } from './wait-estimate.ts';

describe('peopleAheadAt', () => {
  it('counts the tickets with a higher score at the given time', () => {
    const candidates = [ticket('A001', 14), ticket('A002', 5), ticket('A003', 1)];
    const p = ticket('A010', 6, { weight: 3 });
    expect(peopleAheadAt(p, candidates, settings(), NOW)).toBe(0);
    // Just after p was issued, only the older A001 was ahead of it.
    expect(peopleAheadAt(p, candidates, settings(), NOW - 6 * MIN)).toBe(1);
  });

  it('breaks score ties by the earlier issue time', () => {
    const p = ticket('A010', 5, { weight: 3 });
    expect(peopleAheadAt(p, [ticket('A001', 15)], settings(), NOW)).toBe(1);
    expect(peopleAheadAt(ticket('A001', 15), [p], settings(), NOW)).toBe(0);
  });

  it('compares class, then arrival, in strict mode', () => {
    const candidates = [
      ticket('A001', 40),
      ticket('A002', 1, { weight: 2 }),
      ticket('A003', 0.5, { weight: 5 }),
    ];
    const s = settings({ strictPriority: true });
    expect(peopleAheadAt(ticket('A009', 0, { weight: 3 }), candidates, s, NOW)).toBe(2);
    expect(peopleAheadAt(ticket('A009', 0), candidates, s, NOW)).toBe(3);
  });

  it('puts tickets past the maximum wait ahead', () => {
    const s = settings({ maxWaitMinutes: { A: 30 } });
    const p = ticket('A010', 20, { weight: 3 });
    expect(peopleAheadAt(p, [ticket('A001', 31), ticket('A002', 25)], s, NOW)).toBe(1);
  });

  it('skips the ticket itself, other categories and transferred tickets', () => {
    const me = ticket('A005', 1);
    const candidates = [
      me,
      ticket('B001', 30, { categoryId: 'B' }),
      ticket('A001', 30, { targetCounterId: 'c1' }),
      ticket('A002', 3),
    ];
    expect(peopleAheadAt(me, candidates, settings(), NOW)).toBe(1);
  });
});

describe('estimateWait', () => {
  it('gives an empty queue 0 people ahead and half a service slot plus the measured spread', () => {
    // sd = 4 × √1: [0, ceil(0 + 2 + 2 × 4)] (the range follows the dispersion the simulation measured)
    expect(estimate({ ticket: newRegular })).toEqual({ peopleAhead: 0, minMinutes: 0, maxMinutes: 10 });
  });

  it('ignores the ticket itself in the waiting list', () => {
    expect(estimate({ ticket: newRegular, waiting: [newRegular] })).toEqual(estimate({ ticket: newRegular }));
  });

  it('puts 10 regular tickets ahead at 2 servers × 4 min at a centre of 0.9 × 20 min', () => {
    const result = estimate({ ticket: newRegular, waiting: [...tenRegulars, newRegular], servers: 2 });
    // centre 0.9 × 10 × 4 / 2 = 18, sd = 2 × √11 ≈ 6.63: [floor(18 − 0.8 sd), ceil(18 + 1 + 2 sd)]
    expect(result).toEqual({ peopleAhead: 10, minMinutes: 12, maxMinutes: 33 });
  });

  it('does not count younger regular tickets', () => {
    const me = ticket('A005', 6);
    expect(estimate({ ticket: me, waiting: tenRegulars }).peopleAhead).toBe(4);
  });

  it('lets a new priority ×3 ticket overtake regular tickets that waited only a few minutes', () => {
    const regular = estimate({ ticket: newRegular, waiting: tenRegulars });
    const prio = estimate({ ticket: newPriority, waiting: tenRegulars });
    expect(regular.peopleAhead).toBe(10);
    // After k calls (4 min each) the regulars ahead are those with 4k + waited > 3 × 4k: after
    // one call the 9- and 10-minute ones (2 > 1), after two calls none (0 ≤ 2).
    expect(prio.peopleAhead).toBe(2);
    expect(prio.maxMinutes).toBeLessThan(regular.minMinutes);
  });

  it('matches a replay of the real policy for that case', () => {
    let waiting = [...tenRegulars, newPriority];
    let calls = 0;
    for (let t = NOW; ; t += 4 * MIN, calls += 1) {
      const choice = chooseNext(
        waiting,
        { id: 'c1', categoryIds: ['A'], consecutivePriorityCalls: 0 },
        settings(),
        t,
      );
      if (choice === null || choice.ticket.id === newPriority.id) break;
      waiting = waiting.filter((w) => w !== choice.ticket);
    }
    expect(estimate({ ticket: newPriority, waiting: tenRegulars }).peopleAhead).toBe(calls);
  });

  it('keeps a priority ticket behind older priority tickets of the same weight', () => {
    const older = [ticket('A001', 1, { weight: 3 }), ticket('A002', 2, { weight: 3 })];
    expect(
      estimate({ ticket: newPriority, waiting: [...older, ...tenRegulars] }).peopleAhead,
    ).toBeGreaterThanOrEqual(2);
  });

  it('puts a new priority ticket after the older priority tickets only, in strict mode', () => {
    const older = [ticket('A001', 1, { weight: 2 })];
    const result = estimate({
      ticket: newPriority,
      waiting: [...older, ...tenRegulars],
      settings: settings({ strictPriority: true }),
    });
    expect(result.peopleAhead).toBe(1);
  });

  it('counts only the same category and tickets not transferred to a counter', () => {
    const others = [
      ticket('B001', 10, { categoryId: 'B' }),
      ticket('A001', 10, { targetCounterId: 'c1' }),
      ticket('A002', 10),
    ];
    expect(estimate({ ticket: newRegular, waiting: others }).peopleAhead).toBe(1);
  });

  it('is shorter with more servers', () => {
    const at = (servers: number) => estimate({ ticket: newRegular, waiting: tenRegulars, servers });
    expect(at(2).maxMinutes).toBeLessThan(at(1).maxMinutes);
    expect(at(2).minMinutes).toBeLessThan(at(1).minMinutes);
    expect(at(5).maxMinutes).toBeLessThan(at(2).maxMinutes);
    expect(at(5).peopleAhead).toBe(10);
  });

  it('grows with the number of people ahead', () => {
    let previous = estimate({ ticket: newRegular });
    for (let n = 1; n <= 10; n += 1) {
      const next = estimate({ ticket: newRegular, waiting: tenRegulars.slice(0, n) });
      expect(next.peopleAhead).toBe(n);
      expect(next.minMinutes).toBeGreaterThanOrEqual(previous.minMinutes);
      expect(next.maxMinutes).toBeGreaterThan(previous.maxMinutes);
      previous = next;
    }
  });

  it('uses the configured servers when none is open, and at least one', () => {
    const open2 = estimate({ ticket: newRegular, waiting: tenRegulars, servers: 2 });
    expect(estimate({ ticket: newRegular, waiting: tenRegulars, servers: 0, configuredServers: 2 })).toEqual(
      open2,
    );
    const one = estimate({ ticket: newRegular, waiting: tenRegulars, servers: 1 });
    expect(estimate({ ticket: newRegular, waiting: tenRegulars, servers: 0, configuredServers: 0 })).toEqual(
      one,
    );
  });

  it('promises at least a minute when someone is ahead, even with no service time known', () => {
    expect(estimate({ ticket: newRegular, waiting: tenRegulars, meanServiceMinutes: 0 })).toEqual({
      peopleAhead: 10,
      minMinutes: 0,
      maxMinutes: 1,
    });
  });

  it('handles thousands waiting', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      ticket(`A${i}`, (5000 - i) / 50, { weight: i % 5 === 0 ? 3 : 1 }),
    );
    const result = estimate({ ticket: newPriority, waiting: many, servers: 8 });
    expect(result.peopleAhead).toBeGreaterThan(0);
    expect(result.peopleAhead).toBeLessThan(5000);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const waitingArb = fc
  .uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      categoryId: fc.constantFrom('A', 'B'),
      weight: fc.constantFrom(1, 1, 1, 2, 3),
      waitedMs: fc.integer({ min: 0, max: 90 * MIN }),
      targetCounterId: fc.option(fc.constant('c1'), { nil: null, freq: 5 }),
    }),
    { selector: (t) => t.id, maxLength: 60 },
  )
  .map((rows) =>
    rows.map((r, i): WaitingTicket => ({
      id: `w-${r.id}`,
      code: `${r.categoryId}${i}`,
      categoryId: r.categoryId,
      weight: r.weight,
      queuedAt: NOW - r.waitedMs,
      targetCounterId: r.targetCounterId,
    })),
  );

const settingsArb: fc.Arbitrary<PolicySettings> = fc.record({
  consecutivePriorityCap: fc.constant(null),
  strictPriority: fc.boolean(),
  maxWaitMinutes: fc.record({ A: fc.option(fc.integer({ min: 5, max: 90 }), { nil: null }) }),
});

describe('estimateWait properties', () => {
  it('always gives a sane range', () => {
    fc.assert(
      fc.property(
        waitingArb,
        fc.constantFrom(1, 2, 3),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        settingsArb,
        (waiting, weight, servers, mean, s) => {
          const me = ticket('A999', 0, { id: 'me', weight });
          const r = estimateWait({
            ticket: me,
            waiting,
            servers,
            configuredServers: 2,
            meanServiceMinutes: mean,
            settings: s,
            now: NOW,
          });
          const competitors = waiting.filter(
            (t) => t.categoryId === 'A' && t.targetCounterId === null,
          ).length;
          expect(Number.isInteger(r.minMinutes) && Number.isInteger(r.maxMinutes)).toBe(true);
          expect(r.peopleAhead).toBeGreaterThanOrEqual(0);
          expect(r.peopleAhead).toBeLessThanOrEqual(competitors);
          expect(r.minMinutes).toBeGreaterThanOrEqual(0);
          expect(r.maxMinutes).toBeGreaterThanOrEqual(r.minMinutes);
          if (r.peopleAhead > 0) expect(r.maxMinutes).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('gives a new regular ticket every competing ticket ahead, as the server counts it in SQL', () => {
    fc.assert(
      fc.property(waitingArb, settingsArb, (all, settings) => {
        // Issue times are strictly increasing in the server, so every other ticket is older.
        const waiting = all.map((w) => ({ ...w, queuedAt: Math.min(w.queuedAt, NOW - 1) }));
        const fresh: WaitingTicket = {
          id: 'fresh',
          code: 'A999',
          categoryId: 'A',
          weight: 1,
          queuedAt: NOW,
          targetCounterId: null,
        };
        const competing = waiting.filter((w) => w.categoryId === 'A' && w.targetCounterId === null).length;
        const full = estimateWait({
          ticket: fresh,
          waiting,
          servers: 2,
          configuredServers: 2,
          meanServiceMinutes: 4,
          settings,
          now: NOW,
        });
        expect(full).toEqual(waitRange(competing, minutesPerPerson(2, 2, 4)));
      }),
    );
  });

  it('never promises a new ticket less when one more person waits before it', () => {
    fc.assert(
      fc.property(
        waitingArb,
        fc.constantFrom(1, 3),
        fc.record({ weight: fc.constantFrom(1, 2, 3), waitedMs: fc.integer({ min: 0, max: 90 * MIN }) }),
        fc.boolean(),
        (waiting, weight, extra, strictPriority) => {
          const me = ticket('A999', 0, { id: 'me', weight });
          const s = settings({ strictPriority });
          const one = ticket('A998', 0, {
            id: 'extra',
            weight: extra.weight,
            queuedAt: NOW - extra.waitedMs,
          });
          const before = estimateWait({
            ticket: me,
            waiting,
            servers: 2,
            configuredServers: 2,
            meanServiceMinutes: 5,
            settings: s,
            now: NOW,
          });
          const after = estimateWait({
            ticket: me,
            waiting: [...waiting, one],
            servers: 2,
            configuredServers: 2,
            meanServiceMinutes: 5,
            settings: s,
            now: NOW,
          });
          expect(after.peopleAhead).toBeGreaterThanOrEqual(before.peopleAhead);
          expect(after.minMinutes).toBeGreaterThanOrEqual(before.minMinutes);
          expect(after.maxMinutes).toBeGreaterThanOrEqual(before.maxMinutes);
        },
      ),
    );
  });
});
