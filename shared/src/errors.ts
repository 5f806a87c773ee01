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
  NOT_FOUND: 404,
  /** A pairing link whose code the server never made (mistyped, cut short, or from before links expired). */
  PAIRING_CODE_UNKNOWN: 404,
  /** A pairing link that was already used once; the console makes a new one. */
  PAIRING_CODE_USED: 410,
  /** A pairing link past its 24 hours, replaced by a newer link, or of a revoked device. */
  PAIRING_CODE_EXPIRED: 410,
  ALREADY_EXISTS: 409,
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
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}
