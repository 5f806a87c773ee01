import type { StaffTicket } from '@numerek/shared';
import { fmt, num, type Strings } from './i18n.ts';

/**
 * A waiting ticket's wait as the panel's lists show it: whole minutes, as the console's dashboard
 * counts them. A booked client who came before the slot has not started waiting (the wait counts
 * from the slot): the list says when the booking is for instead.
 */
export function listWait(
  t: Strings,
  w: Pick<StaffTicket, 'waitedMinutes' | 'bookedFor' | 'beforeSlot'>,
): string {
  if (w.beforeSlot === true && w.bookedFor !== undefined) return fmt(t.bookedAt, { time: w.bookedFor });
  return fmt(t.minutes, { n: Math.round(Math.max(0, w.waitedMinutes)) });
}

/**
 * The wait of a called ticket, one decimal, as its call's explanation gives it: the same wait
 * reads the same next to the explanation, whose score is weight × these minutes.
 */
export function calledWait(t: Strings, minutes: number): string {
  return fmt(t.minutes, { n: num(t, Math.max(0, minutes)) });
}
