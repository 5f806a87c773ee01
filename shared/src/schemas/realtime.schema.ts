import type { ErrorParams, ErrorReason } from '../errors.ts';
import { Type, type Static } from 'typebox';
import { Id, I18nNames, LanguageSchema, Timestamp } from './common.schema.ts';
import { CounterRef } from './ticket.schema.ts';
import { CONFIG_ENTITIES, PRINTER_STATES, SESSION_END_REASONS } from '../constants.ts';

/**
 * The socket.io protocol, shared by the server's realtime gateway and the apps.
 *
 * Each office's facts are numbered in one stream, the same on every server process (node) of an
 * installation. Every delta carries `seq`, the number of its fact, and `prev`, the number of the
 * previous delta sent to the same audience (a display's filter, a counter, the console). A client
 * keeps `last`, the number of what it shows: a delta with `seq <= last` was seen already and is
 * ignored (a display never announces a call twice, also after reconnecting to another node); a
 * delta with `prev > last` means one was missed, so it asks for a snapshot with `sync:request`;
 * otherwise it applies it and sets `last = seq`. Snapshots and the acks of `counter:subscribe` and
 * `sync:request` carry the number they were cut at, which becomes `last`. `queue:changed` is state,
 * not a delta: it carries the number its counts were read at, replaces the counts shown unless
 * that number is below `last`, and never moves `last`. The handshake's `auth.protocol` must equal
 * PROTOCOL_VERSION; an outdated page receives a connect error whose message is
 * `protocol-outdated` and reloads itself.
 */

/** Codes in `data.code` of a refused handshake (the English message says what to do, for logs). */
export const CONNECT_ERROR_CODES = [
  'protocol-outdated',
  'bad-handshake',
  'unauthenticated',
  'forbidden',
  'forbidden-origin',
  /** The user must choose a new password before the panel or the console opens. */
  'password-change-required',
  'device-revoked',
  'device-invalid',
  /** The address already holds as many connections as SOCKETS_PER_ADDRESS allows; try again later. */
  'too-many-connections',
] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

/**
 * `data` of a refused handshake's connect error: the code, and for `unauthenticated` the case
 * (`session_expired` when the cookie's session ended; none when there was no session at all).
 */
export interface ConnectErrorData {
  code: ConnectErrorCode;
  reason?: ErrorReason<'UNAUTHENTICATED'>;
}

/**
 * `auth` of the socket.io handshake. `token` is a display's device token (optional on /display)
 * or a print agent's (required on /print-agent), or a feedback tablet's (required on /feedback);
 * `officeId` picks the office of an unpaired display (default: the first office).
 */
export const HandshakeAuth = Type.Object({
  protocol: Type.Integer(),
  token: Type.Optional(Type.String({ maxLength: 200 })),
  officeId: Type.Optional(Type.String({ maxLength: 64 })),
});
export type HandshakeAuth = Static<typeof HandshakeAuth>;

/** One call, for the clerk panels and the console (`/counter`, `/console`). */
export const TicketCalled = Type.Object({
  seq: Type.Integer(),
  prev: Type.Integer(),
  ticketId: Id,
  code: Type.String(),
  categoryId: Id,
  counter: CounterRef,
  calledAt: Timestamp,
  /** True when the clerk called the same ticket again. */
  recall: Type.Boolean(),
});
export type TicketCalled = Static<typeof TicketCalled>;

/**
 * One call on the hall display (`/display`). Anyone may watch a display, and a ticket's id opens
 * its status page, so a display never receives one: `key` stands for the ticket instead.
 */
