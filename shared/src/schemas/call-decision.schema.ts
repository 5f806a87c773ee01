import { Type, type Static } from 'typebox';
import { CALL_REASON_CODES, CALL_RULES } from '../constants.ts';

/**
 * What the queue policy decided when a ticket was called, as data: the apps turn it into a
 * sentence in the reader's language, and a stored decision reads right in any language later.
 * It describes a ticket only by its code, its class (weight 1 is regular, above 1 priority),
 * its wait and its score, never by why it has priority.
 */
export const CallTicketFacts = Type.Object({
  code: Type.String(),
  /** 1: a regular ticket; above 1: a priority ticket (the office's one priority weight). */
  weight: Type.Number(),
  /** Minutes waited at the call, one decimal. */
  waitedMinutes: Type.Number(),
  /**
   * The weight the policy used (a booked ticket's booking weight included) × `waitedMinutes` as
   * given here, two decimals at most, so that the figures a reader sees add up (not used in
   * strict mode).
   */
  score: Type.Number(),
  /** A ticket checked in for a booking: its slot's start, HH:MM in the office's time zone. */
  bookedFor: Type.Optional(Type.String()),
});
export type CallTicketFacts = Static<typeof CallTicketFacts>;

export const CallDecision = Type.Object({
  /**
   * - `max_wait`: the ticket had waited its category's maximum wait (the oldest such);
   * - `priority_cap`: a regular ticket after `priorityCallsInRow` priority calls in a row;
   * - `strict`: strict priority order (priority first, each class in arrival order);
   * - `score`: the highest weight × minutes waited;
   * - `chosen`: the clerk chose it from the list, for `reasonCode`.
   */
  rule: Type.Enum(CALL_RULES),
  ticket: CallTicketFacts,
  /**
   * The ticket the decision is compared with, or null when there was none:
   * `score`/`strict`: the older regular ticket a priority ticket passed, otherwise the next in
   * order; `max_wait`: the one the other rules would have called; `priority_cap`: the priority
   * ticket the cap passed over; `chosen`: the one the policy would have called (null when it is
   * the chosen one).
   */
  other: Type.Union([CallTicketFacts, Type.Null()]),
  /** `max_wait`: the category's maximum wait in minutes. */
  maxWaitMinutes: Type.Optional(Type.Number()),
  /** `max_wait`: how many tickets eligible here were past their maximum wait. */
  overMaxWait: Type.Optional(Type.Integer({ minimum: 1 })),
  /** `priority_cap`: priority calls in a row at this counter before this call. */
  priorityCallsInRow: Type.Optional(Type.Integer({ minimum: 0 })),
  /** `chosen`: why the clerk chose it. */
  reasonCode: Type.Optional(Type.Enum(CALL_REASON_CODES)),
});
export type CallDecision = Static<typeof CallDecision>;
