/**
 * The figures the simulation reports on a day's outcomes: how long each class of clients waited,
 * and how well the ranges printed on their tickets matched.
 */
import type { WaitEstimate } from '../../server/src/modules/queue/wait-estimate.ts';
import type { DayOutcome } from './office-day.ts';
import type { Scenario } from './scenario.ts';

/** Wait statistics of one class of clients. */
export interface WaitStats {
  count: number;
  mean: number;
  p95: number;
  max: number;
  overMaxWait: number;
}

/** The nearest-rank percentile (the value at rank ⌈p·n⌉ of the sorted sample). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

export function waitStats(outcomes: readonly DayOutcome[], scenario: Scenario): WaitStats {
  const maxWait = new Map(scenario.categories.map((c) => [c.id, c.maxWaitMinutes ?? null]));
  const waits = outcomes.map((o) => o.waitMinutes).sort((a, b) => a - b);
  const over = outcomes.filter((o) => {
    const max = maxWait.get(o.client.categoryId);
    return max !== null && max !== undefined && o.waitMinutes > max;
  }).length;
  return {
    count: waits.length,
    mean: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : 0,
    p95: percentile(waits, 0.95),
    max: waits[waits.length - 1] ?? 0,
    overMaxWait: over,
  };
}

/** How well the printed ranges matched the waits. */
export interface EstimateAccuracy {
  count: number;
  /** Mean |actual − centre of the printed range|, minutes. */
  meanAbsoluteError: number;
  /** Share of clients called within their printed range, the wait rounded to whole minutes. */
  withinRange: number;
  /** Share called later than the range's upper end. */
  later: number;
  /** Mean width of the printed range, minutes. */
  meanWidth: number;
}

/** A called client as the accuracy sees it: the range printed on the ticket, and the wait. */
export interface RatedWait {
  estimate: WaitEstimate | null;
  waitMinutes: number;
}

export function estimateAccuracy(outcomes: readonly RatedWait[]): EstimateAccuracy {
  const rated = outcomes.filter((o): o is RatedWait & { estimate: WaitEstimate } => o.estimate !== null);
  let error = 0;
  let within = 0;
  let later = 0;
  let width = 0;
  for (const o of rated) {
    const { minMinutes, maxMinutes } = o.estimate;
    const shown = Math.round(o.waitMinutes);
    error += Math.abs(o.waitMinutes - (minMinutes + maxMinutes) / 2);
    if (shown >= minMinutes && shown <= maxMinutes) within += 1;
    if (shown > maxMinutes) later += 1;
    width += maxMinutes - minMinutes;
  }
  const n = rated.length || 1;
  return {
    count: rated.length,
    meanAbsoluteError: error / n,
    withinRange: within / n,
    later: later / n,
    meanWidth: width / n,
  };
}
