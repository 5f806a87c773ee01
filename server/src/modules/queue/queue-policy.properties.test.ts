import fc from 'fast-check';
import { Value } from 'typebox/value';
import { CallDecision } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import {
  chooseNext,
  chooseSpecific,
  eligibleFor,
  isPriority,
  rankWaiting,
  score,
  type PolicyChoice,
  type PolicySettings,
  type WaitingTicket,
} from './queue-policy.ts';
import { classHeads, counter, isError, MIN, NOW, priority, settings, ticket } from './queue-factories.ts';

// The decision may describe a ticket only by its code, weight, wait and score: nothing else about
// the person, and it must be the protocol's CallDecision.
function expectDecisionOf(choice: PolicyChoice): void {
  expect(Value.Check(CallDecision, choice.decision)).toBe(true);
  expect(Object.keys(choice.decision.ticket).sort()).toEqual(['code', 'score', 'waitedMinutes', 'weight']);
  expect(choice.decision.ticket.code).toBe(choice.ticket.code);
  expect(choice.decision.ticket.weight).toBe(choice.ticket.weight);
}

// ---------------------------------------------------------------------------------------------
// Properties

const CATEGORIES = ['A', 'B', 'C'] as const;

const queueArb = (weights: readonly number[]) =>
  fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        categoryId: fc.constantFrom(...CATEGORIES),
        weight: fc.constantFrom(...weights),
        waitedMs: fc.integer({ min: -MIN, max: 120 * MIN }),
        targetCounterId: fc.option(fc.constantFrom('c1', 'c2'), { nil: null }),
      }),
      { selector: (t) => t.id, maxLength: 40 },
    )
    .map((rows) =>
      rows.map((r, i): WaitingTicket => ({
        id: r.id,
        code: `${r.categoryId}${String(i + 1).padStart(3, '0')}`,
        categoryId: r.categoryId,
        weight: r.weight,
        queuedAt: NOW - r.waitedMs,
        targetCounterId: r.targetCounterId,
      })),
    );
const ticketsArb = queueArb([1, 1, 1, 1.5, 2, 3, 5]);
/** Few classes, so that many tickets share one and only its oldest are read. */
const crowdedArb = queueArb([1, 1, 3]);

const counterArb = fc.record({
  id: fc.constantFrom('c1', 'c2'),
  categoryIds: fc.subarray([...CATEGORIES]),
  consecutivePriorityCalls: fc.integer({ min: 0, max: 4 }),
});

const settingsArb: fc.Arbitrary<PolicySettings> = fc.record({
  consecutivePriorityCap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  strictPriority: fc.boolean(),
  maxWaitMinutes: fc.record(
    {
      A: fc.option(fc.integer({ min: 5, max: 90 }), { nil: null }),
      B: fc.option(fc.integer({ min: 5, max: 90 }), { nil: null }),
    },
    { requiredKeys: [] },
  ),
});

