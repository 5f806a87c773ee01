/**
 * A discrete-event simulation of one office day (docs: shared/design/priority.md, "How we know
 * it is fair"). It drives the server's own call-next policy (`chooseNext`) and the server's own
 * wait estimate (`projectWaitInOffice` and `waitRange`, fed what the server knows at issue: see
 * sim-estimator.ts), so what it measures is what the office gets.
 *
 * Pure and deterministic: everything random comes from a seeded generator, time is simulated
 * minutes turned into epoch milliseconds from a fixed day.
 */
import { DEFAULT_PRIORITY_WEIGHT } from '@numerek/shared';
import {
  chooseNext,
  isPriority,
  type PolicySettings,
  type WaitingTicket,
} from '../../server/src/modules/queue/queue-policy.ts';
import type { Projection, WaitEstimate } from '../../server/src/modules/queue/wait-estimate.ts';
import { SimEstimator, type SimEstimate } from './sim-estimator.ts';

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

/** A client of the simulated day, the same in every policy run. */
export interface SimClient {
  id: string;
  code: string;
  categoryId: string;
  priority: boolean;
  /** Minutes from opening. */
  arrival: number;
  serviceMinutes: number;
  noShow: boolean;
}

/** What happened to one client in one run. */
export interface SimOutcome {
  client: SimClient;
  /** Minutes from opening when the client was called. */
  calledAt: number;
  waitMinutes: number;
  estimate: WaitEstimate | null;
  /** The projection the printed range was put around (null without estimate). */
  projection: Projection | null;
}

export const POLICIES = ['fair', 'fcfs', 'strict'] as const;
/** `fair`: the product's policy with the scenario's guard rails; `fcfs`: first come, first served; `strict`: priority always first. */
export type PolicyName = (typeof POLICIES)[number];

const MIN = 60_000;
/** The simulated day's opening, as epoch ms (only differences matter). */
const DAY_START = Date.UTC(2026, 10, 23, 7, 0);

/** mulberry32: small, fast, good enough for a simulation; the same seed gives the same day. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function logNormal(random: () => number, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  return Math.exp(mu + Math.sqrt(sigma2) * standardNormal(random));
}

/**
 * The day's clients: a Poisson process per category with a rate constant within each hour,
 * each client with a log-normal service time, a priority flag and a no-show flag. Sorted by
 * arrival.
 */
export function generateClients(scenario: Scenario): SimClient[] {
  const random = seededRandom(scenario.seed);
  const clients: Array<Omit<SimClient, 'id' | 'code'>> = [];
  for (const c of scenario.categories) {
    c.arrivalsPerHour.forEach((perHour, hour) => {
      if (perHour <= 0) return;
      let t = hour * 60 + exponential(random, perHour / 60);
      while (t < (hour + 1) * 60) {
        clients.push({
          categoryId: c.id,
          priority: random() < scenario.priorityShare,
          arrival: t,
          serviceMinutes: logNormal(random, c.serviceMinutes.mean, c.serviceMinutes.cv),
          noShow: random() < scenario.noShowShare,
        });
        t += exponential(random, perHour / 60);
      }
    });
  }
  clients.sort((a, b) => a.arrival - b.arrival || a.categoryId.localeCompare(b.categoryId));
  const numbers = new Map<string, number>();
  return clients.map((c, i) => {
    const n = (numbers.get(c.categoryId) ?? 0) + 1;
    numbers.set(c.categoryId, n);
    return {
      ...c,
      id: `t${String(i).padStart(5, '0')}`,
      code: `${c.categoryId}${String(n).padStart(3, '0')}`,
    };
  });
}

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

interface CounterState {
  id: string;
  categoryIds: string[];
  opensAt: number;
  freeAt: number;
  breaks: Array<{ at: number; minutes: number }>;
  nextBreak: number;
  onBreakUntil: number;
  consecutivePriorityCalls: number;
}

const EPS = 1e-9;

/**
 * Runs the day under one policy. Counters call whenever they are free, open and not on a break;
 * a break starts when the clerk is first free at or after its time. Arrivals stop at closing
 * time and the counters serve everyone who has a ticket. When `withEstimates`, every ticket gets
 * the estimate the server would print at its issue time.
 */
