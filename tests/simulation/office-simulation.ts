/**
 * The office-day simulation's policy comparison (docs: shared/design/priority.md, "How we know
 * it is fair"): one scenario's day of clients run under the product's policy, first come first
 * served and strict priority (office-day.ts), with the waits each gives and how well the ranges
 * printed by the server's own wait estimate matched (sim-estimator.ts), so what it measures is
 * what the office gets.
 */
import { generateClients, type SimClient } from './day-clients.ts';
import { runOfficeDay, type DayOutcome } from './office-day.ts';
import { offeredLoad, POLICIES, policySettings, type PolicyName, type Scenario } from './scenario.ts';
import { estimateAccuracy, waitStats, type EstimateAccuracy, type WaitStats } from './wait-figures.ts';

// What the acceptance tests read from the simulation.
export { generateClients } from './day-clients.ts';
export { offeredLoad, type Scenario } from './scenario.ts';
export { percentile } from './wait-figures.ts';

/**
 * Runs the day under one policy (under first come, first served a priority ticket weighs as any
 * other). When `withEstimates`, every ticket gets the estimate the server would print at its
 * issue time.
 */
export function runDay(
  scenario: Scenario,
  clients: readonly SimClient[],
  policy: PolicyName,
  withEstimates = policy === 'fair',
): DayOutcome[] {
  const settings = policySettings(scenario, policy);
  return runOfficeDay({ scenario, clients, settings, weighPriority: policy !== 'fcfs', withEstimates });
}

/** The estimate's accuracy over several seeded days of a scenario, pooled, and its worst day. */
export interface EstimateOverDays extends EstimateAccuracy {
  days: number;
  /** The lowest share within range of a single day. */
  worstDay: number;
}

/**
 * The printed ranges of `days` seeded days of the scenario (seeds `seed`, `seed + 1`, …) under the
 * fair policy, pooled: one day's share within range swings by several points with the day's
 * clients, so a figure that holds is one of many days alike.
 */
export function estimateOverDays(scenario: Scenario, days: number): EstimateOverDays {
  const pooled: DayOutcome[] = [];
  let worstDay = 1;
  for (let d = 0; d < days; d++) {
    const day = { ...scenario, seed: scenario.seed + d };
    const outcomes = runDay(day, generateClients(day), 'fair');
    worstDay = Math.min(worstDay, estimateAccuracy(outcomes).withinRange);
    pooled.push(...outcomes);
  }
  return { ...estimateAccuracy(pooled), days, worstDay };
}

/** The pooled figures as one line (what the CLI prints under a scenario's table). */
export function formatOverDays(e: EstimateOverDays): string {
  return (
    `Over ${e.days} seeded days: called within the printed range ${(e.withinRange * 100).toFixed(1)} %, ` +
    `later than the range ${(e.later * 100).toFixed(1)} %, mean range width ${fmt(e.meanWidth)} min, ` +
    `worst day ${(e.worstDay * 100).toFixed(1)} % (${e.count} tickets).`
  );
}

export interface ClassResult {
  priority: WaitStats;
  regular: WaitStats;
}

export interface SimulationResult {
  scenario: string;
  rho: number;
  clients: number;
  policies: Record<PolicyName, ClassResult>;
  estimate: EstimateAccuracy;
}

/** The whole experiment: one day of clients, run under each policy. */
export function simulate(scenario: Scenario): SimulationResult {
  const clients = generateClients(scenario);
  const policies = {} as Record<PolicyName, ClassResult>;
  let estimate: EstimateAccuracy | null = null;
  for (const policy of POLICIES) {
    const outcomes = runDay(scenario, clients, policy);
    policies[policy] = {
      priority: waitStats(
        outcomes.filter((o) => o.client.priority),
        scenario,
      ),
      regular: waitStats(
        outcomes.filter((o) => !o.client.priority),
        scenario,
      ),
    };
    if (policy === 'fair') estimate = estimateAccuracy(outcomes);
  }
  return {
    scenario: scenario.name,
    rho: offeredLoad(scenario),
    clients: clients.length,
    policies,
    estimate: estimate ?? estimateAccuracy([]),
  };
}

const POLICY_LABEL: Record<PolicyName, string> = {
  fair: 'fair (accumulating ×w)',
  fcfs: 'first come, first served',
  strict: 'strict priority',
};

function fmt(x: number): string {
  return x.toFixed(1);
}

/** The result as a Markdown table (what the CLI prints and the README shows). */
export function formatResult(r: SimulationResult): string {
  const lines = [
    `Scenario: ${r.scenario} — ${r.clients} clients, offered load ρ = ${r.rho.toFixed(2)}`,
    '',
    '| policy | class | clients | mean wait | p95 wait | max wait | over max wait |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const policy of POLICIES) {
    for (const cls of ['priority', 'regular'] as const) {
      const s = r.policies[policy][cls];
      lines.push(
        `| ${POLICY_LABEL[policy]} | ${cls} | ${s.count} | ${fmt(s.mean)} | ${fmt(s.p95)} | ${fmt(s.max)} | ${s.overMaxWait} |`,
      );
    }
  }
  const e = r.estimate;
  lines.push(
    '',
    `Wait estimate (as printed at issue, fair policy): mean absolute error ${fmt(e.meanAbsoluteError)} min, ` +
      `called within the printed range ${(e.withinRange * 100).toFixed(1)} %, later than the range ` +
      `${(e.later * 100).toFixed(1)} %, mean range width ${fmt(e.meanWidth)} min (${e.count} tickets).`,
  );
  return lines.join('\n');
}
