/**
 * Bookings in the office-day simulation (docs/decisions/0033-bookings.md): the same clients as a
 * scenario's day, a share of whom booked a slot and check in at the kiosk a little before it. The
 * day runs three ways on the server's own policy (`chooseNext`):
 *
 * - `none`: nobody booked; everyone is a walk-in, as on the scenario's own day (the baseline);
 * - `merged`: Numerek's merge: a booked ticket waits from its slot with the booked weight and
 *   maximum wait;
 * - `bookingsFirst`: what NovoSGA and Service BC do: every booked client present is called before
 *   every walk-in.
 *
 * Pure and deterministic, like office-simulation.ts.
 */
import { DEFAULT_PRIORITY_WEIGHT } from '@numerek/shared';
import {
  chooseNext,
  eligibleFor,
  isPriority,
  type PolicySettings,
  type WaitingTicket,
} from '../../server/src/modules/queue/queue-policy.ts';
import {
  estimateAccuracy,
  generateClients,
  percentile,
  type EstimateAccuracy,
  policySettings,
  seededRandom,
  type Scenario,
  type SimClient,
} from './office-simulation.ts';
import { SimEstimator, type SimEstimate } from './sim-estimator.ts';
import {
  EXPECTED_HORIZON_MINUTES,
  type Projection,
  type WaitEstimate,
} from '../../server/src/modules/queue/wait-estimate.ts';

/** How a scenario's clients book. */
export interface BookingPlan {
  /** Share of the day's clients who booked a slot (0…1). */
  share: number;
  slotMinutes: number;
  /** Clients booked into one slot of a category at most. */
  perSlot: number;
  /** A booked client checks in between 0 and this many minutes before the slot. */
  earlyMinutes: number;
  /** The booked weight and maximum wait after the slot (the category's booking settings). */
  weight: number;
  maxWaitMinutes: number;
  /**
   * Days simulated (seeds `seed`, `seed + 1`, …), pooled: one day's p95 at this load swings with
   * a handful of clients, so the figures are of many days alike (default 1).
   */
  days?: number;
}

export interface BookingScenario extends Scenario {
  bookings: BookingPlan;
}

export const BOOKING_MODES = ['none', 'merged', 'bookingsFirst'] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];

/** A client of the booked day: as the scenario's, and for a booked one its slot and kiosk time. */
export interface BookedClient extends SimClient {
  /** Minutes from opening of the booked slot's start; null for a walk-in. */
  slot: number | null;
  /** When the client takes a ticket or checks in at the kiosk, minutes from opening. */
  checkIn: number;
}

export interface BookedOutcome {
  client: BookedClient;
  calledAt: number;
  /** Minutes from the ticket (the check-in for a booked client) to the call. */
  waitMinutes: number;
  /** The range printed on the ticket (merged mode), counting the bookings not yet checked in. */
  estimate: WaitEstimate | null;
  /** The range the same estimate would print without counting those bookings. */
  estimateWithoutBookings: WaitEstimate | null;
  /** The projection the printed range was put around. */
  projection: Projection | null;
}

const MIN = 60_000;
const DAY_START = Date.UTC(2026, 10, 23, 7, 0);
const EPS = 1e-9;

/**
 * The scenario's clients, `share` of them booked. A booked client takes the first slot of its
 * category at or after the moment it would have come that still has a place (`perSlot` per slot,
 * as the booking settings give), inside the opening hours; one who finds none comes as a walk-in.
 * It checks in up to `earlyMinutes` before the slot. Walk-ins keep their arrival. The same clients
 * in every mode.
 */
export function bookedClients(scenario: BookingScenario): BookedClient[] {
  const random = seededRandom(scenario.seed ^ 0x5eed);
  const { share, slotMinutes, earlyMinutes, perSlot } = scenario.bookings;
  const hours = Math.max(...scenario.categories.map((c) => c.arrivalsPerHour.length));
  const lastSlot = hours * 60 - slotMinutes;
  const taken = new Map<string, number>();
  return generateClients(scenario).map((c) => {
    if (random() >= share) return { ...c, slot: null, checkIn: c.arrival };
    const early = random() * earlyMinutes;
    for (let slot = Math.ceil(c.arrival / slotMinutes) * slotMinutes; slot <= lastSlot; slot += slotMinutes) {
      const key = `${c.categoryId}@${slot}`;
      if ((taken.get(key) ?? 0) >= perSlot) continue;
      taken.set(key, (taken.get(key) ?? 0) + 1);
      return { ...c, slot, checkIn: Math.max(0, slot - early) };
    }
    return { ...c, slot: null, checkIn: c.arrival };
  });
}

