import type {
  CheckInBody,
  CheckInOptions,
  ConfigVersion,
  DeviceSelf,
  IssuedTicket,
  IssueTicketBody,
  PublicCategory,
  PublicPriorityGroup,
  TicketPrint,
} from '@numerek/shared';
import { ApiClient, ApiError } from '@numerek/shared/client';
import { PRINT_OUTCOME_WAIT_MS } from '@numerek/shared/constants';
import { DevicePairing } from '@numerek/shared/pairing';

export { ApiError, isUnreachable } from '@numerek/shared/client';

/**
 * How long one attempt to issue may take. The server answers within PRINT_ANSWER_WAIT_MS of
 * issuing, printed or not; the rest is for a slow network or a busy server.
 */
export const ISSUE_TIMEOUT_MS = 10_000;
/** Pauses before the retries of one press; then the kiosk gives up and is out of order. */
export const ISSUE_RETRY_DELAYS_MS: readonly number[] = [500, 1_500, 3_000];

/** The kiosk's token and a pairing link's code waiting to be used, kept in the browser's storage. */
export const pairing = new DevicePairing('kiosk', window.localStorage);

export class KioskApi {
  private readonly client: ApiClient;

  constructor(token: string) {
    this.client = new ApiClient({ headers: { authorization: `Bearer ${token}` } });
  }

  /** Who this kiosk is; 401 when its token was revoked. A server without the route is taken as fine. */
  async me(): Promise<DeviceSelf | null> {
    try {
      return await this.client.json<DeviceSelf>('GET', '/api/devices/me');
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
    return (await this.client.json<ConfigVersion>('GET', `/api/devices/me/changes?since=${since}`)).version;
  }

  categories(): Promise<PublicCategory[]> {
    return this.client.json('GET', '/api/categories');
  }

  priorityGroups(): Promise<PublicPriorityGroup[]> {
    return this.client.json('GET', '/api/priority-groups');
  }

  /**
   * One press of "take a ticket". A network error, a timeout or a 5xx may have come after the
   * server issued the ticket, so the press is retried with the same Idempotency-Key: the server
   * answers the ticket it already issued, and never issues or prints a second one.
   */
  issue(body: IssueTicketBody): Promise<IssuedTicket> {
    return this.client.action('POST', '/api/tickets', body, {
      timeoutMs: ISSUE_TIMEOUT_MS,
      retryDelaysMs: ISSUE_RETRY_DELAYS_MS,
    });
  }

  /** What the check-in offers: the phone number too, where the office allows it (not on failure). */
  async checkInOptions(): Promise<CheckInOptions> {
    try {
      return await this.client.json<CheckInOptions>('GET', '/api/bookings/check-in/options');
    } catch {
      return { phone: false };
    }
  }

  /**
   * A booking's check-in with its code. Not retried: a check-in that reached the server has spent
   * the code, and a second try would be told the code is unknown.
   */
  checkIn(body: CheckInBody): Promise<IssuedTicket> {
    return this.client.json('POST', '/api/bookings/check-in', { body, timeoutMs: ISSUE_TIMEOUT_MS });
  }

  /**
   * Whether the ticket printed. The server holds the request while the print is pending (up to
   * PRINT_OUTCOME_WAIT_MS) and may still answer `pending`: ask again.
   */
  print(ticketId: string): Promise<TicketPrint> {
    return this.client.json('GET', `/api/tickets/${encodeURIComponent(ticketId)}/print`, {
      timeoutMs: PRINT_OUTCOME_WAIT_MS + 5_000,
    });
  }

  /** The ticket's QR code as a data: URL (the page's CSP allows images from 'self' and data:). */
  async qr(ticketId: string): Promise<string | null> {
    try {
      const svg = await this.client.text('GET', `/api/tickets/${encodeURIComponent(ticketId)}/qr.svg`);
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch {
      return null;
    }
  }
}
