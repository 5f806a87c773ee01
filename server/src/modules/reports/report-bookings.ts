/**
 * The bookings' part of the reports (docs/decisions/0033-bookings.md), pure like the rest of the
 * report core: booking facts → one group per service day and category → report lines. A folded day
 * keeps its groups, so a day read from its bookings and the same day read from its stored group
 * give the same line.
 */
import type { BookingReportLine, BookingStatus } from '@numerek/shared';
import { minuteStats } from './report-core.ts';

/** A booking as the report reads it: its slot, what became of it, and its ticket's first call. */
export interface BookingFact {
  serviceDay: string;
  categoryId: string;
  status: BookingStatus;
  slotAt: number;
  /** The first call of the ticket it was checked in for (null: not called, or not checked in). */
  calledAt: number | null;
}

/** What one day leaves for the reports of one category's bookings. */
export interface BookingGroup {
  serviceDay: string;
  categoryId: string;
  /** Bookings that were not cancelled. */
  booked: number;
  checkedIn: number;
  noShow: number;
  /** Whole seconds from each called client's slot to the call (negative: called before the slot). */
  slotToCallSeconds: number[];
}

const key = (g: { serviceDay: string; categoryId: string }): string =>
  JSON.stringify([g.serviceDay, g.categoryId]);

/** Folds bookings into groups per day and category; a cancelled booking counts nowhere. */
export function groupBookings(facts: readonly BookingFact[]): BookingGroup[] {
  const groups = new Map<string, BookingGroup>();
  for (const b of facts) {
    if (b.status === 'cancelled') continue;
    let g = groups.get(key(b));
    if (!g) {
      g = {
        serviceDay: b.serviceDay,
        categoryId: b.categoryId,
        booked: 0,
        checkedIn: 0,
        noShow: 0,
        slotToCallSeconds: [],
      };
      groups.set(key(b), g);
    }
    g.booked += 1;
    if (b.status === 'checked_in') {
      g.checkedIn += 1;
      if (b.calledAt !== null) g.slotToCallSeconds.push(Math.round((b.calledAt - b.slotAt) / 1000));
    } else if (b.status === 'no_show') g.noShow += 1;
  }
  return [...groups.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The report's booking lines: one per day and category, by day and then by the category's name. */
export function bookingLines(
  groups: readonly BookingGroup[],
  categories: ReadonlyMap<string, string>,
): BookingReportLine[] {
  const merged = new Map<string, BookingGroup>();
  for (const g of groups) {
    const m = merged.get(key(g));
    if (!m) merged.set(key(g), { ...g, slotToCallSeconds: [...g.slotToCallSeconds] });
    else {
      m.booked += g.booked;
      m.checkedIn += g.checkedIn;
      m.noShow += g.noShow;
      m.slotToCallSeconds.push(...g.slotToCallSeconds);
    }
  }
  return [...merged.values()]
    .map((g) => ({
      day: g.serviceDay,
      categoryId: g.categoryId,
      label: categories.get(g.categoryId) ?? g.categoryId,
      booked: g.booked,
      checkedIn: g.checkedIn,
      noShow: g.noShow,
      slotToCall: minuteStats(g.slotToCallSeconds),
    }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.label.localeCompare(b.label, 'pl', { numeric: true }));
}
