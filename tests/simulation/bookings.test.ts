import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bookedClients, simulateBookings, type BookingScenario } from './booking-simulation.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const scenario = JSON.parse(
  readFileSync(path.join(here, 'scenarios', 'bookings-day.json'), 'utf8'),
) as BookingScenario;
const day = simulateBookings(scenario);
/** Twenty seeded days of the same office, pooled: one day's p95 swings with a handful of clients. */
const month = simulateBookings({ ...scenario, bookings: { ...scenario.bookings, days: 20 } });

describe('a reference day with 30 % booked clients', () => {
  it('has 30 % of clients ask for a slot; those who find one inside the opening hours book it', () => {
    expect(scenario.bookings.share).toBe(0.3);
    // Two places per 20-minute slot and category: a few find none and come as walk-ins.
    expect(day.booked / day.clients).toBeGreaterThan(0.25);
    expect(day.booked / day.clients).toBeLessThanOrEqual(0.3);
    const slots = bookedClients(scenario).flatMap((c) => (c.slot === null ? [] : [c.slot]));
    expect(Math.max(...slots)).toBeLessThanOrEqual(8 * 60 - scenario.bookings.slotMinutes);
  });

  it('calls at least 90 % of booked clients within 10 minutes of their slot', () => {
    expect(day.modes.merged.bookedOnTime).toBeGreaterThanOrEqual(0.9);
    expect(month.modes.merged.bookedOnTime).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the walk-ins’ p95 wait within 1.2 × the day without bookings, on the day and over twenty days', () => {
    expect(day.modes.merged.walkInP95).toBeLessThanOrEqual(1.2 * day.noBookingsP95);
    expect(month.modes.merged.walkInP95).toBeLessThanOrEqual(1.2 * month.noBookingsP95);
  });

  it('prints walk-ins a range that counts the bookings due before them: fewer called later than printed', () => {
    const counted = month.walkInEstimate;
    const without = month.walkInEstimateWithoutBookings;
    expect(counted.count).toBe(month.clients - month.booked);
    expect(counted.later).toBeLessThan(without.later);
    expect(counted.meanAbsoluteError).toBeLessThan(without.meanAbsoluteError);
    // 90 % over the twenty days; the file's day falls short (docs/decisions/0007-wait-estimate.md).
    expect(month.estimate.withinRange).toBeGreaterThanOrEqual(0.9);
    expect(day.estimate.withinRange).toBeGreaterThanOrEqual(0.87);
    expect(month.estimate.meanWidth).toBeLessThanOrEqual(15);
    expect(day.estimate.meanWidth).toBeLessThanOrEqual(15);
  });

  it('serves walk-ins better than “bookings first” does, on the day and over twenty days', () => {
    expect(day.modes.merged.walkInP95).toBeLessThan(day.modes.bookingsFirst.walkInP95);
    expect(month.modes.merged.walkInP95).toBeLessThan(month.modes.bookingsFirst.walkInP95);
    expect(month.modes.merged.walkInMean).toBeLessThan(month.modes.bookingsFirst.walkInMean);
  });
});
