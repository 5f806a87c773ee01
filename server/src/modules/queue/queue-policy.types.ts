import type { CallDecision, CallRule, CallTicketFacts } from '@numerek/shared';

/** What the queue policy (queue-policy.ts) reads and answers. */

/** A ticket waiting to be called, as the policy sees it. */
export interface WaitingTicket {
  /** Opaque random id. */
  id: string;
  /** Visible code, e.g. `A017`. */
  code: string;
  categoryId: string;
  /** 1 = regular; > 1 = priority (the weight of the ticket's group, e.g. 3). */
  weight: number;
  /** Epoch ms of the original issue time, kept across transfers: the place in the queue. */
  queuedAt: number;
  /** Set when the ticket was transferred to one counter: only that counter may call it. */
  targetCounterId: string | null;
  /**
   * Checked in for a booking: `queuedAt` is then the slot's start (possibly still ahead), and the
   * category's booked weight and maximum wait apply from it (PolicySettings.booked).
   */
  booked?: boolean;
}

/** How a category's booked tickets wait (its booking settings). */
export interface BookedRules {
  /** Multiplies the ticket's own weight (1, or the priority weight) from the slot's start on. */
  weight: number;
  /** Minutes after the slot's start from which the ticket passes the maximum wait. */
  maxWaitMinutes: number;
}

/** The counter that asks for its next ticket. */
export interface PolicyCounter {
  id: string;
  /** Categories this counter serves right now. */
  categoryIds: readonly string[];
  /** Priority calls in a row at this counter so far (a regular call resets it to 0). */
  consecutivePriorityCalls: number;
}

/** The office's policy settings. */
export interface PolicySettings {
  /** After this many priority calls in a row, the counter takes a regular ticket; null = off. */
  consecutivePriorityCap: number | null;
  /** Priority tickets always first, each class in arrival order. */
  strictPriority: boolean;
  /** Maximum wait in minutes per categoryId; null or missing = none. */
  maxWaitMinutes: Readonly<Record<string, number | null | undefined>>;
  /** The booked rules per categoryId; a category without them weighs a booked ticket as a walk-in. */
  booked?: Readonly<Record<string, BookedRules | undefined>>;
  /** The office's time zone: a booked ticket's call decision names its slot in local time. */
  timeZone?: string;
}

/** The rule that decided a call (`CALL_RULES` of the protocol). */
export type PolicyRule = CallRule;

/** A ticket as described in a {@link PolicyChoice}: numbers rounded to one decimal. */
export type PolicyTicketFacts = CallTicketFacts;

/** The ticket to call and why. */
export interface PolicyChoice {
  ticket: WaitingTicket;
  /**
   * Why, as data (the protocol's `CallDecision`): the rule, the ticket's facts and the ticket it
   * is compared with. It says only a ticket's weight, never why a ticket has priority (GDPR art.
   * 9: the policy does not know the group). The apps turn it into words in the reader's
   * language; `describeDecision` (call-reason.ts) makes the English for the API's integrators.
   */
  decision: CallDecision;
}

/** Why the clerk's chosen ticket cannot be called at this counter. */
export interface PolicyChoiceError {
  error: 'not_waiting' | 'not_eligible';
}
