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
 * Pure and deterministic, like the office day it runs on (office-day.ts).
 */
import type { PolicySettings } from '../../server/src/modules/queue/queue-policy.ts';
import { generateClients, seededRandom } from './day-clients.ts';
import { runOfficeDay, type DayClient, type DayOutcome } from './office-day.ts';
import { policySettings, type Scenario } from './scenario.ts';
import { estimateAccuracy, percentile, type EstimateAccuracy } from './wait-figures.ts';

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

/** A client of the booked day: as the scenario's, with its kiosk time and (null for a walk-in) its slot. */
export type BookedClient = Required<DayClient>;

/** What happened to a client of the booked day (the estimates are printed in merged mode only). */
export type BookedOutcome = DayOutcome<BookedClient>;

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

/** Runs the day in one mode (office-day.ts): a client arrives at `checkIn`, a booked one waiting from its slot. */
export function runBookedDay(
  scenario: BookingScenario,
  clients: readonly BookedClient[],
  mode: BookingMode,
): BookedOutcome[] {
  return runOfficeDay({
    scenario,
    clients,
    settings: settingsFor(scenario, mode),
    weighPriority: true,
    withEstimates: mode === 'merged',
    bookings: mode === 'none' ? undefined : mode,
  });
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
