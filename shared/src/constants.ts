/** Languages of the user interface and of tickets. Polish first. */
export const LANGUAGES = ['pl', 'en', 'uk'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The weight a new priority group gets: a priority client's wait counts this many times a regular
 * client's (docs/decisions/0010-default-priority-weight.md explains why 4).
 */
export const DEFAULT_PRIORITY_WEIGHT = 4;

/**
 * How the hall display and the staff apps reconnect after losing the server: again after 0.25 s,
 * doubling to at most 0.8 s (socket.io adds ±50 %), so each tries at least every 1.2 s and shows
 * the current state within 2 s of a restarted server answering (tests/reliability/crash.test.ts).
 */
export const RECONNECT = { reconnectionDelay: 250, reconnectionDelayMax: 800 } as const;

/**
 * How the apps' sockets connect: WebSocket first, so that a load balancer may send each request
 * to any server process of a central installation (long-polling would need sticky sessions);
 * long-polling only where a WebSocket cannot be opened.
 */
export const TRANSPORTS: { transports: Array<'websocket' | 'polling'>; tryAllTransports: boolean } = {
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
};

/** Staff roles in an office, from least to most privileged. */
export const ROLES = ['clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The installation's own role, outside every office: a central administrator creates offices and
 * their administrators and reads reports across offices, and does none of an office's daily work.
 */
export const CENTRAL_ROLE = 'central';
export type CentralRole = typeof CENTRAL_ROLE;

/**
 * Devices that act without a person signing in. A print agent drives an office's printers that
 * the server cannot reach (docs/decisions/0019-print-agent.md); a feedback tablet beside a counter
 * asks how the visit went (docs/decisions/0030-visit-survey.md); an office's own booking portal
 * imports its bookings (docs/decisions/0033-bookings.md).
 */
export const DEVICE_KINDS = ['kiosk', 'display', 'print-agent', 'feedback', 'portal'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * How long a device's pairing link works: once, within 24 hours of the console making it. The
 * device then keeps a credential of its own, which the link no longer gives anyone.
 */
export const PAIRING_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A ticket's life: waiting → called (→ recalled, still called) → serving → finished,
 * or no_show, or transferred (a child ticket continues in the new queue), or cancelled.
 */
export const TICKET_STATES = [
  'waiting',
  'called',
  'serving',
  'finished',
  'no_show',
  'transferred',
  'cancelled',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const COUNTER_STATES = ['closed', 'open', 'paused'] as const;
export type CounterState = (typeof COUNTER_STATES)[number];

/** Why a clerk paused the counter (shown on the supervisor's dashboard and in reports). */
export const PAUSE_REASONS = ['break', 'back_office', 'end_of_day'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/**
 * Why a clerk called a chosen ticket out of the policy's order. Written to the audit log;
 * deliberately coarse so that no personal or health data is recorded.
 */
export const CALL_REASON_CODES = [
  'appointment',
  'returned_after_missed_call',
  'continuation_of_case',
  'supervisor_instruction',
  'other',
] as const;
export type CallReasonCode = (typeof CALL_REASON_CODES)[number];

/**
 * The rules of the queue policy that can decide a call, in the order they are tried, and the
 * clerk's own choice (see CallDecision).
 */
export const CALL_RULES = ['max_wait', 'priority_cap', 'strict', 'score', 'chosen'] as const;
export type CallRule = (typeof CALL_RULES)[number];

/** Ticket event types of the append-only log. */
export const TICKET_EVENT_TYPES = [
  'issued',
  'called',
  'recalled',
  'started',
  'finished',
  'no_show',
  'transferred',
  'cancelled',
  'transferred_in',
  /**
   * A called client went back to the waiting queue, keeping their place (their queued time): their
   * counter was closed for its clerk by a supervisor, or because the clerk's account was switched off.
   */
  'returned_to_queue',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * How many tickets a counter's detail lists at most: the first it would call. Its counts cover
 * every ticket it may call.
 */
export const COUNTER_LIST_LIMIT = 100;

/** ISO weekday numbers, Monday = 1 … Sunday = 7. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Bumped when the socket protocol changes incompatibly; an outdated page reloads itself. */
export const PROTOCOL_VERSION = 3;
/** The connect-error message that tells an outdated page to reload itself. */
export const PROTOCOL_OUTDATED = 'protocol-outdated';

/** The request header that makes a retried action safe (IETF httpapi "Idempotency-Key" draft). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** The response header marking an answer repeated from the first attempt, not acted on again. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/**
 * How long the answer to a kiosk's issue waits for the printer: a printer that has not answered
 * by then leaves the print `pending`, and the kiosk shows the ticket at once and learns the
 * outcome from `GET /api/tickets/:id/print`.
 */
export const PRINT_ANSWER_WAIT_MS = 1500;
/** How long `GET /api/tickets/:id/print` holds a request while the print is still pending. */
export const PRINT_OUTCOME_WAIT_MS = 10_000;

/**
 * Why the server ended a staff session it tells a panel or console about (`session:expired`):
 * it expired or was signed out, or the account was deactivated by the office.
 */
export const SESSION_END_REASONS = ['session_expired', 'account_deactivated'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** Name of the staff session cookie. */
export const SESSION_COOKIE = 'numerek_session';

/** What a ticket printer reports about itself (DLE EOT status, or no answer at all). */
export const PRINTER_STATES = [
  'ok',
  'paper_near_end',
  'paper_out',
  'cover_open',
  'offline',
  'no_answer',
] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

/** What a `config:changed` delta says was changed (the clients fetch it again). */
export const CONFIG_ENTITIES = [
  'category',
  'priority_group',
  'counter',
  'device',
  'settings',
  'office',
  'user',
  'printer',
] as const;
export type ConfigEntity = (typeof CONFIG_ENTITIES)[number];