export function runDay(
  scenario: Scenario,
  clients: readonly SimClient[],
  policy: PolicyName,
  withEstimates = policy === 'fair',
): SimOutcome[] {
  const settings = policySettings(scenario, policy);
  const weight = scenario.priorityWeight ?? DEFAULT_PRIORITY_WEIGHT;
  const noShowMinutes = scenario.noShowMinutes ?? 1;
  const counters: CounterState[] = scenario.counters.map((k) => ({
    id: k.id,
    categoryIds: k.categoryIds,
    opensAt: k.opensAt ?? 0,
    freeAt: k.opensAt ?? 0,
    breaks: [...(k.breaks ?? [])].sort((a, b) => a.at - b.at),
    nextBreak: 0,
    onBreakUntil: -Infinity,
    consecutivePriorityCalls: 0,
  }));
  const waiting: WaitingTicket[] = [];
  const byId = new Map(clients.map((c) => [c.id, c]));
  const estimates = new Map<string, SimEstimate>();
  const outcomes: SimOutcome[] = [];
  const toMs = (minutes: number): number => DAY_START + Math.round(minutes * MIN);
  const estimator = new SimEstimator(
    scenario.categories.map((c) => c.id),
    settings,
    weight,
    toMs,
  );
  const isOpen = (k: CounterState, now: number): boolean =>
    now + EPS >= k.opensAt && now + EPS >= k.onBreakUntil;

  // A counter whose clerk is free at or after a break's time goes on that break now.
  const startBreaks = (now: number): void => {
    for (const k of counters) {
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at && now + EPS >= k.freeAt && now + EPS >= k.onBreakUntil) {
        k.onBreakUntil = now + b.minutes;
        k.freeAt = k.onBreakUntil;
        k.nextBreak += 1;
      }
    }
  };

  let next = 0;
  let now = -1;
  for (;;) {
    // The next moment something can happen: an arrival, a counter becoming free or opening, a
    // break starting or ending. Everything at or before `now` has been handled.
    const arrival = clients[next];
    if (!arrival && waiting.length === 0) break;
    let t = arrival ? arrival.arrival : Infinity;
    const later = (x: number): void => {
      if (x > now + EPS && x < t) t = x;
    };
    if (now < 0) later(0);
    for (const k of counters) {
      later(k.freeAt);
      later(k.opensAt);
      later(k.onBreakUntil);
      const b = k.breaks[k.nextBreak];
      if (b) later(b.at);
    }
    if (t === Infinity) break;
    now = t;

    while (clients[next] && (clients[next]?.arrival ?? Infinity) <= now + EPS) {
      const c = clients[next] as SimClient;
      next += 1;
      const ticket: WaitingTicket = {
        id: c.id,
        code: c.code,
        categoryId: c.categoryId,
        weight: policy !== 'fcfs' && c.priority ? weight : 1,
        queuedAt: toMs(c.arrival),
        targetCounterId: null,
      };
      if (withEstimates) estimates.set(c.id, estimator.estimate(ticket, waiting, counters, now));
      waiting.push(ticket);
      estimator.issued(ticket, now);
    }

    startBreaks(now);
    for (const k of counters) {
      if (k.freeAt > now + EPS || !isOpen(k, now) || waiting.length === 0) continue;
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at) continue;
      const choice = chooseNext(waiting, k, settings, toMs(now));
      if (!choice) continue;
      const index = waiting.indexOf(choice.ticket);
      waiting.splice(index, 1);
      k.consecutivePriorityCalls = isPriority(choice.ticket) ? k.consecutivePriorityCalls + 1 : 0;
      const client = byId.get(choice.ticket.id) as SimClient;
      const busy = client.noShow ? noShowMinutes : client.serviceMinutes;
      k.freeAt = now + busy;
      if (!client.noShow) estimator.served(client.categoryId, k.freeAt, client.serviceMinutes);
      outcomes.push({
        client,
        calledAt: now,
        waitMinutes: now - client.arrival,
        estimate: estimates.get(client.id)?.estimate ?? null,
        projection: estimates.get(client.id)?.projection ?? null,
      });
    }
  }
  return outcomes;
}

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

export function waitStats(outcomes: readonly SimOutcome[], scenario: Scenario): WaitStats {
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
  const pooled: SimOutcome[] = [];
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
