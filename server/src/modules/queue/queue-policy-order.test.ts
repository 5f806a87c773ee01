import { describe, expect, it } from 'vitest';
import { chooseSpecific, comparePolicyOrder, rankWaiting } from './queue-policy.ts';
import { counter, isError, NOW, priority, settings, ticket } from './queue-factories.ts';

describe('chooseSpecific', () => {
  const waiting = [
    ticket('A001', 2),
    priority('B004', 9, 3, { categoryId: 'B' }),
    ticket('C001', 1, { categoryId: 'C' }),
  ];

  it('refuses a ticket that is not waiting', () => {
    expect(chooseSpecific(waiting, counter(), settings(), NOW, 'id-A999', 'appointment')).toEqual({
      error: 'not_waiting',
    });
  });

  it('refuses a ticket of a category the counter does not serve', () => {
    expect(chooseSpecific(waiting, counter(), settings(), NOW, 'id-C001', 'appointment')).toEqual({
      error: 'not_eligible',
    });
  });

  it('refuses a ticket transferred to another counter', () => {
    const transferred = ticket('A002', 1, { targetCounterId: 'c2' });
    expect(chooseSpecific([transferred], counter(), settings(), NOW, transferred.id, 'appointment')).toEqual({
      error: 'not_eligible',
    });
  });

  it('calls the chosen ticket and names the one the policy would have called', () => {
    const result = chooseSpecific(waiting, counter(), settings(), NOW, 'id-A001', 'appointment');
    if (isError(result)) throw new Error(result.error);
    expect(result.ticket.code).toBe('A001');
    expect(result.decision).toEqual({
      rule: 'chosen',
      ticket: { code: 'A001', weight: 1, waitedMinutes: 2, score: 2 },
      other: { code: 'B004', weight: 3, waitedMinutes: 9, score: 27 },
      reasonCode: 'appointment',
    });
  });

  it('says so when the clerk picks the ticket the policy would have called', () => {
    const result = chooseSpecific(
      waiting,
      counter(),
      settings(),
      NOW,
      'id-B004',
      'returned_after_missed_call',
    );
    if (isError(result)) throw new Error(result.error);
    expect(result.decision).toEqual({
      rule: 'chosen',
      ticket: { code: 'B004', weight: 3, waitedMinutes: 9, score: 27 },
      other: null,
      reasonCode: 'returned_after_missed_call',
    });
  });
});

describe('rankWaiting', () => {
  it('lists only eligible tickets, in the order they would be called', () => {
    const waiting = [
      ticket('A001', 14),
      priority('A002', 6),
      ticket('A003', 2),
      ticket('C001', 50, { categoryId: 'C' }),
      ticket('A004', 30, { targetCounterId: 'c2' }),
    ];
    expect(rankWaiting(waiting, counter(), settings(), NOW).map((t) => t.code)).toEqual([
      'A002',
      'A001',
      'A003',
    ]);
  });

  it('slots regular tickets in where the cap would, starting from the counter’s current count', () => {
    const waiting = [
      priority('P1', 10),
      priority('P2', 9),
      priority('P3', 8),
      priority('P4', 7),
      priority('P5', 6),
      ticket('R1', 3),
      ticket('R2', 2),
    ];
    const s = settings({ consecutivePriorityCap: 2 });
    expect(rankWaiting(waiting, counter(), s, NOW).map((t) => t.code)).toEqual([
      'P1',
      'P2',
      'R1',
      'P3',
      'P4',
      'R2',
      'P5',
    ]);
    expect(rankWaiting(waiting, counter({ consecutivePriorityCalls: 2 }), s, NOW).map((t) => t.code)).toEqual(
      ['R1', 'P1', 'P2', 'R2', 'P3', 'P4', 'P5'],
    );
  });

  it('puts tickets past their maximum wait first, oldest first', () => {
    const waiting = [priority('A001', 25), ticket('A002', 33), ticket('A003', 31), ticket('A004', 1)];
    const s = settings({ maxWaitMinutes: { A: 30 } });
    expect(rankWaiting(waiting, counter(), s, NOW).map((t) => t.code)).toEqual([
      'A002',
      'A003',
      'A001',
      'A004',
    ]);
  });
});

describe('comparePolicyOrder', () => {
  it('is the order chooseNext uses, without the cap', () => {
    const a = priority('A002', 6);
    const b = ticket('A001', 14);
    expect(comparePolicyOrder(a, b, settings(), NOW)).toBeLessThan(0);
    expect(comparePolicyOrder(b, a, settings(), NOW)).toBeGreaterThan(0);
    expect(comparePolicyOrder(a, a, settings(), NOW)).toBe(0);
    expect(comparePolicyOrder(a, b, settings({ maxWaitMinutes: { A: 10 } }), NOW)).toBeGreaterThan(0);
  });
});