export const DisplayCall = Type.Object({
  /** The call's fact; in a snapshot, the snapshot's own number. */
  seq: Type.Integer(),
  /** The previous delta of the display's stream; in a snapshot, the snapshot's number. */
  prev: Type.Integer(),
  /**
   * An opaque key of the called ticket, the same for each of its calls and recalls (a recall
   * replaces the ticket's line), that no route accepts. It may change when the server restarts;
   * every reconnect starts with a snapshot that carries the new keys.
   */
  key: Type.String({ minLength: 1, maxLength: 64 }),
  code: Type.String(),
  categoryId: Id,
  counter: CounterRef,
  calledAt: Timestamp,
  /** True when the clerk called the same ticket again. */
  recall: Type.Boolean(),
});
export type DisplayCall = Static<typeof DisplayCall>;

export const CategoryWaiting = Type.Object({
  categoryId: Id,
  prefix: Type.String(),
  names: I18nNames,
  waiting: Type.Integer({ minimum: 0 }),
});
export type CategoryWaiting = Static<typeof CategoryWaiting>;

/** The waiting counts, as state: `seq` is the stream position they were read at (no `prev`). */
export const QueueChanged = Type.Object({ seq: Type.Integer(), waiting: Type.Array(CategoryWaiting) });
export type QueueChanged = Static<typeof QueueChanged>;

/** How one display shows and announces calls; set per display device in the console. */
export const DisplaySettings = Type.Object(
  {
    /** Only calls of these categories (null: all). */
    categoryIds: Type.Union([Type.Array(Id, { maxItems: 100 }), Type.Null()]),
    /** Only calls to these counters (null: all). */
    counterIds: Type.Union([Type.Array(Id, { maxItems: 100 }), Type.Null()]),
    /** Languages of the spoken announcement, in order. */
    languages: Type.Array(LanguageSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    /** How many times each call is announced. */
    repeat: Type.Integer({ minimum: 1, maximum: 5, description: 'repeat: 1 to 5 announcements per call' }),
    /** Farthest viewing distance in metres (sizes the characters: ≥ 12 mm per metre). */
    viewingDistanceM: Type.Number({
      minimum: 1,
      maximum: 50,
      description: 'viewing distance: 1 to 50 metres',
    }),
    /** Screen diagonal in inches (with the resolution, gives millimetres per pixel). */
    screenInches: Type.Number({ minimum: 10, maximum: 150, description: 'screen size: 10 to 150 inches' }),
    /** Show waiting counts per category. */
    showWaiting: Type.Boolean(),
    /** Chime and voice on. */
    sound: Type.Boolean(),
    /**
     * Whose voice speaks: `server`, audio the office server renders (works on a TV with no speech
     * voices); `browser`, the TV browser's own local voices.
     */
    voice: Type.Union([Type.Literal('server'), Type.Literal('browser')], {
      description: 'voice: server or browser',
    }),
  },
  { additionalProperties: false },
);
export type DisplaySettings = Static<typeof DisplaySettings>;

/** Everything a display needs to draw itself: sent on connect and on every resync. */
export const DisplaySnapshot = Type.Object({
  seq: Type.Integer(),
  protocol: Type.Integer(),
  serverTime: Timestamp,
  office: Type.Object({ id: Id, name: Type.String(), timeZone: Type.String() }),
  /** The paired display's name and settings (defaults when no token was given). */
  display: Type.Object({ id: Type.Union([Id, Type.Null()]), name: Type.String(), settings: DisplaySettings }),
  /** Today's calls, newest first (at most 20), one per ticket. */
  calls: Type.Array(DisplayCall),
  waiting: Type.Array(CategoryWaiting),
  counters: Type.Array(CounterRef),
});
export type DisplaySnapshot = Static<typeof DisplaySnapshot>;

/** The result of an acknowledged request: the socket.io counterpart of `{ error: { code, message } }`. */
export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; params?: ErrorParams } };

/** Server → hall display (`/display` namespace). */
export interface DisplayServerEvents {
  'queue:snapshot': (s: DisplaySnapshot) => void;
  'ticket:called': (e: DisplayCall) => void;
  'ticket:recalled': (e: DisplayCall) => void;
  'queue:changed': (e: QueueChanged) => void;
  /** The server is stopping to start again: connect again at once, without the usual pause. */
  'server:restarting': () => void;
}

