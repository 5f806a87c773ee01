/** Bookings (docs/decisions/0033-bookings.md): the words of the protocol and its limits. */

/**
 * - `booked`: waiting for its client to check in;
 * - `checked_in`: the client checked in at a kiosk and holds a ticket;
 * - `no_show`: the check-in window closed without a check-in (its slot is not offered again);
 * - `cancelled`: cancelled by its holder or by the office's portal.
 */
export const BOOKING_STATUSES = ['booked', 'checked_in', 'no_show', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Where a booking came from: the public booking API, or the office's own portal (import). */
export const BOOKING_SOURCES = ['public', 'portal'] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

/** Live (future, not cancelled) bookings one contact may hold at once. */
export const BOOKINGS_PER_CONTACT = 2;
/** Bookings one address may make per hour. */
export const BOOKINGS_PER_ADDRESS_PER_HOUR = 5;

/** Wrong codes in a row after which a kiosk is slowed down … */
export const CHECK_IN_WRONG_CODES = 3;
/** … for this many seconds, doubled at each further wrong code (at most 5 minutes). */
export const CHECK_IN_PAUSE_SECONDS = 30;
