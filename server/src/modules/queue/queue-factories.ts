import { chooseNext } from './queue-policy.ts';
import { estimateWait, type EstimateInput } from './wait-estimate.ts';
import type { CallTicketFacts } from '@numerek/shared';
import type { PolicyChoice, PolicyCounter, PolicySettings, WaitingTicket } from './queue-policy.types.ts';

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

/** A priority ticket (weight 3 unless given) of category A that has waited `waitedMinutes` at NOW. */
export function priority(code: string, waitedMinutes: number, weight = 3, over: Partial<WaitingTicket> = {}) {
  return ticket(code, waitedMinutes, { weight, ...over });
}

/** What chooseNext calls; fails the test when it calls nobody. */
export function pick(
  waiting: readonly WaitingTicket[],
  c = counter(),
  s = settings(),
  now = NOW,
): PolicyChoice {
  const choice = chooseNext(waiting, c, s, now);
  if (choice === null) throw new Error('expected a choice');
  return choice;
}

/**
 * The part of a queue TicketRepository reads for a counter (`candidates` with 2, the clerk's list
 * with more): every ticket transferred to a counter and every booked one, and the `perClass`
 * oldest of each (category, weight) class of the others, oldest by `queuedAt`, then `id`.
 */
export function classHeads(waiting: readonly WaitingTicket[], perClass: number): WaitingTicket[] {
  const classes = new Map<string, WaitingTicket[]>();
  const whole: WaitingTicket[] = [];
  for (const t of waiting) {
    if (t.targetCounterId !== null || t.booked === true) whole.push(t);
    else {
      const key = `${t.categoryId}\u0000${t.weight}`;
      classes.set(key, [...(classes.get(key) ?? []), t]);
    }
  }
  const byArrival = (a: WaitingTicket, b: WaitingTicket) =>
    a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...whole, ...[...classes.values()].flatMap((c) => c.sort(byArrival).slice(0, perClass))];
}

export function isError(r: PolicyChoice | { error: string }): r is { error: string } {
  return 'error' in r;
}

/** estimateWait with one server of 4 minutes and nobody waiting, unless told otherwise. */
export function estimate(over: Partial<EstimateInput> & Pick<EstimateInput, 'ticket'>) {
  return estimateWait({
    waiting: [],
    servers: 1,
    configuredServers: 1,
    meanServiceMinutes: 4,
    settings: settings(),
    now: NOW,
    ...over,
  });
}

/** Ten regular tickets that waited 1…10 minutes. */
export const tenRegulars = Array.from({ length: 10 }, (_, i) =>
  ticket(`A${String(i + 1).padStart(3, '0')}`, 10 - i),
);
export const newRegular = ticket('A011', 0);
export const newPriority = ticket('A012', 0, { weight: 3 });

/** A ticket as a call's decision describes it: waited `waitedMinutes`, score weight × wait. */
export function facts(code: string, waitedMinutes: number, weight = 1): CallTicketFacts {
  return { code, weight, waitedMinutes, score: Math.round(weight * waitedMinutes * 10) / 10 };
}
