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

/**
 * The bounds of a category's booking settings (`BookingSettingsPatch`), whole numbers from the
 * first to the second: the API checks them, and the console says them next to its fields.
 */
export const BOOKING_SETTING_LIMITS = {
  /** Length of a slot, in minutes. */
  slotMinutes: [5, 240],
  /** Clients booked into one slot. */
  perSlot: [1, 50],
  /** The first bookable day, in days from today. */
  daysFrom: [0, 60],
  /** The last bookable day, in days from today. */
  daysAhead: [0, 365],
  /** Share of the slots kept for walk-ins, in percent. */
  walkInPercent: [0, 100],
  /** A booked ticket's weight (a walk-in's is 1). */
  weight: [1, 10],
  /** Maximum wait after the slot, in minutes. */
  maxWaitMinutes: [1, 120],
  /** Check-in opens this many minutes before the slot. */
  checkInBeforeMinutes: [0, 240],
  /** Check-in closes this many minutes after the slot. */
  checkInAfterMinutes: [0, 60],
} as const satisfies Record<string, readonly [number, number]>;
export type BookingNumberSetting = keyof typeof BOOKING_SETTING_LIMITS;