function settingsFor(scenario: BookingScenario, mode: BookingMode): PolicySettings {
  const base = policySettings(scenario, 'fair');
  if (mode === 'none') return base;
  const booked: Record<string, { weight: number; maxWaitMinutes: number }> = {};
  for (const c of scenario.categories)
    booked[c.id] = { weight: scenario.bookings.weight, maxWaitMinutes: scenario.bookings.maxWaitMinutes };
  return { ...base, booked };
}

/**
 * Runs the day in one mode: counters call whenever they are free and open (breaks as in
 * office-simulation.ts); a client arrives at `checkIn`, a booked one waiting from its slot.
 */
export function runBookedDay(
  scenario: BookingScenario,
  clients: readonly BookedClient[],
  mode: BookingMode,
): BookedOutcome[] {
  const settings = settingsFor(scenario, mode);
  const weight = scenario.priorityWeight ?? DEFAULT_PRIORITY_WEIGHT;
  const noShowMinutes = scenario.noShowMinutes ?? 1;
  const toMs = (minutes: number): number => DAY_START + Math.round(minutes * MIN);
  const arrivals = [...clients].sort((a, b) => a.checkIn - b.checkIn || a.id.localeCompare(b.id));
  const byId = new Map(clients.map((c) => [c.id, c]));
  const counters = scenario.counters.map((k) => ({
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
  const outcomes: BookedOutcome[] = [];
  const estimator = new SimEstimator(
    scenario.categories.map((c) => c.id),
    settings,
    weight,
    toMs,
  );
  const estimates = new Map<string, { counted: SimEstimate; without: WaitEstimate }>();
  const isOpen = (k: (typeof counters)[number], now: number) =>
    now + EPS >= k.opensAt && now + EPS >= k.onBreakUntil;

  let next = 0;
  let now = -1;
  for (;;) {
    const arrival = arrivals[next];
    if (!arrival && waiting.length === 0) break;
    let t = arrival ? arrival.checkIn : Infinity;
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

    while (arrivals[next] && (arrivals[next]?.checkIn ?? Infinity) <= now + EPS) {
      const c = arrivals[next] as BookedClient;
      next += 1;
      const booked = mode !== 'none' && c.slot !== null;
      const ticket: WaitingTicket = {
        id: c.id,
        code: c.code,
        categoryId: c.categoryId,
        weight: c.priority ? weight : 1,
        queuedAt: toMs(booked && c.slot !== null ? c.slot : c.checkIn),
        targetCounterId: null,
        ...(booked ? { booked: true } : {}),
      };
      if (mode === 'merged') {
        // The bookings of the day not yet checked in, as the server reads them: a booked ticket
        // of weight 1 at its slot (whether the client has priority is told only at the kiosk).
        const due: WaitingTicket[] = arrivals.slice(next).flatMap((b) =>
          b.slot === null || b.slot > now + EXPECTED_HORIZON_MINUTES
            ? []
            : [
                {
                  id: b.id,
                  code: b.code,
                  categoryId: b.categoryId,
                  weight: 1,
                  queuedAt: toMs(b.slot),
                  targetCounterId: null,
                  booked: true,
                },
              ],
        );
        estimates.set(c.id, {
          counted: estimator.estimate(ticket, waiting, counters, now, due),
          without: estimator.estimate(ticket, waiting, counters, now).estimate,
        });
      }
      waiting.push(ticket);
      estimator.issued(ticket, now);
    }

    for (const k of counters) {
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at && now + EPS >= k.freeAt && now + EPS >= k.onBreakUntil) {
        k.onBreakUntil = now + b.minutes;
        k.freeAt = k.onBreakUntil;
        k.nextBreak += 1;
      }
    }
    for (const k of counters) {
      if (k.freeAt > now + EPS || !isOpen(k, now) || waiting.length === 0) continue;
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at) continue;
      let chosen: WaitingTicket | null = null;
      if (mode === 'bookingsFirst') {
        const present = waiting.filter((w) => w.booked === true && eligibleFor(k, w));
        chosen = present.sort((x, y) => x.queuedAt - y.queuedAt)[0] ?? null;
      }
      chosen ??=
        chooseNext(
          mode === 'bookingsFirst' ? waiting.filter((w) => w.booked !== true) : waiting,
          k,
          settings,
          toMs(now),
        )?.ticket ?? null;
      if (!chosen) continue;
      waiting.splice(waiting.indexOf(chosen), 1);
      k.consecutivePriorityCalls = isPriority(chosen) ? k.consecutivePriorityCalls + 1 : 0;
      const client = byId.get(chosen.id) as BookedClient;
      k.freeAt = now + (client.noShow ? noShowMinutes : client.serviceMinutes);
      if (!client.noShow) estimator.served(client.categoryId, k.freeAt, client.serviceMinutes);
      const printed = estimates.get(client.id);
      outcomes.push({
        client,
        calledAt: now,
        waitMinutes: now - client.checkIn,
        estimate: printed?.counted.estimate ?? null,
        projection: printed?.counted.projection ?? null,
        estimateWithoutBookings: printed?.without ?? null,
      });
    }
  }
  return outcomes;
}

export interface BookingModeResult {
  /** Walk-ins' waits: p95 and mean, minutes from their ticket. */
  walkInP95: number;
  walkInMean: number;
  /** Booked clients called at most 10 minutes after their slot (or before it), share. */
  bookedOnTime: number;
  /** Booked clients' p95 of minutes from the slot to the call (negative: called early). */
  bookedP95FromSlot: number;
}

export interface BookingResult {
  scenario: string;
  days: number;
  clients: number;
  booked: number;
  /** The no-bookings day: every client's p95 wait. */
  noBookingsP95: number;
  modes: Record<Exclude<BookingMode, 'none'>, BookingModeResult>;
  /** The ranges printed in the merged day (walk-ins and booked clients), counting the bookings due. */
  estimate: EstimateAccuracy;
  /** The same, walk-ins only. */
  walkInEstimate: EstimateAccuracy;
  /** The walk-ins' ranges had the estimate not counted the bookings not yet checked in. */
  walkInEstimateWithoutBookings: EstimateAccuracy;
}

function modeResult(outcomes: readonly BookedOutcome[]): BookingModeResult {
  const walkIns = outcomes
    .filter((o) => o.client.slot === null)
    .map((o) => o.calledAt - o.client.checkIn)
    .sort((a, b) => a - b);
  const fromSlot = outcomes
    .filter((o) => o.client.slot !== null)
    .map((o) => o.calledAt - (o.client.slot ?? 0))
    .sort((a, b) => a - b);
  return {
    walkInP95: percentile(walkIns, 0.95),
    walkInMean: walkIns.reduce((a, b) => a + b, 0) / (walkIns.length || 1),
    bookedOnTime: fromSlot.filter((m) => m <= 10).length / (fromSlot.length || 1),
    bookedP95FromSlot: percentile(fromSlot, 0.95),
  };
}

/** The days in the three modes, each day on the same clients in every mode; figures pooled. */
export function simulateBookings(scenario: BookingScenario): BookingResult {
  const days = scenario.bookings.days ?? 1;
  const runs: Record<BookingMode, BookedOutcome[]> = { none: [], merged: [], bookingsFirst: [] };
  let clients = 0;
  let booked = 0;
  for (let d = 0; d < days; d++) {
    const day = { ...scenario, seed: scenario.seed + d };
    const dayClients = bookedClients(day);
    clients += dayClients.length;
    booked += dayClients.filter((c) => c.slot !== null).length;
    for (const mode of BOOKING_MODES) runs[mode].push(...runBookedDay(day, dayClients, mode));
  }
  const waits = runs.none.map((o) => o.calledAt - o.client.checkIn).sort((a, b) => a - b);
  const walkIns = runs.merged.filter((o) => o.client.slot === null);
  return {
    scenario: scenario.name,
    days,
    clients,
    booked,
    noBookingsP95: percentile(waits, 0.95),
    modes: { merged: modeResult(runs.merged), bookingsFirst: modeResult(runs.bookingsFirst) },
    estimate: estimateAccuracy(runs.merged),
    walkInEstimate: estimateAccuracy(walkIns),
    walkInEstimateWithoutBookings: estimateAccuracy(
      walkIns.map((o) => ({ estimate: o.estimateWithoutBookings, waitMinutes: o.waitMinutes })),
    ),
  };
}

export function formatBookingResult(r: BookingResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const min = (x: number) => `${x.toFixed(1)} min`;
  const row = (name: string, m: BookingModeResult) =>
    `  ${name.padEnd(16)} walk-ins p95 ${min(m.walkInP95).padStart(9)} (${(m.walkInP95 / r.noBookingsP95).toFixed(2)} × no bookings), mean ${min(m.walkInMean).padStart(9)}; booked called within 10 min of the slot ${pct(m.bookedOnTime).padStart(7)}, p95 ${min(m.bookedP95FromSlot)} from the slot`;
  return [
    `${r.scenario}: ${r.days} day${r.days === 1 ? '' : 's'}, ${r.clients} clients, ${r.booked} booked (${pct(r.booked / r.clients)})`,
    `  no bookings      every client's p95 ${min(r.noBookingsP95)}`,
    row('merged (Numerek)', r.modes.merged),
    row('bookings first', r.modes.bookingsFirst),
    `  wait estimate (merged): called within the printed range ${pct(r.estimate.withinRange)}, mean range width ${min(r.estimate.meanWidth)} (${r.estimate.count} tickets); walk-ins ${pct(r.walkInEstimate.withinRange)}, ${pct(r.walkInEstimateWithoutBookings.withinRange)} had the bookings due not been counted`,
  ].join('\n');
}
