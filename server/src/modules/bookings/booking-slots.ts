import type { OpeningHours } from '@numerek/shared';
import { clockToMinutes } from '../../lib/office-time.ts';

/**
 * The slots of a category's day and the check-in window, as pure functions of the settings and
 * the time passed in (docs/decisions/0033-bookings.md).
 */

export interface SlotRules {
  slotMinutes: number;
  perSlot: number;
  /** Share of the slots, in percent, kept for walk-ins. */
  walkInPercent: number;
}

/** A slot of a day: its local start, and its places for bookings (0: kept for walk-ins). */
export interface PlannedSlot {
  /** HH:MM, local. */
  time: string;
  /** Minutes since local midnight. */
  minutes: number;
  places: number;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The slots of one weekday: whole slots of `slotMinutes` from each opening interval's start, in
 * order. Of every 100 slots `walkInPercent` are kept for walk-ins, spread evenly over the day (the
 * i-th slot is bookable when ⌊(i+1)·b⌋ > ⌊i·b⌋ with b the bookable share), so that walk-ins are
 * served all day, not only in the afternoon. A category without fixed hours has no slots: a slot
 * means a time the office is open and a clerk expects the client.
 */
export function daySlots(hours: OpeningHours, weekday: number, rules: SlotRules): PlannedSlot[] {
  if (hours === null) return [];
  const intervals = hours
    .filter((h) => h.day === weekday)
    .map((h) => [clockToMinutes(h.open), clockToMinutes(h.close)] as const)
    .sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  for (const [open, close] of intervals) {
    for (let t = open; t + rules.slotMinutes <= close; t += rules.slotMinutes) {
      if (starts.at(-1) === undefined || t > (starts.at(-1) ?? -1)) starts.push(t);
    }
  }
  const bookable = 100 - Math.min(100, Math.max(0, rules.walkInPercent));
  return starts.map((minutes, i) => ({
    time: clock(minutes),
    minutes,
    places: Math.floor(((i + 1) * bookable) / 100) > Math.floor((i * bookable) / 100) ? rules.perSlot : 0,
  }));
}

/**
 * Where `now` stands against a booking's check-in window, from `beforeMinutes` before its slot to
 * `afterMinutes` after it: `early`, `open` or `late`. The window's ends belong to it.
 */
export function checkInWindow(
  slotAt: number,
  beforeMinutes: number,
  afterMinutes: number,
  now: number,
): 'early' | 'open' | 'late' {
  if (now < slotAt - beforeMinutes * 60_000) return 'early';
  if (now > slotAt + afterMinutes * 60_000) return 'late';
  return 'open';
}

/** A random 6-digit code, as text (leading zeros kept). */
export function newBookingCode(random: () => number): string {
  return String(Math.floor(random() * 1_000_000) % 1_000_000).padStart(6, '0');
}
