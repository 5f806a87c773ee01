import type { OpeningHours, OpeningInterval } from '@numerek/shared';
import { clockToMinutes, type LocalTime } from '../../lib/office-time.ts';

export type OpenState =
  | { open: true; closesInMinutes: number | null; closesAt: string | null }
  | { open: false; next: { day: number; at: string } | null };

/**
 * Whether a category is open at a local time, and when it closes or next opens. `null` hours
 * mean no fixed hours (always open). Adjacent intervals (16:00–24:00 then 00:00–08:00) join up.
 */
export function openState(hours: OpeningHours, at: LocalTime): OpenState {
  if (hours === null) return { open: true, closesInMinutes: null, closesAt: null };
  const today = hours.filter((h) => h.day === at.weekday);
  const current = today.find(
    (h) => clockToMinutes(h.open) <= at.minutes && at.minutes < clockToMinutes(h.close),
  );
  if (current) {
    let end = clockToMinutes(current.close);
    // Extend through intervals that begin exactly where this one ends (same day).
    for (;;) {
      const next = today.find((h) => clockToMinutes(h.open) === end && clockToMinutes(h.close) > end);
      if (!next) break;
      end = clockToMinutes(next.close);
    }
    if (end >= 24 * 60 && isAlwaysOpen(hours)) return { open: true, closesInMinutes: null, closesAt: null };
    return { open: true, closesInMinutes: end - at.minutes, closesAt: minutesToClock(end) };
  }
  return { open: false, next: nextOpening(hours, at) };
}

function isAlwaysOpen(hours: readonly OpeningInterval[]): boolean {
  return [1, 2, 3, 4, 5, 6, 7].every((d) =>
    hours.some((h) => h.day === d && h.open === '00:00' && h.close === '24:00'),
  );
}

function nextOpening(hours: readonly OpeningInterval[], at: LocalTime): { day: number; at: string } | null {
  for (let offset = 0; offset <= 7; offset++) {
    const day = ((at.weekday - 1 + offset) % 7) + 1;
    const opens = hours
      .filter((h) => h.day === day && clockToMinutes(h.close) > clockToMinutes(h.open))
      .map((h) => clockToMinutes(h.open))
      .filter((m) => offset > 0 || m > at.minutes)
      .sort((a, b) => a - b);
    if (opens[0] !== undefined) return { day, at: minutesToClock(opens[0]) };
  }
  return null;
}

function minutesToClock(m: number): string {
  const h = Math.floor(m / 60);
  return `${String(h).padStart(2, '0')}:${String(Math.floor(m % 60)).padStart(2, '0')}`;
}

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "opens Monday at 08:00", for error messages. */
export function describeNextOpening(state: OpenState): string {
  if (state.open) return 'is open';
  return state.next ? `opens ${DAY_NAMES[state.next.day]} at ${state.next.at}` : 'has no opening hours set';
}
