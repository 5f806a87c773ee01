/**
 * Every error the API returns, as `{ error: { code, message } }`. The server maps each code to
 * its HTTP status; the apps switch on the code and show the message.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** A state-changing request from a browser page of another site (cross-site request forgery guard). */
  FORBIDDEN_ORIGIN: 403,
  /**
   * The account's password was generated or set by someone else: until its user chooses a new one
   * (`POST /api/auth/password`), only reading who is signed in, changing it and signing out work.
   */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The current password given with a new one is not the account's password. */
  WRONG_PASSWORD: 400,
  /** The new password is the current one. */
  PASSWORD_UNCHANGED: 400,
  /**
   * A staff password (chosen, changed, or set by an administrator) that is too easy to guess:
   * `reason` says why, `field` names the password field.
   */
  PASSWORD_TOO_WEAK: 400,
  NOT_FOUND: 404,
  /** A pairing link whose code the server never made (mistyped, cut short, or from before links expired). */
  PAIRING_CODE_UNKNOWN: 404,
  /** A pairing link that was already used once; the console makes a new one. */
  PAIRING_CODE_USED: 410,
  /** A pairing link past its 24 hours, replaced by a newer link, or of a revoked device. */
  PAIRING_CODE_EXPIRED: 410,
  ALREADY_EXISTS: 409,
  /** The data is in PostgreSQL, backed up with the database's own tools (pg_dump), not by the server. */
  BACKUP_BY_DATABASE: 409,
  IN_USE: 409,
  CATEGORY_CLOSED: 409,
  CATEGORY_INACTIVE: 409,
  DAILY_LIMIT_REACHED: 409,
  WAIT_PAST_CLOSING: 409,
  COUNTER_NOT_OPEN: 409,
  COUNTER_TAKEN: 409,
  COUNTER_BUSY: 409,
  COUNTER_PAUSED: 409,
  NO_CURRENT_TICKET: 409,
  TICKET_NOT_WAITING: 409,
  TICKET_NOT_ELIGIBLE: 409,
  ILLEGAL_TRANSITION: 409,
  /** The visit survey does not take this answer now (`reason` says why; never because it was answered). */
  SURVEY_CLOSED: 409,
  /** A booking cannot be made, moved or cancelled as asked (`reason` says why). */
  BOOKING_UNAVAILABLE: 409,
  /** A booking request's e-mailed code was wrong (`reason` wrong_code), or the request is gone (code_expired). */
  BOOKING_CONFIRM_FAILED: 409,
  /** A kiosk cannot check this code in now (`reason` says why; `time` is the slot's start). */
  CHECK_IN_REFUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** An `Idempotency-Key` sent again with another request than the one it first came with. */
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  /**
   * The server is already checking as many passwords as it takes at once (sign-in, a new or
   * changed password); the `Retry-After` header says in how many seconds to try again.
   */
  PASSWORDS_BUSY: 429,
  INTERNAL: 500,
  /**
   * This server process cannot reach its database now (`GET /api/ready`): a load balancer sends
   * requests to another one meanwhile.
   */
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The values an error's sentence may use, by name. The names in use: `field` (the request field
 * at fault, with VALIDATION_FAILED), `counter` (a counter's number), `ticket` (a ticket's code),
 * `category` (a category's letter), `state` (a ticket's state), `count` (how many),
 * `retryAfterSeconds`, `day` (ISO weekday, 1 Monday … 7 Sunday) and `time` (HH:MM) for opening
 * hours, `limit` (the bound a value broke, with VALIDATION_FAILED: characters for a text, the
 * number itself for a number), and `reason`, which tells apart the cases of one code (ERROR_REASONS).
 * Every param is optional to the apps: a sentence must read well without it.
 */
export type ErrorParams = Readonly<Record<string, string | number>>;

/**
 * The cases of the codes that cover several, sent as `params.reason`. An app has a sentence for
 * each, and one for the code alone (an older server, or a case added later).
 */
