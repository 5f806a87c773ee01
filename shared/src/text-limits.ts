/**
 * The most characters a text field takes: the API's schemas check them, and the console sets
 * them as its inputs' `maxlength`, so nobody types more than will be accepted.
 */
export const TEXT_LIMITS = {
  /** A name in one language: of a category, a priority group. */
  name: 120,
  /** A longer text in one language: a category's description. */
  text: 1000,
  /** A counter's name. */
  counterName: 60,
  /** A device's name: a kiosk, a display, a print agent, a feedback tablet, a booking portal. */
  deviceName: 120,
  /** A printer's name. */
  printerName: 120,
  /** A printer's connection (`tcp://…`, `usb:/dev/…`). */
  printerConnection: 300,
  /** A user name (sign-in). */
  username: 64,
  /** A user's name as others see it. */
  displayName: 120,
  /** A password. */
  password: 200,
  /** The note a clerk leaves with a transferred client. */
  transferNote: 500,
} as const;
