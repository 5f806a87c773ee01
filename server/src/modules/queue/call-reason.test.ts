import { describe, expect, it } from 'vitest';
import { describeDecision } from './call-reason.ts';
import { facts } from './queue-factories.ts';

// The English `reason` is for the API's integrators and the log; the apps render the decision.
describe('describeDecision', () => {
  it('says a ticket’s class and weight, its wait and score, and the ticket it passed', () => {
    expect(describeDecision({ rule: 'score', ticket: facts('A040', 6, 3), other: facts('A031', 14) })).toBe(
      'priority ×3, waited 6 min, score 18, ahead of regular A031 that waited 14 min (score 14)',
    );
  });

  it('describes each rule from its own facts', () => {
    const max = describeDecision({
      rule: 'max_wait',
      ticket: facts('B003', 40),
      other: facts('A007', 35, 3),
      maxWaitMinutes: 10,
      overMaxWait: 3,
    });
    expect(max).toBe(
      'regular, waited 40 min, passed the maximum wait of 10 min (oldest of 3 over their maximum wait), ' +
        'ahead of priority ×3 A007 that waited 35 min',
    );
    const cap = { rule: 'priority_cap', ticket: facts('A019', 8), other: facts('A050', 10, 3) } as const;
    expect(describeDecision({ ...cap, priorityCallsInRow: 1 })).toContain('after 1 priority call in a row');
    expect(describeDecision({ rule: 'strict', ticket: facts('A001', 4), other: null })).toBe(
      'regular, waited 4 min, strict priority order, the only ticket waiting for this counter',
    );
    expect(
      describeDecision({ rule: 'chosen', ticket: facts('A001', 2), other: null, reasonCode: 'appointment' }),
    ).toBe('chosen by the clerk (reason: appointment); the policy would have called it too');
  });

  it('says the minutes and the score as the decision gives them, so that weight × minutes is the score', () => {
    const text = describeDecision({
      rule: 'score',
      ticket: { code: 'R001', weight: 4, waitedMinutes: 2.9, score: 11.6 },
      other: { code: 'A001', weight: 1, waitedMinutes: 11.5, score: 11.5 },
    });
    expect(text).toBe(
      'priority ×4, waited 2.9 min, score 11.6, ahead of regular A001 that waited 11.5 min (score 11.5)',
    );
  });

  it('never says more than the decision’s data', () => {
    const text = describeDecision({ rule: 'score', ticket: facts('A001', 2, 1.5), other: null });
    expect(text).toMatch(/^priority ×1\.5, /);
    expect(text).not.toMatch(/disab|pregnan|elder|senior|veteran|group/i);
  });
});