export const ERROR_REASONS = {
  VALIDATION_FAILED: [
    /** A text longer than the field takes (`field`, `limit`: most characters). */
    'too_long',
    /** A text shorter than the field takes (`field`, `limit`: fewest characters). */
    'too_short',
    /** A required text left empty (`field`). */
    'empty',
    /** A number above the field's largest (`field`, `limit`). */
    'too_large',
    /** A number below the field's smallest (`field`, `limit`). */
    'too_small',
    /** A network printer's address is the server itself or its own link (loopback, link-local). */
    'local_address',
    /** A text holds a NUL character (U+0000), which no field takes (`field`). */
    'nul_character',
  ],
  IN_USE: [
    /** It has served clients and stays in the records: deactivate it instead of deleting it. */
    'has_history',
    /** Kiosks use this printer, or counters serve this category: change them first (`count`). */
    'assigned',
    /** The counter is open: its clerk must close it first (`counter`). */
    'counter_open',
    /** Nobody deletes their own account. */
    'own_account',
    /** The last active administrator stays. */
    'last_admin',
    /** A backup is being made right now. */
    'backup_running',
  ],
  ILLEGAL_TRANSITION: [
    /** The counter is deactivated (`counter`). */
    'counter_deactivated',
    'already_paused',
    'not_paused',
    /** A transfer to the counter where the client already is (`counter`). */
    'already_here',
    /** A transfer to the ticket's own category (`ticket`, `category`). */
    'same_category',
    /** The ticket's state does not allow this move (`ticket`, `state`). */
    'ticket_state',
    /**
     * A revoked device is neither paired again, restored nor renamed (`field`: `name`): a new
     * device is made instead.
     */
    'device_revoked',
  ],
  INVALID_CREDENTIALS: [
    /**
     * The user name and password are right, but the office switched the account off: only someone
     * who knows the password learns it.
     */
    'account_deactivated',
  ],
  UNAUTHENTICATED: [
    /** The staff session ended (signed out elsewhere, expired, or the password changed). */
    'session_expired',
    /** The device's token is not one the server made: the device is paired again. */
    'device_unknown',
    /** The device was revoked in the console: a new device is paired instead. */
    'device_revoked',
  ],
  FORBIDDEN: [
    /** Only an administrator may do this. */
    'admin_only',
    /** Another clerk has this counter open (`counter`). */
    'not_your_counter',
    /**
     * It concerns every office of the installation (a backup of the whole database): with more
     * than one office, only the central administrator may do it.
     */
    'whole_installation',
  ],
  TICKET_NOT_WAITING: [
    /** Called at another counter a moment ago (`ticket`). */
    'taken',
    /** Not waiting any more (`ticket`, `state`). */
    'state',
  ],
  TICKET_NOT_ELIGIBLE: [
    /** Transferred to another counter (`ticket`). */
    'transferred_elsewhere',
    /** Of a category this counter does not serve today (`ticket`, `category`). */
    'category_not_served',
  ],
  COUNTER_TAKEN: [
    /** The user already has another counter open (`counter`: that one). */
    'yours_open',
    /** Another clerk has it open (`counter`). */
    'open_by_other',
  ],
  ALREADY_EXISTS: ['counter_number', 'username', 'category_prefix'],
  PASSWORD_TOO_WEAK: [
    /** Only digits (a date, a phone number, 12345678). */
    'digits_only',
    /** One character repeated (aaaaaaaa). */
    'one_character',
    /** The account's user name is in it (case and `.`, `_`, `-` aside). */
    'contains_username',
    /** One of the most common passwords. */
    'common',
  ],
  SURVEY_CLOSED: [
    /** The office has switched the survey off, or off for this place (tablet or phone page). */
    'off',
    /** The visit has not ended yet, or ended without service (a no-show, a cancelled ticket). */
    'not_finished',
    /** The visit ended too long ago. */
    'too_late',
    /** A feedback tablet answers only for visits that ended at its own counter. */
    'other_counter',
  ],
  BOOKING_UNAVAILABLE: [
    /** The category takes no bookings. */
    'not_bookable',
    /** The time is not a slot of the category, or its day is outside the days that can be booked. */
    'not_a_slot',
    /** Every place of the slot is taken. */
    'slot_full',
    /** The office asks for an e-mail address or a phone number. */
    'contact_required',
    /** The contact already holds as many bookings as one may (`count`). */
    'contact_limit',
    /** The booking was checked in, missed or cancelled already. */
    'not_live',
    /** The office confirms bookings by e-mail: book through a request with an e-mail address. */
    'confirm_required',
  ],
  BOOKING_CONFIRM_FAILED: [
    /** Not the code that was e-mailed (`count`: tries left). */
    'wrong_code',
    /** The request expired, was confirmed already, or its code was mistyped too often. */
    'code_expired',
  ],
  CATEGORY_CLOSED: [
    /** Outside the category's opening hours (`category`; `day` and `time`: when it opens next, if it does). */
    'outside_hours',
    /** No active counter is set up to serve the category, so nobody could call the ticket. */
    'no_counter',
  ],
  CHECK_IN_REFUSED: [
    /** No booking of this office has this code (or this phone number) today. */
    'unknown_code',
    /**
     * Today's booking with this code was checked in already (`ticket`: the code of the ticket it
     * got). Only for a booking's own code, never for a phone number.
     */
    'checked_in',
    /** The office does not let clients check in with a phone number. */
    'phone_not_allowed',
    /** Check-in opens later (`time`: the slot's start; `count`: minutes before it opens). */
    'too_early',
    /** The check-in window has closed (`time`: the slot's start): a normal ticket is offered. */
    'too_late',
  ],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>;
export type ErrorReason<C extends keyof typeof ERROR_REASONS> = (typeof ERROR_REASONS)[C][number];

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; params?: ErrorParams };
}
