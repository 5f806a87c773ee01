import { describe, expect, it } from 'vitest';
import { describeDecision } from './call-reason.ts';
import { chooseNext, rankWaiting, score } from './queue-policy.ts';
import { counter, MIN, NOW, pick, priority, settings, ticket } from './queue-factories.ts';

/** Booked rules on category A: weight 3, called by 5 minutes after the slot; Warsaw time. */
const BOOKED = settings({ booked: { A: { weight: 3, maxWaitMinutes: 5 } }, timeZone: 'Europe/Warsaw' });

/** A ticket checked in for a slot `slotInMinutes` from NOW (negative: the slot has passed). */
const booked = (code: string, slotInMinutes: number, weight = 1) =>
  ticket(code, -slotInMinutes, { booked: true, weight });

describe('a booked ticket in the policy', () => {
  it('waits from its slot: a client who came early has no score until the slot', () => {
    const early = booked('A900', 20);
    expect(score(early, NOW, BOOKED)).toBe(0);
    expect(pick([early, ticket('A001', 1)], counter(), BOOKED).ticket.code).toBe('A001');
    // Alone, it is still called: an idle counter does not wait for the slot.
    expect(pick([early], counter(), BOOKED).ticket.code).toBe('A900');
  });

  it('counts its own weight from the slot, so it catches up with walk-ins who came before it', () => {
    const due = booked('A900', -4); // slot 4 min ago: 3 × 4 = 12
    expect(score(due, NOW, BOOKED)).toBe(12);
    expect(pick([due, ticket('A001', 10)], counter(), BOOKED).ticket.code).toBe('A900');
    expect(pick([due, ticket('A001', 13)], counter(), BOOKED).ticket.code).toBe('A001');
  });

  it('is called promptly once its slot has passed its booked maximum wait', () => {
    const late = booked('A900', -5);
    const choice = pick([late, ticket('A001', 40), priority('A002', 30)], counter(), BOOKED);
    expect(choice.ticket.code).toBe('A900');
    expect(choice.decision.rule).toBe('max_wait');
    expect(choice.decision.maxWaitMinutes).toBe(5);
  });

  it('never passes a walk-in over the maximum wait who came before its slot', () => {
    const s = { ...BOOKED, maxWaitMinutes: { A: 30 } };
    const late = booked('A900', -20);
    const walkIn = ticket('A001', 31);
    expect(pick([late, walkIn], counter(), s).ticket.code).toBe('A001');
    expect(pick([late], counter(), s).ticket.code).toBe('A900');
  });

  it('does not jump every walk-in: each walk-in keeps its place by score before the slot is due', () => {
    const waiting = [booked('A900', 0), booked('A901', 10), ticket('A001', 3), ticket('A002', 6)];
    const order = rankWaiting(waiting, counter(), BOOKED, NOW).map((t) => t.code);
    expect(order).toEqual(['A002', 'A001', 'A900', 'A901']);
  });

  it('keeps a declared priority: both weights count, and strict mode still puts priority first', () => {
    const bookedPriority = booked('A900', -2, 3); // 3 × 3 × 2 = 18
    expect(score(bookedPriority, NOW, BOOKED)).toBe(18);
    expect(pick([bookedPriority, ticket('A001', 17)], counter(), BOOKED).ticket.code).toBe('A900');
    const strict = { ...BOOKED, strictPriority: true };
    expect(pick([booked('A901', -2), priority('A002', 1)], counter(), strict).ticket.code).toBe('A002');
  });

  it('says in its decision what time it was booked for, in the office’s time zone', () => {
    // NOW is 09:30 UTC on 3 March 2025: 10:30 in Warsaw; the slot 10:15.
    const choice = pick([booked('A900', -15)], counter(), BOOKED);
    expect(choice.decision.ticket.bookedFor).toBe('10:15');
    expect(describeDecision(choice.decision)).toMatch(/^booked for 10:15; /);
    const walkIn = chooseNext([ticket('A001', 2)], counter(), BOOKED, NOW);
    expect(walkIn?.decision.ticket.bookedFor).toBeUndefined();
  });

  it('weighs a booked ticket as a walk-in where its category has no booked rules', () => {
    const other = ticket('B900', 0, { categoryId: 'B', booked: true, queuedAt: NOW - 4 * MIN });
    expect(score(other, NOW, BOOKED)).toBe(4);
  });
});
