import { Type, type Static } from 'typebox';
import { CallDecision } from './call-decision.schema.ts';
import { TICKET_STATES } from '../constants.ts';
import { Id, I18nNames, LanguageSchema, Timestamp, WaitRange } from './common.schema.ts';
import { TicketPrint } from './printer.schema.ts';

export const CounterRef = Type.Object({ id: Id, name: Type.String(), number: Type.Integer() });

export const TicketStateSchema = Type.Enum(TICKET_STATES);

export const IssueTicketBody = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 64, description: 'the id of the service category' }),
    priorityGroupId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'the id of the priority group, if the client declared one',
      }),
    ),
    language: Type.Optional(LanguageSchema),
    /** The client asks for a Polish Sign Language (PJM) interpreter; the clerk sees the flag. */
    interpreter: Type.Optional(
      Type.Boolean({ description: 'interpreter: true when a PJM interpreter is requested' }),
    ),
  },
  { additionalProperties: false },
);
export type IssueTicketBody = Static<typeof IssueTicketBody>;

/** The answer to the kiosk: what goes on the printed ticket. Never the priority group. */
export const IssuedTicket = Type.Object({
  id: Id,
  code: Type.String(),
  categoryId: Id,
  priority: Type.Boolean(),
  issuedAt: Timestamp,
  language: LanguageSchema,
  peopleAhead: Type.Integer({ minimum: 0 }),
  estimatedWait: WaitRange,
  /**
   * True when no counter that may call the ticket is open now (none opened yet today, or every
   * one closed or paused for the end of the day): the kiosk and the printed ticket then say that
   * no counter serves the matter now instead of the range, which cannot come true. As
   * `PublicTicket.nobodyServing`.
   */
  nobodyServing: Type.Boolean({
    description: 'true when no open counter, nor one paused for a while, may call the ticket now',
  }),
  statusUrl: Type.String(),
  /** Counters that serve the category now (or are set up to), to tell the client where to go. */
  counters: Type.Array(CounterRef),
  interpreter: Type.Boolean(),
  /** A ticket checked in for a booking: its slot's start, HH:MM in the office's time zone. */
  bookedFor: Type.Optional(Type.String()),
  /** For a kiosk's ticket, `pending` when the printer had not answered within PRINT_ANSWER_WAIT_MS. */
  print: TicketPrint,
});
export type IssuedTicket = Static<typeof IssuedTicket>;

/** What anyone holding the ticket's QR code may see: no priority, no personal data. */
export const PublicTicket = Type.Object({
  id: Id,
  code: Type.String(),
  categoryId: Id,
  state: TicketStateSchema,
  language: LanguageSchema,
  issuedAt: Timestamp,
  calledAt: Type.Union([Timestamp, Type.Null()]),
  peopleAhead: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  estimatedWait: Type.Union([WaitRange, Type.Null()]),
  counter: Type.Union([CounterRef, Type.Null()]),
  /**
   * True while the ticket waits and no counter that may call it is open now: the counter it was
   * transferred to, or else any counter serving its category today. A counter paused for a break
   * or the back office counts as serving (it comes back); a closed one, or one paused for the end
   * of the day, does not. The page then says that nobody serves the matter now instead of a wait
   * that cannot come true. False in every other state.
   */
  nobodyServing: Type.Boolean({
    description:
      'true while the ticket waits and no open counter, nor one paused for a while (not for the end of the day), may call it now',
  }),
  /** The category's names, for the status page in the ticket's language. */
  categoryNames: I18nNames,
  officeName: Type.String(),
  /** The office's time zone (IANA): the status page writes its times on the office's clock. */
  officeTimeZone: Type.String({ description: "the office's IANA time zone, e.g. Europe/Warsaw" }),
});
export type PublicTicket = Static<typeof PublicTicket>;

/** A ticket as staff see it: "priority" and its weight, never why. */
export const StaffTicket = Type.Object({
  id: Id,
  code: Type.String(),
  categoryId: Id,
  priority: Type.Boolean(),
  weight: Type.Number(),
  state: TicketStateSchema,
  language: LanguageSchema,
  counterId: Type.Union([Id, Type.Null()]),
  targetCounterId: Type.Union([Id, Type.Null()]),
  parentTicketId: Type.Union([Id, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Timestamp,
  queuedAt: Timestamp,
  calledAt: Type.Union([Timestamp, Type.Null()]),
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  recallCount: Type.Integer(),
  /**
   * Minutes waited, one decimal, until the call or now: never negative. A booked ticket waits
   * from its slot's start (`queuedAt`), so one checked in early has waited 0 until then.
   */
  waitedMinutes: Type.Number({ minimum: 0 }),
  /**
   * A ticket checked in for a booking, in the counter's waiting list: its slot's start, HH:MM
   * in the office's time zone.
   */
  bookedFor: Type.Optional(Type.String()),
  /**
   * True while a booked ticket waits and its slot has not begun (the client came early): the
   * apps then say when the booking is for instead of a wait. `issuedAt` is the check-in.
   */
  beforeSlot: Type.Optional(Type.Boolean()),
  callReason: Type.Union([Type.String(), Type.Null()]),
  /** Why the ticket was called, as data (null before its call, and for calls stored as text only). */
  callDecision: Type.Union([CallDecision, Type.Null()]),
  estimatedWait: WaitRange,
  interpreter: Type.Boolean(),
});
export type StaffTicket = Static<typeof StaffTicket>;

export const TicketEvent = Type.Object({
  type: Type.String(),
  at: Timestamp,
  actor: Type.String(),
  counterId: Type.Union([Id, Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const TicketRecord = Type.Object({ ticket: StaffTicket, events: Type.Array(TicketEvent) });
export type TicketRecord = Static<typeof TicketRecord>;

/** `GET /api/admin/tickets?code=A017`: today's ticket of the office by the code printed on it. */
export const TicketCodeQuery = Type.Object(
  {
    code: Type.String({
      pattern: '^[A-Z]{1,3}[0-9]{3,4}$',
      description: 'a ticket code as printed, e.g. "A017": 1 to 3 capital letters, then 3 or 4 digits',
    }),
  },
  { additionalProperties: false },
);
export type TicketCodeQuery = Static<typeof TicketCodeQuery>;
