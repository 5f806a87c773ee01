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

/** The rules that can decide a call, in the order they are tried. */
export const POLICY_RULES = ['max_wait', 'priority_cap', 'strict', 'score', 'chosen'] as const;
/** The rule that decided a call. */
export type PolicyRule = (typeof POLICY_RULES)[number];

/** A ticket as described in a {@link PolicyChoice}: numbers rounded to one decimal. */
export interface PolicyTicketFacts {
  code: string;
  weight: number;
  waitedMinutes: number;
  score: number;
}

/** The ticket to call and why. */
export interface PolicyChoice {
  ticket: WaitingTicket;
  rule: PolicyRule;
  /**
   * Human-readable English for the clerk panel and complaints, e.g. "priority ×3, waited 6 min,
   * score 18, ahead of regular A031 that waited 14 min (score 14)". Says only "priority ×w" or
   * "regular", never why a ticket has priority (GDPR art. 9: the policy does not know the group).
   */
  reason: string;
  detail: {
    weight: number;
    waitedMinutes: number;
    score: number;
    /**
     * The ticket the reason compares against (the one it names), or null when none:
     * - `score` / `strict`: the best older regular ticket when a priority ticket passed it,
     *   otherwise the next ticket in policy order;
     * - `max_wait`: the ticket the other rules would have called instead;
     * - `priority_cap`: the priority ticket the cap passed over;
     * - `chosen`: the ticket the policy would have called, null when it is the chosen one.
     */
    runnerUp: { code: string; weight: number; waitedMinutes: number; score: number } | null;
  };
}

/** Why the clerk's chosen ticket cannot be called at this counter. */
export interface PolicyChoiceError {
  error: 'not_waiting' | 'not_eligible';
}
