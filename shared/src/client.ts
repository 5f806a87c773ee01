/**
 * The apps' one way to call the API: JSON requests, one error type, and actions sent at most once
 * with an Idempotency-Key and retried when the answer was lost. Only types come from the schemas,
 * so a page that imports this bundles no validator.
 */
import { IDEMPOTENCY_KEY_HEADER } from './constants.ts';
import type { ErrorBody, ErrorCode, ErrorParams } from './errors.ts';
import { newIdempotencyKey, withRetries } from './idempotency.ts';

/** An error code of the API, or `NETWORK` when no answer came (offline, timed out, aborted). */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/**
 * A request that failed: status 0 and code `NETWORK` when no answer came, else the answer's status
 * and the code of its error body (`INTERNAL` when it had none, say a proxy's HTML page). `params`
 * are the values the error body carried with the code (ErrorParams), for the app to put into its
 * own words: `field` is the body field a validation error names, `retryAfterSeconds` when to try
 * again, and so on. The message is the server's English, for logs only.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly params: ErrorParams = {},
  ) {
    super(message);
  }

  /** The body field a validation error names, if any. */
  get field(): string | null {
    const field = this.params.field;
    return typeof field === 'string' ? field : null;
  }
}

/** The params of an error body: its string and number values (an answer is not trusted to be well formed). */
function paramsOf(raw: unknown): ErrorParams {
  if (raw === null || typeof raw !== 'object') return {};
  return Object.fromEntries(
    Object.entries(raw).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number',
    ),
  );
}

/**
 * Whether the server was not reached or failed (no answer, a timeout, a 5xx): the same request may
 * be sent again, and a device is out of order until it answers. A refusal (4xx) is not.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export interface ClientOptions {
  /** Where the API is, as `http://host:port`; the apps leave it out and call the page's own server. */
  baseUrl?: string;
  /** Headers sent with every request: a paired device's `authorization`, say. */
  headers?: Readonly<Record<string, string>>;
  /** Called on every 401 answer with the URL asked, so an app can return to its sign-in. */
  onUnauthenticated?: (url: string) => void;
  /**
   * The message of an error whose answer carried none (status 0: no answer came). The apps show
   * words of their own for codes; this is for the staff apps' error lines.
   */
  describe?: (status: number) => string;
}

export interface RequestOptions {
  /** The JSON body. A POST, PUT or PATCH always carries one (the server refuses an empty body): `{}` if not given. */
  body?: unknown;
  /** Sent as the Idempotency-Key header. */
  key?: string;
  /** Abort after this many milliseconds: an {@link ApiError} with code `NETWORK`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ActionOptions {
  /** How long one attempt may take before it is given up and retried. */
  timeoutMs: number;
  /** Pauses before the retries of one press; then the last error is thrown. */
  retryDelaysMs: readonly number[];
}

const defaultDescribe = (status: number): string =>
  status === 0 ? 'The server could not be reached.' : `The server answered with status ${status}.`;

/** A JSON client of the API; one per app, or per device token. */
export class ApiClient {
  constructor(private readonly options: ClientOptions = {}) {}

  /** One request; its JSON answer (undefined for 204, null for an empty or non-JSON body). */
  async json<T>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, url, options);
    if (res.status === 204) return undefined as T;
    return parseJson(await res.text()) as T;
  }

  /** One request; its answer as text (an SVG, say). */
  async text(method: string, url: string, options: RequestOptions = {}): Promise<string> {
    return (await this.send(method, url, options)).text();
  }

  /**
   * One press of a button that changes something on the server. A lost answer (no answer, a
   * timeout, a 5xx) may have come after the server acted, so the press is retried with the same
   * fresh Idempotency-Key: the server answers what it already did and never acts twice.
   */
  action<T>(method: string, url: string, body: unknown, options: ActionOptions): Promise<T> {
    const key = newIdempotencyKey();
    return withRetries(
      () => this.json<T>(method, url, { body, key, timeoutMs: options.timeoutMs }),
      isUnreachable,
      options.retryDelaysMs,
    );
  }

  private async send(method: string, url: string, options: RequestOptions): Promise<Response> {
    const describe = this.options.describe ?? defaultDescribe;
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(method);
    const signals = [
      options.signal,
      options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
    ].filter((s): s is AbortSignal => s !== undefined);
    // Not a literal in the call: the Node.js typings (for the tests) know no `cache`.
    const init = {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        ...this.options.headers,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(options.key === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: options.key }),
      },
      body: hasBody ? JSON.stringify(options.body ?? {}) : null,
      ...(signals.length === 0
        ? {}
        : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
    } as const;
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl ?? ''}${url}`, init);
    } catch {
      throw new ApiError(0, 'NETWORK', describe(0));
    }
    if (res.ok) return res;
    const err = (parseJson(await res.text().catch(() => '')) as Partial<ErrorBody> | null)?.error;
    if (res.status === 401) this.options.onUnauthenticated?.(url);
    throw new ApiError(
      res.status,
      err?.code ?? 'INTERNAL',
      err?.message ?? describe(res.status),
      paramsOf(err?.params),
    );
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy's HTML error page, say: the status tells what happened.
    return null;
  }
}
