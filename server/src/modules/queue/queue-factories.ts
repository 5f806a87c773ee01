import type { PolicyCounter, PolicySettings, WaitingTicket } from './queue-policy.types.ts';

/** Small builders for the queue's pure cores, shared by their tests. */

export const MIN = 60_000;
/** A fixed moment the tests measure waits from: the cores read no clock. */
export const NOW = Date.UTC(2025, 2, 3, 9, 30);

/** A regular ticket of category A that has waited `waitedMinutes` at NOW. */
export function ticket(
  code: string,
  waitedMinutes: number,
  over: Partial<WaitingTicket> = {},
): WaitingTicket {
  return {
    id: `id-${code}`,
    code,
    categoryId: 'A',
    weight: 1,
    queuedAt: NOW - Math.round(waitedMinutes * MIN),
    targetCounterId: null,
    ...over,
  };
}

/** A counter serving A and B that has made no priority call in a row. */
export function counter(over: Partial<PolicyCounter> = {}): PolicyCounter {
  return { id: 'c1', categoryIds: ['A', 'B'], consecutivePriorityCalls: 0, ...over };
}

/** The policy with no cap, no strict mode and no maximum waits. */
export function settings(over: Partial<PolicySettings> = {}): PolicySettings {
  return { consecutivePriorityCap: null, strictPriority: false, maxWaitMinutes: {}, ...over };
}
