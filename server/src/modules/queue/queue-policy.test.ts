import { describe, expect, it } from 'vitest';
import { chooseNext, eligibleFor, isPriority, rankWaiting, score } from './queue-policy.ts';
import { counter, facts, NOW, pick, priority, settings, ticket } from './queue-factories.ts';

describe('isPriority, score, eligibleFor', () => {
  it('treats weight above 1 as priority', () => {
    expect(isPriority({ weight: 1 })).toBe(false);
    expect(isPriority({ weight: 3 })).toBe(true);
    expect(isPriority({ weight: 1.5 })).toBe(true);
  });

  it('scores weight × minutes waited, as a float', () => {
    expect(score(priority('B001', 6), NOW)).toBe(18);
    expect(score(ticket('A001', 2.5), NOW)).toBe(2.5);
  });

  it('counts a wait before the issue time (clock skew) as zero', () => {
    expect(score(priority('B001', -2), NOW)).toBe(0);
  });

  it('lets a counter call the categories it serves', () => {
    const c = counter({ categoryIds: ['A'] });
    expect(eligibleFor(c, ticket('A001', 1))).toBe(true);
    expect(eligibleFor(c, ticket('B001', 1, { categoryId: 'B' }))).toBe(false);
  });

  it('lets only the target counter call a transferred ticket', () => {
    const toC2 = ticket('A001', 1, { targetCounterId: 'c2' });
    expect(eligibleFor(counter({ id: 'c1', categoryIds: ['A'] }), toC2)).toBe(false);
    expect(eligibleFor(counter({ id: 'c2', categoryIds: ['Z'] }), toC2)).toBe(true);
  });
});

describe('chooseNext: accumulating priority', () => {
  it('returns null for an empty queue', () => {
    expect(chooseNext([], counter(), settings(), NOW)).toBeNull();
  });

  it('returns null when nothing waiting is eligible', () => {
    const waiting = [ticket('C001', 30, { categoryId: 'C' }), ticket('A001', 10, { targetCounterId: 'c9' })];
    expect(chooseNext(waiting, counter(), settings(), NOW)).toBeNull();
  });

  it('calls regular tickets first come, first served', () => {
    const choice = pick([ticket('A002', 5), ticket('A001', 10), ticket('A003', 1)]);
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision).toEqual({ rule: 'score', ticket: facts('A001', 10), other: facts('A002', 5) });
  });

  it('lets priority ×3 overtake a regular ticket that waited less than 3 times as long', () => {
    const choice = pick([ticket('A031', 14), priority('A040', 6)]);
    expect(choice.ticket.code).toBe('A040');
    expect(choice.decision).toEqual({
      rule: 'score',
      ticket: { code: 'A040', weight: 3, waitedMinutes: 6, score: 18 },
      other: { code: 'A031', weight: 1, waitedMinutes: 14, score: 14 },
    });
  });

  it('does not let priority ×3 overtake a regular ticket that waited more than 3 times as long', () => {
    const choice = pick([priority('A040', 4), ticket('A031', 13)]);
    expect(choice.ticket.code).toBe('A031');
    expect(choice.decision).toEqual({ rule: 'score', ticket: facts('A031', 13), other: facts('A040', 4, 3) });
  });

  it('breaks an exact score tie by the earlier issue time', () => {
    // 3 × 5 min = 1 × 15 min: the regular ticket came first.
    const choice = pick([priority('A040', 5), ticket('A031', 15)]);
    expect(choice.ticket.code).toBe('A031');
  });

  it('breaks a full tie (same score and issue time) by id, whatever the input order', () => {
    const a = ticket('A001', 7, { id: 'aaa' });
    const b = ticket('A002', 7, { id: 'bbb' });
    expect(pick([a, b]).ticket.id).toBe('aaa');
    expect(pick([b, a]).ticket.id).toBe('aaa');
  });

  it('compares weights among priority tickets', () => {
    const choice = pick([priority('A001', 4, 2), priority('A002', 3, 5)]);
    expect(choice.ticket.code).toBe('A002');
    expect(choice.decision).toEqual({
      rule: 'score',
      ticket: facts('A002', 3, 5),
      other: facts('A001', 4, 2),
    });
  });

  it('names the older regular ticket a priority ticket passed, even when another priority ticket is second', () => {
    const choice = pick([priority('A050', 10), priority('A051', 8), ticket('A020', 20)]);
    expect(choice.ticket.code).toBe('A050');
    expect(choice.decision.other).toEqual(facts('A020', 20));
  });

  it('names the runner-up when no older regular ticket was passed', () => {
    const choice = pick([priority('A050', 10), priority('A051', 5), ticket('A060', 1)]);
    expect(choice.decision.other?.code).toBe('A051');
  });

  it('explains a lone ticket with no runner-up', () => {
    const choice = pick([ticket('A001', 3)]);
    expect(choice.decision).toEqual({ rule: 'score', ticket: facts('A001', 3), other: null });
  });

  it('rounds the wait to one decimal and gives the score of the rounded wait, so that the figures add up', () => {
    const choice = pick([priority('A001', 6.43)]);
    // 3 × 6.43 is 19.29, but a reader sees 6.4 min: the score told is 3 × 6.4.
    expect(choice.decision.ticket).toEqual({ code: 'A001', weight: 3, waitedMinutes: 6.4, score: 19.2 });
    const four = pick([priority('R001', 2.93, 4), ticket('A001', 11.6)]);
    expect(four.decision.ticket).toEqual({ code: 'R001', weight: 4, waitedMinutes: 2.9, score: 11.6 });
    expect(pick([priority('A002', 2.93, 1.5)]).decision.ticket.score).toBe(4.35);
  });

  it('keeps a fractional weight', () => {
    expect(pick([priority('A001', 2, 1.5)]).decision.ticket.weight).toBe(1.5);
  });

  it('does not sink a priority ticket stamped by a clock slightly ahead', () => {
    const choice = pick([priority('A002', -0.5), ticket('A001', 0)]);
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision.other).toEqual({ code: 'A002', weight: 3, waitedMinutes: 0, score: 0 });
  });
});

