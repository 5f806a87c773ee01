/**
 * `npm run simulate -- <scenario.json> [more.json …]`: runs the office-day simulation on each
 * scenario and prints its table (see office-simulation.ts) and the wait estimate's figures over
 * twenty seeded days; a scenario with `bookings` also prints what booked clients do to the
 * walk-ins' waits, merged and "bookings first" (booking-simulation.ts), on its day and over twenty.
 */
import { readFileSync } from 'node:fs';
import { formatBookingResult, simulateBookings, type BookingScenario } from './booking-simulation.ts';
import { estimateOverDays, formatOverDays, formatResult, simulate } from './office-simulation.ts';
import type { Scenario } from './scenario.ts';

/** Seeded days the estimate's figures are also pooled over (decision 0007). */
const DAYS = 20;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run simulate -- <scenario.json> [more.json …]');
  process.exit(2);
}
for (const file of files) {
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario | BookingScenario;
  console.log(formatResult(simulate(scenario)));
  // A scenario with booked clients also compares Numerek's merge with "bookings first", on its day
  // and over twenty days; the estimate's figures are those of the merged day.
  if ('bookings' in scenario) {
    console.log(formatBookingResult(simulateBookings(scenario)));
    console.log(
      formatBookingResult(simulateBookings({ ...scenario, bookings: { ...scenario.bookings, days: DAYS } })),
    );
  } else console.log(formatOverDays(estimateOverDays(scenario, DAYS)));
  console.log('');
}
