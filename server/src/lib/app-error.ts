import { ERROR_CODES, type ErrorCode } from '@numerek/shared';

/**
 * The one error type of the domain: a code from the shared protocol and a message a person
 * can act on. The HTTP layer turns it into its status and `{ error: { code, message } }`.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Sent as `Retry-After` (seconds) with a 429 or 503. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`);