describe('chooseNext: eligibility', () => {
  it('ignores categories the counter does not serve', () => {
    const choice = pick(
      [ticket('C001', 90, { categoryId: 'C' }), ticket('A001', 1)],
      counter({ categoryIds: ['A'] }),
    );
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision.other).toBeNull();
  });

  it('leaves a ticket transferred to another counter for that counter', () => {
    const transferred = ticket('A001', 40, { targetCounterId: 'c2' });
    const waiting = [transferred, ticket('A002', 5)];
    expect(pick(waiting, counter({ id: 'c1' })).ticket.code).toBe('A002');
    expect(pick(waiting, counter({ id: 'c2' })).ticket.code).toBe('A001');
  });

  it('lets the target counter call a transferred ticket of a category it does not serve', () => {
    const transferred = ticket('D001', 2, { categoryId: 'D', targetCounterId: 'c1' });
    expect(pick([transferred], counter({ categoryIds: ['A'] })).ticket.code).toBe('D001');
  });

  it('keeps a transferred ticket in its original place by queuedAt', () => {
    const transferred = ticket('A001', 30, { targetCounterId: 'c1' });
    expect(pick([ticket('A009', 10), transferred]).ticket.code).toBe('A001');
  });
});

describe('chooseNext: maximum wait', () => {
  it('calls a ticket past its maximum wait before a higher score', () => {
    const s = settings({ maxWaitMinutes: { A: 30 } });
    const choice = pick([priority('B002', 20, 3, { categoryId: 'B' }), ticket('A001', 31)], counter(), s);
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision).toEqual({
      rule: 'max_wait',
      ticket: facts('A001', 31),
      other: facts('B002', 20, 3),
      maxWaitMinutes: 30,
      overMaxWait: 1,
    });
  });

  it('counts a wait of exactly the maximum as past it', () => {
    const s = settings({ maxWaitMinutes: { A: 30 } });
    expect(pick([priority('A002', 20), ticket('A001', 30)], counter(), s).decision.rule).toBe('max_wait');
  });

  it('calls the oldest of several tickets past their maximum wait, whatever their weight or category', () => {
    const s = settings({ maxWaitMinutes: { A: 30, B: 10 } });
    const waiting = [
      priority('A007', 35),
      ticket('B003', 40, { categoryId: 'B' }),
      ticket('B004', 12, { categoryId: 'B' }),
      ticket('A008', 20),
    ];
    const choice = pick(waiting, counter(), s);
    expect(choice.ticket.code).toBe('B003');
    expect(choice.decision).toEqual({
      rule: 'max_wait',
      ticket: facts('B003', 40),
      other: facts('A007', 35, 3),
      maxWaitMinutes: 10,
      overMaxWait: 3,
    });
  });

  it('names the next ticket in order when the other rules would have called the same one', () => {
    const s = settings({ maxWaitMinutes: { A: 30 } });
    const choice = pick([ticket('A001', 31), ticket('A002', 3)], counter(), s);
    expect(choice.decision.other?.code).toBe('A002');
  });

  it('ignores a maximum that is unset, null, zero or negative', () => {
    const waiting = [ticket('A001', 50), priority('A002', 20), ticket('B001', 50, { categoryId: 'B' })];
    for (const maxWaitMinutes of [{}, { A: null, B: undefined }, { A: 0, B: -5 }]) {
      const choice = pick(waiting, counter(), settings({ maxWaitMinutes }));
      expect(choice.decision.rule).toBe('score');
      expect(choice.ticket.code).toBe('A002');
    }
  });

  it('takes precedence over the consecutive-priority cap', () => {
    const s = settings({ maxWaitMinutes: { A: 30 }, consecutivePriorityCap: 2 });
    const choice = pick(
      [ticket('B001', 5, { categoryId: 'B' }), priority('A002', 31)],
      counter({ consecutivePriorityCalls: 2 }),
      s,
    );
    expect(choice.ticket.code).toBe('A002');
    expect(choice.decision.rule).toBe('max_wait');
  });
});

