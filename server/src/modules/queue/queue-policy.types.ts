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
