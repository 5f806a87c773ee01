import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  estimateOverDays,
  generateClients,
  offeredLoad,
  percentile,
  runDay,
  simulate,
  type Scenario,
} from './office-simulation.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const load = (name: string): Scenario =>
  JSON.parse(readFileSync(path.join(here, 'scenarios', name), 'utf8')) as Scenario;

const reference = load('reference-town-hall.json');
const result = simulate(reference);
const fair = result.policies.fair;
const fcfs = result.policies.fcfs;

// The acceptance thresholds of shared/design/priority.md on the reference day.
describe('the reference town-hall day', () => {
  it('is the day the design describes: ρ ≈ 0.9, 20 % priority, a maximum wait configured', () => {
    expect(result.rho).toBeGreaterThan(0.85);
    expect(result.rho).toBeLessThan(1);
    expect(fair.priority.count / (fair.priority.count + fair.regular.count)).toBeCloseTo(0.2, 1);
    expect(reference.categories.every((c) => typeof c.maxWaitMinutes === 'number')).toBe(true);
  });

  it("keeps regular clients' p95 wait within 1.25 × their p95 under first come, first served", () => {
    expect(fair.regular.p95).toBeLessThanOrEqual(1.25 * fcfs.regular.p95);
  });

  it('lets no ticket wait beyond the configured maximum while ρ < 1', () => {
    expect(fair.priority.overMaxWait + fair.regular.overMaxWait).toBe(0);
  });

  it('calls at least 90 % of clients within the range printed on their ticket, ranges 15 minutes wide on average at most', () => {
    expect(result.estimate.count).toBe(fair.priority.count + fair.regular.count);
    expect(result.estimate.withinRange).toBeGreaterThanOrEqual(0.9);
    expect(result.estimate.meanWidth).toBeLessThanOrEqual(15);
  });

  it('gives priority clients a much shorter mean wait than regular clients', () => {
    expect(fair.priority.mean).toBeLessThan(0.5 * fair.regular.mean);
  });

  // With the default weight 4 (docs/decisions/0010-default-priority-weight.md); at weight 3 this
  // day gives 45 %.
  it("priority clients' mean wait ≤ 40 % of regular clients' mean wait", () => {
    expect(fair.priority.mean).toBeLessThanOrEqual(0.4 * fair.regular.mean);
  });
});

describe('the wait estimate where counters serve several categories', () => {
  it('calls at least 90 % of clients within their range when every counter serves two categories', () => {
    const shared = simulate(load('shared-counters-day.json'));
    expect(shared.rho).toBeGreaterThan(0.85);
    expect(shared.estimate.withinRange).toBeGreaterThanOrEqual(0.9);
    expect(shared.estimate.meanWidth).toBeLessThanOrEqual(15);
  });
});

// docs/decisions/0007-wait-estimate.md: what each scenario's day gives, and where it falls short
// of 90 % within a range 15 minutes wide on average (floors, so that a change that makes it worse
// is seen).
describe('the wait estimate in the other scenarios', () => {
  it('calls at least 90 % of clients within their range on a quiet day', () => {
    const quiet = simulate(load('quiet-day.json')).estimate;
    expect(quiet.withinRange).toBeGreaterThanOrEqual(0.9);
    expect(quiet.meanWidth).toBeLessThanOrEqual(15);
  });

  it('calls at least 88 % within their range on a day with 40 % seniors, ranges at most 15 minutes wide', () => {
    const seniors = simulate(load('seniors-day.json')).estimate;
    expect(seniors.withinRange).toBeGreaterThanOrEqual(0.88);
    expect(seniors.meanWidth).toBeLessThanOrEqual(15);
  });

  it('calls at least 90 % within their range on an overloaded day, with ranges at most 25 minutes wide on average', () => {
    const overloaded = simulate(load('overloaded-day.json')).estimate;
    expect(overloaded.withinRange).toBeGreaterThanOrEqual(0.9);
    expect(overloaded.meanWidth).toBeLessThanOrEqual(25);
  });
});

// One day's share within range swings by several points with its clients (the worst of twenty
// reference days is near 84 %); over twenty seeded days every scenario at ρ ≤ 0.9 holds the
// target, and the overloaded one its floor (docs/decisions/0007-wait-estimate.md).
describe('the wait estimate over twenty seeded days of each scenario', () => {
  for (const file of [
    'reference-town-hall.json',
    'quiet-day.json',
    'seniors-day.json',
    'shared-counters-day.json',
  ]) {
    it(`calls at least 90 % of clients within their range, ranges at most 15 minutes wide on average: ${file}`, () => {
      const month = estimateOverDays(load(file), 20);
      expect(month.withinRange).toBeGreaterThanOrEqual(0.9);
      expect(month.meanWidth).toBeLessThanOrEqual(15);
    });
  }

  it('calls at least 85 % within their range on overloaded days, ranges at most 25 minutes wide on average', () => {
    const month = estimateOverDays(load('overloaded-day.json'), 20);
    expect(month.withinRange).toBeGreaterThanOrEqual(0.85);
    expect(month.meanWidth).toBeLessThanOrEqual(25);
  });
});

describe('the simulation', () => {
  it('is deterministic: the same seed gives the same day', () => {
    expect(simulate(reference)).toEqual(result);
  });

  it('runs the same arrivals under every policy and calls every client once', () => {
    const clients = generateClients(reference);
    for (const policy of ['fair', 'fcfs', 'strict'] as const) {
      const outcomes = runDay(reference, clients, policy);
      expect(outcomes.map((o) => o.client.id).sort()).toEqual(clients.map((c) => c.id).sort());
      expect(outcomes.every((o) => o.waitMinutes >= 0)).toBe(true);
    }
  });

  it('calls in arrival order at one counter under first come, first served', () => {
    const scenario: Scenario = {
      ...reference,
      categories: reference.categories.slice(0, 1),
      counters: [{ id: '1', categoryIds: [reference.categories[0]?.id ?? ''] }],
    };
    const outcomes = runDay(scenario, generateClients(scenario), 'fcfs');
    const arrivals = outcomes.map((o) => o.client.arrival);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
  });

  it('computes the offered load and nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([], 0.5)).toBe(0);
    const one: Scenario = {
      name: 'one',
      seed: 1,
      priorityShare: 0,
      noShowShare: 0,
      categories: [{ id: 'A', name: 'A', arrivalsPerHour: [6, 6], serviceMinutes: { mean: 5, cv: 0.5 } }],
      counters: [{ id: '1', categoryIds: ['A'], breaks: [{ at: 60, minutes: 20 }] }],
    };
    // 12 clients × 5 min over 120 − 20 counter minutes.
    expect(offeredLoad(one)).toBeCloseTo(0.6, 5);
  });

  it('keeps the other scenarios in the loads their names promise', () => {
    expect(simulate(load('quiet-day.json')).rho).toBeLessThan(0.7);
    expect(simulate(load('overloaded-day.json')).rho).toBeGreaterThan(1.05);
    const seniors = simulate(load('seniors-day.json'));
    const p = seniors.policies.fair;
    expect(p.priority.count / (p.priority.count + p.regular.count)).toBeGreaterThan(0.35);
  });
});