describe('chooseNext: consecutive priority cap', () => {
  const waiting = [priority('A050', 10), ticket('A020', 5), ticket('A019', 8)];

  it('calls the best regular ticket after the cap of priority calls in a row', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    const choice = pick(waiting, counter({ consecutivePriorityCalls: 2 }), s);
    expect(choice.ticket.code).toBe('A019');
    expect(choice.decision).toEqual({
      rule: 'priority_cap',
      ticket: facts('A019', 8),
      other: facts('A050', 10, 3),
      priorityCallsInRow: 2,
    });
  });

  it('reports the actual count when it is above the cap', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    expect(pick(waiting, counter({ consecutivePriorityCalls: 3 }), s).decision.priorityCallsInRow).toBe(3);
  });

  it('does not apply below the cap', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    const choice = pick(waiting, counter({ consecutivePriorityCalls: 1 }), s);
    expect(choice.ticket.code).toBe('A050');
    expect(choice.decision.rule).toBe('score');
  });

  it('falls through to the normal order when no regular ticket waits', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    const choice = pick(
      [priority('A050', 10), priority('A051', 2)],
      counter({ consecutivePriorityCalls: 5 }),
      s,
    );
    expect(choice.ticket.code).toBe('A050');
    expect(choice.decision.rule).toBe('score');
  });

  it('ignores regular tickets the counter may not call', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    const others = [
      priority('A050', 10),
      ticket('C001', 9, { categoryId: 'C' }),
      ticket('A002', 9, { targetCounterId: 'c2' }),
    ];
    expect(pick(others, counter({ consecutivePriorityCalls: 2 }), s).decision.rule).toBe('score');
  });

  it('is not reported as the reason when the normal order calls a regular ticket anyway', () => {
    const s = settings({ consecutivePriorityCap: 2 });
    const choice = pick(
      [priority('A050', 2), ticket('A020', 30)],
      counter({ consecutivePriorityCalls: 4 }),
      s,
    );
    expect(choice.ticket.code).toBe('A020');
    expect(choice.decision.rule).toBe('score');
  });

  it('is off when null or below 1', () => {
    for (const consecutivePriorityCap of [null, 0]) {
      const choice = pick(
        waiting,
        counter({ consecutivePriorityCalls: 10 }),
        settings({ consecutivePriorityCap }),
      );
      expect(choice.ticket.code).toBe('A050');
      expect(choice.decision.rule).toBe('score');
    }
  });

  it('applies in strict mode too', () => {
    const s = settings({ consecutivePriorityCap: 1, strictPriority: true });
    const choice = pick(waiting, counter({ consecutivePriorityCalls: 1 }), s);
    expect(choice.ticket.code).toBe('A019');
    expect(choice.decision).toEqual({
      rule: 'priority_cap',
      ticket: facts('A019', 8),
      other: facts('A050', 10, 3),
      priorityCallsInRow: 1,
    });
  });
});

describe('chooseNext: strict mode', () => {
  const s = settings({ strictPriority: true });

  it('calls priority tickets first, in arrival order, without comparing weights', () => {
    const waiting = [ticket('A001', 60), priority('A003', 0.5, 5), priority('A002', 1, 2)];
    const choice = pick(waiting, counter(), s);
    expect(choice.ticket.code).toBe('A002');
    expect(choice.decision).toEqual({
      rule: 'strict',
      ticket: facts('A002', 1, 2),
      other: facts('A001', 60),
    });
    expect(rankWaiting(waiting, counter(), s, NOW).map((t) => t.code)).toEqual(['A002', 'A003', 'A001']);
  });

  it('calls regular tickets in arrival order when no priority ticket waits', () => {
    const choice = pick([ticket('A002', 3), ticket('A001', 4)], counter(), s);
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision).toEqual({ rule: 'strict', ticket: facts('A001', 4), other: facts('A002', 3) });
  });

  it('still yields to the maximum wait', () => {
    const choice = pick(
      [priority('A002', 1), ticket('A001', 46)],
      counter(),
      settings({ strictPriority: true, maxWaitMinutes: { A: 45 } }),
    );
    expect(choice.ticket.code).toBe('A001');
    expect(choice.decision).toEqual({
      rule: 'max_wait',
      ticket: facts('A001', 46),
      other: facts('A002', 1, 3),
      maxWaitMinutes: 45,
      overMaxWait: 1,
    });
  });
});
