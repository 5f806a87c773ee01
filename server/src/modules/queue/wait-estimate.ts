import { comparePolicyOrder, type PolicySettings, type WaitingTicket } from './queue-policy.ts';

/** What the estimate for one ticket needs; the caller gathers it, the estimate stays pure. */
export interface EstimateInput {
  /** The ticket to estimate for (may be just issued: `queuedAt = now`). */
  ticket: WaitingTicket;
  /** All waiting tickets of the office; the ticket itself may be among them (ignored by id). */
  waiting: readonly WaitingTicket[];
  /** Counters open now that serve the ticket's category (0 allowed). */
  servers: number;
  /** Counters configured to serve the category, used when none is open (at least 1 is assumed). */
  configuredServers: number;
  /** Rolling mean service time for the category; the caller supplies a default when unknown. */
  meanServiceMinutes: number;
  settings: PolicySettings;
  /** Epoch ms. */
  now: number;
}

/** Estimated wait, as printed on the ticket: whole minutes, `minMinutes ≤ maxMinutes`. */
export interface WaitEstimate {
  peopleAhead: number;
  minMinutes: number;
  maxMinutes: number;
}

const MS_PER_MINUTE = 60_000;

// Only tickets that compete for the same counters in the same way are counted: same category
// and not transferred to one counter (a transferred ticket is served at its target only).
function competes(ticket: WaitingTicket, candidate: WaitingTicket): boolean {
  return (
    candidate.id !== ticket.id &&
    candidate.categoryId === ticket.categoryId &&
    candidate.targetCounterId === null
  );
}

/**
 * How many of `candidates` the policy would call before `ticket` if both were waiting at time
 * `at` (epoch ms). Counts only candidates of the ticket's category that are not transferred to
 * a specific counter; the ticket itself is skipped by id. Uses the policy's own order
 * (maximum wait, then strict class-and-arrival or the score w·(at − queuedAt), ties by arrival);
 * the consecutive-priority cap is ignored because it depends on which counter calls. O(n).
 */
export function peopleAheadAt(
  ticket: WaitingTicket,
  candidates: readonly WaitingTicket[],
  settings: PolicySettings,
  at: number,
): number {
  let ahead = 0;
  for (const c of candidates) {
    if (competes(ticket, c) && comparePolicyOrder(c, ticket, settings, at) < 0) ahead += 1;
  }
  return ahead;
}

function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * The estimate of a ticket's wait, printed on the ticket and shown on the kiosk and the phone page.
 *
 * Method. Under the accumulating priority a ticket's place is not fixed: scores grow with the
 * wait, w times faster for weight w, so a priority ticket overtakes older regular tickets while
 * it waits and a regular ticket is overtaken by younger priority ones. So the people ahead are
 * counted at the projected call time rather than now. With s = the counters open now (or
 * `configuredServers`, at least 1, when none is open) and p = meanServiceMinutes / s, the k-th
 * call from now happens at about t(k) = now + k × p, and
 *
 *     g(k) = peopleAheadAt(ticket, waiting, settings, t(k))
 *
 * is how many would still rank ahead then. The ticket is called after k people where k is the
 * fixed point k = g(k); more precisely the target is the smallest k with g(k) ≤ k (by then at
 * most k tickets outrank it, and k have been called). `peopleAhead` is that k.
 *
 * It is found by bisection over k ∈ [0, number of candidates] (g(0) > 0 and g(n) ≤ n bracket
 * it), not by iterating k ← g(k): for a priority ticket g falls as k grows, and the plain
 * iteration then oscillates (behind 10 fresh regular tickets: 10, 0, 10, 0, …) instead of
 * settling. For a just-issued ticket without a maximum wait every other ticket is older, g can
 * only fall, and the bisection finds the exact smallest k; when g can also rise (a younger
 * priority ticket overtaking an older regular one, a ticket passing the maximum wait) it finds
 * a k where g crosses the diagonal, which is a fair estimate for a first version. About
 * log₂ n passes of O(n) each.
 *
 * The range around `centre = peopleAhead × p` comes from {@link waitRange}; its width follows
 * the dispersion the simulation measured. Only the currently waiting tickets of the same
 * category that are not transferred are counted; future arrivals and the consecutive-priority
 * cap enter only through that width.
 */
export function estimateWait(input: EstimateInput): WaitEstimate {
  const { ticket, settings, now } = input;
  const perPerson = minutesPerPerson(input.servers, input.configuredServers, input.meanServiceMinutes);
  const candidates = input.waiting.filter((c) => competes(ticket, c));
  const aheadAfter = (calls: number): number =>
    peopleAheadAt(ticket, candidates, settings, now + calls * perPerson * MS_PER_MINUTE);

  // Invariant: g(lo) > lo and g(hi) ≤ hi; g never exceeds the number of candidates.
  let ahead = 0;
  if (aheadAfter(0) > 0) {
    let lo = 0;
    let hi = candidates.length;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (aheadAfter(mid) <= mid) hi = mid;
      else lo = mid;
    }
    ahead = hi;
  }

  return waitRange(ahead, perPerson);
}

/** Minutes of counter time per person ahead: the mean service time shared by the open counters. */
export function minutesPerPerson(
  servers: number,
  configuredServers: number,
  meanServiceMinutes: number,
): number {
  const s = nonNegative(servers) >= 1 ? servers : Math.max(1, nonNegative(configuredServers));
  return nonNegative(meanServiceMinutes) / s;
}

/** How far below the centre the range reaches, in standard deviations (see {@link waitRange}). */
export const RANGE_BELOW_SD = 0.8;
/** How far above the centre plus one service slot the range reaches, in standard deviations. */
export const RANGE_ABOVE_SD = 1.2;

/**
 * The printed range for a number of people ahead, `p` minutes of counter time each.
 *
 * The ticket is called when the counters have finished `ahead` clients and one of them is free:
 * about `centre = ahead × p` from now, plus up to one service slot because the counters are busy
 * when the ticket is issued. The time to the (ahead + 1)-th departure from the open counters is
 * a sum of about ahead + 1 gaps of mean p; their standard deviation, measured by the simulation
 * (tests/simulation, docs/decisions/0007-wait-estimate.md), is close to `sd = p × √(ahead + 1)`
 * (departures are roughly Poisson once service times are as variable as an office's). The range
 * is `[floor(centre − 0.8 sd), ceil(centre + p + 1.2 sd)]`: wider above, because what the count
 * cannot see (priority tickets issued later that overtake, breaks, a long case) only delays.
 * On the reference day 92 % of clients are called within it (88 % over 20 seeded days of the
 * same office). A just-issued regular ticket has every competing waiting ticket ahead of it (all
 * are older and weigh at least 1), so the server can count them in SQL and use this directly
 * instead of loading the queue.
 */
export function waitRange(ahead: number, perPerson: number): WaitEstimate {
  const centre = ahead * perPerson;
  const sd = perPerson * Math.sqrt(ahead + 1);
  const minMinutes = Math.max(0, Math.floor(centre - RANGE_BELOW_SD * sd));
  let maxMinutes = Math.max(minMinutes, Math.ceil(centre + perPerson + RANGE_ABOVE_SD * sd));
  if (ahead > 0) maxMinutes = Math.max(1, maxMinutes);
  return { peopleAhead: ahead, minMinutes, maxMinutes };
}
