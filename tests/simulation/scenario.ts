/**
 * A scenario file's office day (tests/simulation/scenarios/): its categories, counters and rules,
 * the load they make, and the call-next settings each compared policy runs with.
 */
import type { PolicySettings } from '../../server/src/modules/queue/queue-policy.ts';

/** One category of service, as a scenario file describes it. */
export interface ScenarioCategory {
  id: string;
  /** Polish name, for the printed table only. */
  name: string;
  /** Expected arrivals in each hour from opening (the day lasts as many hours as entries). */
  arrivalsPerHour: number[];
  /** Log-normal service time: mean minutes and coefficient of variation. */
  serviceMinutes: { mean: number; cv: number };
  /** The category's maximum wait (guard rail), minutes; null or missing = none. */
  maxWaitMinutes?: number | null;
}

/** A counter: what it serves and its breaks (taken when the clerk is next free after `at`). */
export interface ScenarioCounter {
  id: string;
  categoryIds: string[];
  /** Minutes from opening when the counter opens (default 0) and closes (default: until the hall is empty). */
  opensAt?: number;
  breaks?: Array<{ at: number; minutes: number }>;
}

export interface Scenario {
  name: string;
  seed: number;
  /** Share of tickets that are priority tickets (0…1). */
  priorityShare: number;
  /** Weight of a priority ticket (default 3). */
  priorityWeight?: number;
  /** Share of called clients who do not come (0…1). */
  noShowShare: number;
  /** Counter minutes lost on a no-show before the next call (default 1). */
  noShowMinutes?: number;
  /** After this many priority calls in a row a counter takes a regular ticket; null = off. */
  consecutivePriorityCap?: number | null;
  categories: ScenarioCategory[];
  counters: ScenarioCounter[];
}

export const POLICIES = ['fair', 'fcfs', 'strict'] as const;
/** `fair`: the product's policy with the scenario's guard rails; `fcfs`: first come, first served; `strict`: priority always first. */
export type PolicyName = (typeof POLICIES)[number];

/**
 * Offered load ρ: counter work the day brings (services and no-show minutes) over the counter
 * minutes available while arrivals come (opening hours minus breaks).
 */
export function offeredLoad(scenario: Scenario): number {
  const noShowMinutes = scenario.noShowMinutes ?? 1;
  let work = 0;
  let hours = 0;
  for (const c of scenario.categories) {
    const arrivals = c.arrivalsPerHour.reduce((a, b) => a + b, 0);
    work +=
      arrivals * ((1 - scenario.noShowShare) * c.serviceMinutes.mean + scenario.noShowShare * noShowMinutes);
    hours = Math.max(hours, c.arrivalsPerHour.length);
  }
  let capacity = 0;
  for (const k of scenario.counters) {
    const breaks = (k.breaks ?? []).reduce((a, b) => a + b.minutes, 0);
    capacity += hours * 60 - (k.opensAt ?? 0) - breaks;
  }
  return capacity > 0 ? work / capacity : Infinity;
}

export function policySettings(scenario: Scenario, policy: PolicyName): PolicySettings {
  const maxWaitMinutes: Record<string, number | null> = {};
  if (policy === 'fair') for (const c of scenario.categories) maxWaitMinutes[c.id] = c.maxWaitMinutes ?? null;
  return {
    consecutivePriorityCap: policy === 'fair' ? (scenario.consecutivePriorityCap ?? null) : null,
    strictPriority: policy === 'strict',
    maxWaitMinutes,
  };
}