/** Hall display → server. */
export interface DisplayClientEvents {
  /** Asks for a fresh snapshot (after a missed delta: `prev` past the last `seq`). */
  'sync:request': (ack: (r: Ack<DisplaySnapshot>) => void) => void;
}

/** A change at a counter, for clerks and supervisors. */
export const CounterChanged = Type.Object({ seq: Type.Integer(), prev: Type.Integer(), counterId: Id });
export type CounterChanged = Static<typeof CounterChanged>;

export const CounterSubscribe = Type.Object({ counterId: Id }, { additionalProperties: false });
export type CounterSubscribe = Static<typeof CounterSubscribe>;

/** Something in the office's configuration changed: fetch it again. */
export const ConfigChanged = Type.Object({
  seq: Type.Integer(),
  prev: Type.Integer(),
  entity: Type.Enum(CONFIG_ENTITIES),
  id: Id,
});
export type ConfigChanged = Static<typeof ConfigChanged>;

/**
 * Bookings of these days (the office's dates, YYYY-MM-DD) were made, moved, cancelled or marked as
 * no-shows: the console reads the booked slots again. Console only.
 */
export const BookingsChanged = Type.Object({
  seq: Type.Integer(),
  prev: Type.Integer(),
  days: Type.Array(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' }), {
    description: 'days YYYY-MM-DD in the office’s time zone',
  }),
});
export type BookingsChanged = Static<typeof BookingsChanged>;

/**
 * Why the session of a panel or console ended: `account_deactivated` when the office switched the
 * account off (its counter was closed for it, and signing in again will not work), else
 * `session_expired` (it expired, was signed out elsewhere, or the password changed).
 */
export const SessionExpired = Type.Object({ reason: Type.Enum(SESSION_END_REASONS) });
export type SessionExpired = Static<typeof SessionExpired>;

/** Server → clerk panel (`/counter`) and supervisor console (`/console`). */
export interface StaffServerEvents {
  'ticket:called': (e: TicketCalled) => void;
  'ticket:recalled': (e: TicketCalled) => void;
  'queue:changed': (e: QueueChanged) => void;
  'counter:changed': (e: CounterChanged) => void;
  'config:changed': (e: ConfigChanged) => void;
  /** Console only. */
  'bookings:changed': (e: BookingsChanged) => void;
  'printer:status': (e: PrinterStatusEvent) => void;
  /** A kiosk's ticket did not print (the client has the number on the kiosk's screen). */
  'print:failed': (e: PrintFailedEvent) => void;
  /** The session ended (expired, signed out, or the account was deactivated): sign in again. */
  'session:expired': (e: SessionExpired) => void;
  /** The server is stopping to start again: connect again at once, without the usual pause. */
  'server:restarting': () => void;
}

/** Clerk panel / console → server. */
export interface StaffClientEvents {
  /** Follow one counter (the clerk's own); answers with the current sequence number. */
  'counter:subscribe': (payload: CounterSubscribe, ack: (r: Ack<{ seq: number }>) => void) => void;
  'sync:request': (ack: (r: Ack<{ seq: number }>) => void) => void;
}

export const PrinterStatusEvent = Type.Object({
  seq: Type.Integer(),
  prev: Type.Integer(),
  printerId: Id,
  name: Type.String(),
  state: Type.Enum(PRINTER_STATES),
  at: Timestamp,
});
export type PrinterStatusEvent = Static<typeof PrinterStatusEvent>;

/** A kiosk's ticket that did not print, for the console: the code, never who took it. */
export const PrintFailedEvent = Type.Object({
  seq: Type.Integer(),
  prev: Type.Integer(),
  ticketCode: Type.String(),
  kiosk: Type.String(),
  /** The printer's name; null for the virtual printer. */
  printer: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  at: Timestamp,
});
export type PrintFailedEvent = Static<typeof PrintFailedEvent>;
