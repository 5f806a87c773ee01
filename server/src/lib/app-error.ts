import {
  ERROR_CODES,
  type ERROR_REASONS,
  type ErrorCode,
  type ErrorParams,
  type ErrorReason,
} from '@numerek/shared';

/**
 * The values an error's sentence may use (the names `ErrorParams` documents in the protocol).
 * Every one is optional to the apps, so a throw site gives what it knows.
 */
export interface KnownErrorParams {
  /** The request field at fault (VALIDATION_FAILED), as a dotted path: `categoryIds`, `names.pl`. */
  field?: string;
  /** A counter's number as the office sees it. */
  counter?: number;
  /** A ticket's code, e.g. A017. */
  ticket?: string;
  /** A category's letter (prefix). */
  category?: string;
  /** A ticket's state. */
  state?: string;
  /** How many (tickets, counters, kiosks, days). */
  count?: number;
  /** Seconds until trying again makes sense (also sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** ISO weekday (1 Monday … 7 Sunday) a closed category opens next (CATEGORY_CLOSED). */
  day?: number;
  /** A time of day, HH:MM: when a closed category opens, or when an open one closes. */
  time?: string;
  /** The bound a value broke (VALIDATION_FAILED): most or fewest characters, largest or smallest number. */
  limit?: number;
}

/** `reason` is typed by the code: one of its ERROR_REASONS cases, or nothing for a code without. */
export type AppErrorParams<C extends ErrorCode> = KnownErrorParams & {
  reason?: C extends keyof typeof ERROR_REASONS ? ErrorReason<C> : never;
};

/**
 * The one error type of the domain: a code from the shared protocol, the values its sentence
 * needs (`params`), and an English message for integrators and logs. The HTTP layer turns it
 * into its status and `{ error: { code, message, params } }`; the apps make the sentence from
 * the code and the params, in the reader's language.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  readonly params: ErrorParams;
  constructor(
    readonly code: C,
    message: string,
    params: AppErrorParams<C> = {},
  ) {
    super(message);
    this.statusCode = ERROR_CODES[code];
    this.params = withoutUndefined(params);
  }

  /** Sent as `Retry-After` (seconds) with a 429 or 503. */
  get retryAfterSeconds(): number | null {
    const s = this.params.retryAfterSeconds;
    return typeof s === 'number' ? s : null;
  }
}

function withoutUndefined(params: object): ErrorParams {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return Object.freeze(out);
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`);