describe('chooseNext properties', () => {
  it('returns an eligible waiting ticket, or null exactly when none is eligible', () => {
    fc.assert(
      fc.property(ticketsArb, counterArb, settingsArb, (waiting, c, s) => {
        const choice = chooseNext(waiting, c, s, NOW);
        const anyEligible = waiting.some((t) => eligibleFor(c, t));
        expect(choice === null).toBe(!anyEligible);
        if (choice !== null) {
          expect(waiting).toContain(choice.ticket);
          expect(eligibleFor(c, choice.ticket)).toBe(true);
          expectDecisionOf(choice);
        }
      }),
    );
  });

  it('without guard rails calls the highest score, earliest on a tie', () => {
    fc.assert(
      fc.property(ticketsArb, counterArb, (waiting, c) => {
        const choice = chooseNext(waiting, c, settings(), NOW);
        if (choice === null) return;
        const chosen = score(choice.ticket, NOW);
        for (const t of waiting.filter((x) => eligibleFor(c, x))) {
          const other = score(t, NOW);
          expect(chosen).toBeGreaterThanOrEqual(other);
          if (other === chosen) expect(choice.ticket.queuedAt).toBeLessThanOrEqual(t.queuedAt);
        }
      }),
    );
  });

  it('calls a ticket past its maximum wait, the oldest such, whenever there is one', () => {
    fc.assert(
      fc.property(ticketsArb, counterArb, settingsArb, (waiting, c, s) => {
        const over = waiting.filter((t) => {
          const max = s.maxWaitMinutes[t.categoryId];
          return eligibleFor(c, t) && typeof max === 'number' && NOW - t.queuedAt >= max * MIN;
        });
        const choice = chooseNext(waiting, c, s, NOW);
        if (over.length === 0) {
          expect(choice?.decision.rule).not.toBe('max_wait');
          return;
        }
        expect(choice?.decision.rule).toBe('max_wait');
        expect(choice?.ticket.queuedAt).toBe(Math.min(...over.map((t) => t.queuedAt)));
      }),
    );
  });

  it('rankWaiting is the sequence of chooseNext calls with the counter’s count carried along', () => {
    fc.assert(
      fc.property(ticketsArb, counterArb, settingsArb, (waiting, c, s) => {
        const ranked = rankWaiting(waiting, c, s, NOW);
        let rest = [...waiting];
        let count = c.consecutivePriorityCalls;
        const called: WaitingTicket[] = [];
        for (;;) {
          const choice = chooseNext(rest, { ...c, consecutivePriorityCalls: count }, s, NOW);
          if (choice === null) break;
          called.push(choice.ticket);
          rest = rest.filter((t) => t !== choice.ticket);
          count = isPriority(choice.ticket) ? count + 1 : 0;
        }
        expect(ranked).toEqual(called);
      }),
    );
  });

  it('chooses over the two oldest of each class the ticket, rule and runner-up it chooses over the whole queue', () => {
    fc.assert(
      fc.property(fc.oneof(ticketsArb, crowdedArb), counterArb, settingsArb, (waiting, c, s) => {
        const whole = chooseNext(waiting, c, s, NOW);
        const heads = chooseNext(classHeads(waiting, 2), c, s, NOW);
        expect(heads?.ticket).toBe(whole?.ticket);
        expect(heads?.decision.rule).toBe(whole?.decision.rule);
        expect(heads?.decision.other).toEqual(whole?.decision.other);
      }),
      // Enough runs to meet a class whose second ticket decides.
      { numRuns: 500 },
    );
  });

  it('ranks first over the n oldest of each class the n it ranks first over the whole queue', () => {
    fc.assert(
      fc.property(
        fc.oneof(ticketsArb, crowdedArb),
        counterArb,
        settingsArb,
        fc.integer({ min: 1, max: 8 }),
        (waiting, c, s, n) => {
          const whole = rankWaiting(waiting, c, s, NOW).slice(0, n);
          expect(rankWaiting(classHeads(waiting, n), c, s, NOW).slice(0, n)).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('chooseSpecific accepts exactly the eligible waiting tickets', () => {
    fc.assert(
      fc.property(ticketsArb, counterArb, settingsArb, (waiting, c, s) => {
        for (const t of waiting) {
          const result = chooseSpecific(waiting, c, s, NOW, t.id, 'other');
          if (eligibleFor(c, t)) {
            expect(isError(result)).toBe(false);
            if (!isError(result)) {
              expect(result.ticket).toBe(t);
              expectDecisionOf(result);
              expect(result.decision.rule).toBe('chosen');
            }
          } else {
            expect(result).toEqual({ error: 'not_eligible' });
          }
        }
      }),
    );
  });
});

describe('starvation', () => {
  /**
   * One regular ticket R and a backlog of B priority tickets are issued at minute 0; more
   * priority tickets of weight w arrive every 1/λ minutes; the counter calls once a minute.
   * While R waits, every call takes a priority ticket, so at call t the oldest waiting one is
   * stream ticket t − B, issued at (t − B)/λ, with score w·(t − (t − B)/λ). R's score is t, so R
   * is called by the first whole minute t > T* = w·B / (w − λ·(w − 1)) (at t = T* on an exact
   * tie, R being older), which is finite whenever
   * λ < w/(w − 1): even above the counter's capacity of 1 a minute. Strict mode has no such
   * bound.
   */
  function minuteRegularIsCalled(
    w: number,
    backlog: number,
    perMinute: number,
    s: PolicySettings,
    horizon: number,
  ) {
    const start = NOW;
    const regular = ticket('R001', 0, { id: 'r', queuedAt: start });
    let waiting: WaitingTicket[] = [regular];
    for (let i = 0; i < backlog; i += 1) {
      waiting.push(priority(`B${i + 1}`, 0, w, { id: `b${String(i).padStart(4, '0')}`, queuedAt: start }));
    }
    let next = 1;
    const c = counter({ categoryIds: ['A'] });
    for (let minute = 1; minute <= horizon; minute += 1) {
      const t = start + minute * MIN;
      // Rounding arrivals up only lowers the stream's scores, so the bound stays safe.
      for (
        let at = Math.ceil((next / perMinute) * MIN);
        start + at <= t;
        at = Math.ceil((next / perMinute) * MIN)
      ) {
        waiting.push(
          priority(`S${next}`, 0, w, { id: `s${String(next).padStart(6, '0')}`, queuedAt: start + at }),
        );
        next += 1;
      }
      const choice = chooseNext(waiting, c, s, t);
      if (choice === null) continue;
      if (choice.ticket.id === 'r') return minute;
      waiting = waiting.filter((x) => x !== choice.ticket);
    }
    return null;
  }

  it('calls the regular ticket within the accumulating-priority bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 300, max: 900 }),
        (w, backlog, permille) => {
          // λ up to 90 % of the critical rate w/(w − 1), so that T* ≤ 10·B.
          const perMinute = ((permille / 1000) * w) / (w - 1);
          const bound = Math.floor((w * backlog) / (w - perMinute * (w - 1)) + 1e-6) + 1;
          const minute = minuteRegularIsCalled(w, backlog, perMinute, settings(), bound + 5);
          expect(minute).not.toBeNull();
          expect(minute).toBeLessThanOrEqual(bound);
        },
      ),
    );
  });

  it('serves a regular ticket even while priority tickets arrive faster than the counter calls', () => {
    // w = 3, λ = 1.2 a minute, 10 in the backlog: T* = 30 / (3 − 2.4) = 50. At minute 50 R ties
    // with the oldest stream ticket (issued at 33⅓ min, 3 × 16⅔ = 50) and wins as the earlier.
    expect(minuteRegularIsCalled(3, 10, 1.2, settings(), 200)).toBe(50);
  });

  it('starves the regular ticket in strict mode under the same stream (why it is not the default)', () => {
    expect(minuteRegularIsCalled(3, 10, 1.2, settings({ strictPriority: true }), 200)).toBeNull();
  });
});
