import type { BookingDayPlan, StaffBooking } from '@numerek/shared';

/** A slot of a category's day as the console's table shows it. */
export interface SlotRow {
  at: string;
  time: string;
  /** Places for bookings; 0 for a slot kept for walk-ins. */
  places: number;
  /** Bookings not cancelled, whatever became of them. */
  booked: number;
  checkedIn: number;
  noShow: number;
  /** Places still offered (never below 0: the office's portal may book a full slot). */
  free: number;
  walkIn: boolean;
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** The category's slots of the plan's day, with what became of their bookings. */
export function slotRows(plan: BookingDayPlan, categoryId: string): SlotRow[] {
  const bookings = plan.bookings.filter((b) => b.categoryId === categoryId);
  return plan.slots
    .filter((s) => s.categoryId === categoryId)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((s) => {
      const of = bookings.filter((b) => sameInstant(b.at, s.at));
      return {
        at: s.at,
        time: s.time,
        places: s.places,
        booked: s.booked,
        checkedIn: of.filter((b) => b.status === 'checked_in').length,
        noShow: of.filter((b) => b.status === 'no_show').length,
        free: Math.max(0, s.places - s.booked),
        walkIn: s.places === 0,
      };
    });
}

/** The category's bookings of the day, by slot and then by when they were last changed. */
export function bookingsOf(plan: BookingDayPlan, categoryId: string): StaffBooking[] {
  return plan.bookings
    .filter((b) => b.categoryId === categoryId)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.updatedAt.localeCompare(b.updatedAt));
}

/** The day's totals over the slots for bookings. */
export function dayTotals(rows: readonly SlotRow[]): { places: number; booked: number; free: number } {
  return rows.reduce(
    (t, r) => ({ places: t.places + r.places, booked: t.booked + r.booked, free: t.free + r.free }),
    { places: 0, booked: 0, free: 0 },
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An instant of a booking's day as HH:MM in the office's time zone, which the console does not
 * know by name: the booking's slot carries both its instant and its office time, so their
 * difference is the office's offset from UTC that day.
 */
export function officeTime(b: Pick<StaffBooking, 'at' | 'time'>, iso: string): string {
  const [h, m] = b.time.split(':').map(Number);
  const slot = new Date(b.at);
  const utcMinutes = (d: Date) => d.getUTCHours() * 60 + d.getUTCMinutes();
  // The offset lies within a day: -12 h to +14 h.
  const offset = (((((h ?? 0) * 60 + (m ?? 0) - utcMinutes(slot)) % 1440) + 1440 + 720) % 1440) - 720;
  const local = (((utcMinutes(new Date(iso)) + offset) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(local / 60))}:${pad(local % 60)}`;
}
