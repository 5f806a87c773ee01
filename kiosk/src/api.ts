import type {
  ConfigVersion,
  DevicePaired,
  DeviceSelf,
  ErrorBody,
  ErrorCode,
  IssuedTicket,
  IssueTicketBody,
  PublicCategory,
  PublicPriorityGroup,
  TicketPrint,
} from '@numerek/shared';
import { IDEMPOTENCY_KEY_HEADER, PRINT_OUTCOME_WAIT_MS } from '@numerek/shared/constants';
import { newIdempotencyKey, withRetries } from '@numerek/shared/idempotency';

const TOKEN_KEY = 'numerek.kiosk.token';
const CODE_KEY = 'numerek.kiosk.pairingCode';

/**
 * How long one attempt to issue may take. The server answers within PRINT_ANSWER_WAIT_MS of
 * issuing, printed or not; the rest is for a slow network or a busy server.
 */
export const ISSUE_TIMEOUT_MS = 10_000;
/** Pauses before the retries of one press; then the kiosk gives up and is out of order. */
export const ISSUE_RETRY_DELAYS_MS: readonly number[] = [500, 1_500, 3_000];

/**
 * Takes the one-time code of a pairing link (`/kiosk/#pair=<code>`) out of the address bar, so it
 * is neither shown nor kept in the history, and keeps it until {@link pairWith} has used it (the
 * server may be unreachable when the link is opened). Returns the code waiting to be used, if any.
 */
export function takePairingCode(): string | null {
  const match = /(?:^#|&)pair=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    localStorage.setItem(CODE_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(CODE_KEY);
}

/** The kiosk's own token, got with a pairing link, if it has one. */
export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

/**
 * Uses a pairing link's code, once, for the kiosk's own token, which replaces the one it had.
 * A refused code (used, expired, unknown) is an {@link ApiError} and is forgotten; while the server
 * is unreachable, busy or throttling, an {@link UnreachableError}: the code is kept to try again.
 */
export async function pairWith(code: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
  } catch (error) {
    throw new UnreachableError(String(error));
  }
  if (res.status >= 500 || res.status === 429) throw new UnreachableError(`HTTP ${res.status}`);
  localStorage.removeItem(CODE_KEY);
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(res.status, err?.error.code ?? null, err?.error.message ?? `HTTP ${res.status}`);
  }
  const { token } = (await res.json()) as DevicePaired;
  localStorage.setItem(TOKEN_KEY, token);
  return token;
}

/** The server answered with an error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached, or failed (5xx): the kiosk is out of order until it answers. */
export class UnreachableError extends Error {}

export class KioskApi {
  constructor(private readonly token: string) {}

  private async call(
    method: string,
    url: string,
    body?: unknown,
    opts: { key?: string; timeoutMs?: number } = {},
  ): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(opts.key === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: opts.key }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
        ...(opts.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(opts.timeoutMs) }),
      });
    } catch (error) {
      throw new UnreachableError(String(error));
    }
    if (res.status >= 500) throw new UnreachableError(`HTTP ${res.status}`);
    if (!res.ok) {
      const err = (await res.json().catch(() => null)) as ErrorBody | null;
      throw new ApiError(res.status, err?.error.code ?? null, err?.error.message ?? `HTTP ${res.status}`);
    }
    return res;
  }

  private async json<T>(
    method: string,
    url: string,
    body?: unknown,
    opts?: { key?: string; timeoutMs?: number },
  ): Promise<T> {
    return (await (await this.call(method, url, body, opts)).json()) as T;
  }

  /** Who this kiosk is; 401 when its token was revoked. A server without the route is taken as fine. */
  async me(): Promise<DeviceSelf | null> {
    try {
      return await this.json<DeviceSelf>('GET', '/api/devices/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Waits (up to 25 s, on the server) for the office's configuration to change from `since`, and
   * answers its version: the kiosk reloads its lists when the number moves.
   */
  async changes(since: number): Promise<number> {
    return (await this.json<ConfigVersion>('GET', `/api/devices/me/changes?since=${since}`)).version;
  }

  categories(): Promise<PublicCategory[]> {
    return this.json('GET', '/api/categories');
  }

  priorityGroups(): Promise<PublicPriorityGroup[]> {
    return this.json('GET', '/api/priority-groups');
  }

  /**
   * One press of "take a ticket". A network error, a timeout or a 5xx may have come after the
   * server issued the ticket, so the press is retried with the same Idempotency-Key: the server
   * answers the ticket it already issued, and never issues or prints a second one.
   */
  issue(body: IssueTicketBody): Promise<IssuedTicket> {
    const key = newIdempotencyKey();
    return withRetries(
      () => this.json<IssuedTicket>('POST', '/api/tickets', body, { key, timeoutMs: ISSUE_TIMEOUT_MS }),
      (error) => error instanceof UnreachableError,
      ISSUE_RETRY_DELAYS_MS,
    );
  }

  /**
   * Whether the ticket printed. The server holds the request while the print is pending (up to
   * PRINT_OUTCOME_WAIT_MS) and may still answer `pending`: ask again.
   */
  print(ticketId: string): Promise<TicketPrint> {
    return this.json('GET', `/api/tickets/${encodeURIComponent(ticketId)}/print`, undefined, {
      timeoutMs: PRINT_OUTCOME_WAIT_MS + 5_000,
    });
  }

  /** The ticket's QR code as a data: URL (the page's CSP allows images from 'self' and data:). */
  async qr(ticketId: string): Promise<string | null> {
    try {
      const res = await this.call('GET', `/api/tickets/${encodeURIComponent(ticketId)}/qr.svg`);
      const svg = await res.text();
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch {
      return null;
    }
  }
}
