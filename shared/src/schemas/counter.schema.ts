import { Type, type Static } from 'typebox';
import { CallDecision } from './call-decision.schema.ts';
import { CALL_REASON_CODES, COUNTER_LIST_LIMIT, COUNTER_STATES, PAUSE_REASONS } from '../constants.ts';
import { Id, Timestamp } from './common.schema.ts';
import { TEXT_LIMITS } from '../text-limits.ts';
import { StaffTicket } from './ticket.schema.ts';

export const AccessibilityFlags = Type.Object(
  {
    inductionLoop: Type.Optional(Type.Boolean()),
    lowDesk: Type.Optional(Type.Boolean()),
    signLanguage: Type.Optional(
      Type.Boolean({ description: 'a PJM (Polish Sign Language) interpreter is available' }),
    ),
  },
  { additionalProperties: false },
);

const Fields = {
  name: Type.String({
    minLength: 1,
    maxLength: TEXT_LIMITS.counterName,
    description: `counter name: 1 to ${TEXT_LIMITS.counterName} characters, e.g. "Stanowisko 5"`,
  }),
  number: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, description: 'counter number: 1 to 999' })),
  categoryIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
    maxItems: 100,
    uniqueItems: true,
    description: 'the ids of the categories the counter serves',
  }),
  accessibility: Type.Optional(AccessibilityFlags),
  active: Type.Optional(Type.Boolean()),
};

export const CounterCreate = Type.Object(Fields, { additionalProperties: false });
export type CounterCreate = Static<typeof CounterCreate>;
export const CounterPatch = Type.Partial(Type.Object(Fields), {
  additionalProperties: false,
  minProperties: 1,
});
export type CounterPatch = Static<typeof CounterPatch>;

export const CounterStateSchema = Type.Enum(COUNTER_STATES);
export const PauseReasonSchema = Type.Enum(PAUSE_REASONS, {
  description: 'one of break, back_office, end_of_day',
});
export const CallReasonCodeSchema = Type.Union(
  CALL_REASON_CODES.map((s) => Type.Literal(s)),
  { description: `one of ${CALL_REASON_CODES.join(', ')}` },
);

export const Counter = Type.Object({
  id: Id,
  officeId: Id,
  name: Type.String(),
  number: Type.Integer(),
  categoryIds: Type.Array(Id),
  accessibility: Type.Object({
    inductionLoop: Type.Boolean(),
    lowDesk: Type.Boolean(),
    signLanguage: Type.Boolean(),
  }),
  active: Type.Boolean(),
  state: CounterStateSchema,
  clerk: Type.Union([Type.Object({ id: Id, displayName: Type.String() }), Type.Null()]),
  servingCategoryIds: Type.Array(Id),
  pauseReason: Type.Union([PauseReasonSchema, Type.Null()]),
  currentTicketId: Type.Union([Id, Type.Null()]),
  stateSince: Type.Union([Timestamp, Type.Null()]),
});
export type Counter = Static<typeof Counter>;

export const OpenCounterBody = Type.Object(
  {
    categoryIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        minItems: 1,
        maxItems: 100,
        uniqueItems: true,
        description: 'the categories to serve today: a subset of the counter’s categories (default: all)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OpenCounterBody = Static<typeof OpenCounterBody>;

export const TransferBody = Type.Object(
  {
    categoryId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'the category to transfer to' }),
    ),
    counterId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'the counter to transfer to' }),
    ),
    note: Type.Optional(
      Type.String({
        maxLength: TEXT_LIMITS.transferNote,
        description: `a note for the next clerk: at most ${TEXT_LIMITS.transferNote} characters`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const PauseBody = Type.Object({ reason: PauseReasonSchema }, { additionalProperties: false });
export type PauseBody = Static<typeof PauseBody>;

export const CallChosenBody = Type.Object(
  { ticketId: Id, reasonCode: CallReasonCodeSchema },
  { additionalProperties: false },
);
export type CallChosenBody = Static<typeof CallChosenBody>;

/** What a counter action did: the counter afterwards, the ticket it acted on, and why it was chosen. */
export const CounterActionOutcome = Type.Object({
  counter: Counter,
  ticket: Type.Union([StaffTicket, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /**
   * Why the called ticket was chosen, as data; null when the action called nobody (`next` with
   * nobody waiting answers `ticket: null` and `decision: null`) or called no one new.
   */
  decision: Type.Union([CallDecision, Type.Null()]),
});
export type CounterActionOutcome = Static<typeof CounterActionOutcome>;

/**
 * One category in a counter's detail, over every ticket the counter may call (not only those
 * listed): how many wait and how long the longest of them has waited.
 */
export const CounterWaitingCount = Type.Object({
  categoryId: Id,
  /** Tickets of the category the counter may call: its queue, and those transferred to this counter. */
  waiting: Type.Integer({ minimum: 0 }),
  /**
   * Minutes (one decimal) the longest-waiting of them has waited, from joining the queue, a booked
   * ticket from its slot's start (0 while that is still ahead). Null exactly when nobody waits.
   */
  longestWaitMinutes: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type CounterWaitingCount = Static<typeof CounterWaitingCount>;

/** What a clerk sees of their counter: its state, current ticket and the tickets it may call. */
export const CounterDetail = Type.Object({
  counter: Counter,
  ticket: Type.Union([StaffTicket, Type.Null()]),
  /**
   * The first tickets the counter would call, in the policy's order: at most
   * {@link COUNTER_LIST_LIMIT}; `waitingCounts` counts them all.
   */
  waiting: Type.Array(StaffTicket, { maxItems: COUNTER_LIST_LIMIT }),
  /**
   * Per category the counter may call from (those it serves, then those of tickets transferred
   * to it): how many wait and the longest wait, over the whole queue.
   */
  waitingCounts: Type.Array(CounterWaitingCount),
});
export type CounterDetail = Static<typeof CounterDetail>;

/**
 * The answer to every counter action: what it did, the counter's whole detail afterwards, and the
 * office's stream number (`seq`, as on the deltas) that this detail already reflects. A delta on
 * the counter's `/counter` stream with a seq at or below it was caused by this action or an
 * earlier change, so the panel needs no refetch for it. A repeated answer (same Idempotency-Key) carries the detail and seq
 * of the moment it is repeated.
 */
export const CounterActionResult = Type.Object({
  ...CounterActionOutcome.properties,
  detail: CounterDetail,
  seq: Type.Integer({ minimum: 0 }),
});
export type CounterActionResult = Static<typeof CounterActionResult>;
