import type { PauseReason } from '@numerek/shared';
import {
  chooseNext,
  comparePolicyOrder,
  eligibleFor,
  isPriority,
  type PolicySettings,
  type WaitingTicket,
} from './queue-policy.ts';

/** What the estimate for one ticket needs; the caller gathers it, the estimate stays pure. */
export interface EstimateInput {
  /** The ticket to estimate for (may be just issued: `queuedAt = now`). */
  ticket: WaitingTicket;
  /** All waiting tickets of the office; the ticket itself may be among them (ignored by id). */
  waiting: readonly WaitingTicket[];
  /**
   * Tickets expected to join the queue ({@link Expected}): each competes from its `queuedAt` on,
   * ranked by the same policy, and is never ahead before it.
   */
  expected?: readonly WaitingTicket[];
  /**
   * Tickets known to rank ahead at every time, counted rather than listed (a just-issued regular
   * ticket has every waiting ticket of its category ahead): added to the projection's count.
   */
  aheadNow?: number;
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
  expected: readonly WaitingTicket[] = [],
): number {
  let ahead = 0;
  for (const c of candidates) {
    if (competes(ticket, c) && comparePolicyOrder(c, ticket, settings, at) < 0) ahead += 1;
  }
  for (const c of expected) {
    if (c.queuedAt <= at && competes(ticket, c) && comparePolicyOrder(c, ticket, settings, at) < 0)
      ahead += 1;
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
  const { ahead, perPerson } = projectWait(input);
  return waitRange(ahead, perPerson, rangeShapeOf(input.ticket));
}

/** Where the projection puts a ticket: people called before it, and counter minutes per person. */
export interface Projection {
  ahead: number;
  perPerson: number;
}

/** The count behind {@link estimateWait}, before the range is put around it. */
export function projectWait(input: EstimateInput): Projection {
  const { ticket, settings, now } = input;
  const perPerson = minutesPerPerson(input.servers, input.configuredServers, input.meanServiceMinutes);
  const candidates = input.waiting.filter((c) => competes(ticket, c));
  const expected = (input.expected ?? []).filter((c) => competes(ticket, c));
  const known = Math.floor(nonNegative(input.aheadNow ?? 0));
  const aheadAfter = (calls: number): number =>
    known + peopleAheadAt(ticket, candidates, settings, now + calls * perPerson * MS_PER_MINUTE, expected);

  // Invariant: g(lo) > lo and g(hi) ≤ hi; g never exceeds the number of candidates.
  let ahead = 0;
  if (aheadAfter(0) > 0) {
    let lo = 0;
    let hi = known + candidates.length + expected.length;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (aheadAfter(mid) <= mid) hi = mid;
      else lo = mid;
    }
    ahead = hi;
  }
  return { ahead, perPerson };
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

/** How a range is put around a projection (see {@link waitRange}). */
export interface RangeShape {
  /** The centre as a share of `ahead × p`: the projection counts every ticket as a full service. */
  centre: number;
  /** How far below the centre the range reaches, in standard deviations. */
  below: number;
  /** How far above the centre plus half a service slot it reaches, in standard deviations. */
  above: number;
}

/** A regular or booked ticket: what the projection cannot see (more priority clients, a long case) delays it. */
export const REGULAR_RANGE: RangeShape = { centre: 0.9, below: 0.8, above: 2.0 };
/** A priority walk-in: nobody who comes later overtakes it, so its wait spreads less. */
export const PRIORITY_RANGE: RangeShape = { centre: 0.8, below: 0.8, above: 1.5 };
/** The widest range printed, minutes: beyond it the range narrows around its likeliest part. */
export const RANGE_MAX_WIDTH = 27;

/** The shape of a ticket's range: {@link PRIORITY_RANGE} for a priority walk-in, else {@link REGULAR_RANGE}. */
export function rangeShapeOf(ticket: WaitingTicket): RangeShape {
  return isPriority(ticket) && ticket.booked !== true ? PRIORITY_RANGE : REGULAR_RANGE;
}

/**
 * The printed range for a number of people ahead, `p` minutes of counter time each.
 *
 * The ticket is called when the counters have finished `ahead` clients and one of them is free:
 * about `centre = c × ahead × p` from now (the projection counts every ticket ahead as a full
 * service, but some do not come when called and a paused counter comes back), plus up to half
 * a service slot because the counters are busy when the ticket is issued. The time to the
 * (ahead + 1)-th departure from the open counters is a sum of about ahead + 1 gaps of mean p;
 * their standard deviation, measured by the simulation (tests/simulation,
 * docs/decisions/0007-wait-estimate.md), is close to `sd = p × √(ahead + 1)`. The range is
 * `[centre − below × sd, centre + p/2 + above × sd]`, whole minutes, with the shape fitted on the
 * simulated days: for a regular or booked ticket `c = 0.9`, 0.8 sd below and 2 above (what the
 * projection cannot see, more priority clients than expected or a long case, only delays it);
 * for a priority walk-in, whom nobody coming later overtakes, `c = 0.8`, 0.8 below and 1.5 above.
 * It is never wider than {@link RANGE_MAX_WIDTH}: a longer queue's range is narrowed about the
 * point that divides it in the same proportion, so a long wait is printed as a useful half-hour
 * rather than an hour's span (on an overloaded day fewer of those come true; decision 0007).
 */
export function waitRange(ahead: number, perPerson: number, shape: RangeShape = REGULAR_RANGE): WaitEstimate {
  const centre = shape.centre * ahead * perPerson;
  const sd = perPerson * Math.sqrt(ahead + 1);
  let low = centre - shape.below * sd;
  let high = centre + perPerson / 2 + shape.above * sd;
  if (high - low > RANGE_MAX_WIDTH) {
    const pivot = (low * shape.above + high * shape.below) / (shape.below + shape.above);
    const f = RANGE_MAX_WIDTH / (high - low);
    low = pivot - (pivot - low) * f;
    high = pivot + (high - pivot) * f;
  }
  const minMinutes = Math.max(0, Math.floor(low));
  let maxMinutes = Math.max(minMinutes, Math.ceil(high));
  if (ahead > 0) maxMinutes = Math.max(1, maxMinutes);
  return { peopleAhead: ahead, minMinutes, maxMinutes };
}

/** A counter's state now, as far as the estimate asks whether its clerk serves. */
export interface CounterPresence {
  open: boolean;
  paused: boolean;
  /** Why it is paused; null when it is not. */
  pauseReason: PauseReason | null;
}

/**
 * Whether a counter counts among those serving now: open, or paused for a while (a break, the back
 * office), since its clerk comes back within the wait being estimated (decision 0007). A counter
 * paused for the end of the day does not come back today, so it counts as closed: the estimate
 * does not wait for it, and a ticket only it could call is served by nobody now.
 */
export function servesNow(c: CounterPresence): boolean {
  return c.open || (c.paused && c.pauseReason !== 'end_of_day');
}

/** A counter as the office-wide estimate sees it: what it serves and its priority streak. */
export interface EstimateCounter {
  id: string;
  categoryIds: readonly string[];
  consecutivePriorityCalls: number;
}

/** The counters whose work decides when a ticket is called, and the categories they serve. */
export interface Reach {
  /** The counters that may call the ticket: open ones, or else the configured ones. */
  mine: EstimateCounter[];
  /** Those, the other categories they serve, the counters serving those, and so on. */
  counters: EstimateCounter[];
  categories: Set<string>;
}

/**
 * Which counters and categories a ticket's wait depends on. The ticket's counters are the open
 * counters that may call it, or, when none is open, those configured for it. When they serve only
 * the ticket's category, `categories` holds just that one and the wait is a matter of counting.
 */
export function reachOf(
  ticket: WaitingTicket,
  openCounters: readonly EstimateCounter[],
  configuredCounters: readonly EstimateCounter[],
): Reach {
  const serves = (k: EstimateCounter) => eligibleFor(k, ticket);
  const pool = openCounters.some(serves) ? openCounters : configuredCounters;
  const mine = pool.filter(serves);
  const categories = new Set<string>([ticket.categoryId]);
  const reach = new Set<EstimateCounter>(mine);
  for (let grown = true; grown;) {
    grown = false;
    for (const k of reach) for (const c of k.categoryIds) categories.add(c);
    for (const k of pool) {
      if (!reach.has(k) && k.categoryIds.some((c) => categories.has(c))) {
        reach.add(k);
        grown = true;
      }
    }
  }
  return { mine, counters: [...reach], categories };
}

/** What {@link estimateWaitInOffice} needs: the whole office, not one category. */
export interface OfficeEstimateInput {
  ticket: WaitingTicket;
  /** Waiting tickets of (at least) the categories in reach; the ticket itself is skipped by id. */
  waiting: readonly WaitingTicket[];
  /** Tickets expected to join, as for {@link estimateWait}: each can be called from its `queuedAt` on. */
  expected?: readonly WaitingTicket[];
  /** Counters open now, with the categories they serve now. */
  openCounters: readonly EstimateCounter[];
  /** Every active counter with its configured categories: assumed when none open serves the ticket. */
  configuredCounters: readonly EstimateCounter[];
  /** Rolling mean service time per category; a category not listed takes `defaultServiceMinutes`. */
  meanServiceMinutes: Readonly<Record<string, number>>;
  defaultServiceMinutes: number;
  settings: PolicySettings;
  /** Epoch ms. */
  now: number;
}

/**
 * Above this many waiting tickets in reach the projection is not run and the per-category count
 * is used instead: no office has so many, and a load test's issuing stays fast.
 */
export const PROJECTION_LIMIT = 250;

/**
 * The estimate of a ticket's wait in an office whose counters may serve several categories.
 *
 * When the ticket's counters serve only its category, this is exactly {@link estimateWait}.
 * Otherwise their time is shared with other categories, and the queue is projected forward with
 * the real call-next policy: every counter in reach ({@link reachOf}) starts free now, calls by
 * {@link chooseNext} at its projected time, and is then busy for the mean service time of the
 * category it called, until one of them calls the ticket. The calls made before that by the
 * ticket's own `s` counters are the people ahead, and the counter time they take, shared by those
 * counters, is the centre: `p = work / (s × ahead)` goes to {@link waitRange}, so the range keeps
 * the width the simulation calibrated. O(n × classes) for n tickets in reach, because within a
 * class (category, weight, target counter) the policy keeps arrival order, so only the oldest of
 * each class can be chosen.
 */
export function estimateWaitInOffice(input: OfficeEstimateInput): WaitEstimate {
  const { ahead, perPerson } = projectWaitInOffice(input);
  return waitRange(ahead, perPerson, rangeShapeOf(input.ticket));
}

/** The projection behind {@link estimateWaitInOffice}, before the range is put around it. */
export function projectWaitInOffice(input: OfficeEstimateInput): Projection {
  const { ticket, settings, now } = input;
  const { mine, counters, categories } = reachOf(ticket, input.openCounters, input.configuredCounters);
  const mean = (categoryId: string): number =>
    nonNegative(input.meanServiceMinutes[categoryId] ?? input.defaultServiceMinutes);
  const reachIds = new Set(counters.map((k) => k.id));
  const reaches = (w: WaitingTicket): boolean =>
    w.id !== ticket.id &&
    (w.targetCounterId === null ? categories.has(w.categoryId) : reachIds.has(w.targetCounterId));
  const inReach = input.waiting.filter(reaches);
  const expected = (input.expected ?? []).filter(reaches);
  if (categories.size === 1 || mine.length === 0 || inReach.length + expected.length > PROJECTION_LIMIT) {
    return projectWait({
      ticket,
      waiting: input.waiting,
      expected: input.expected ?? [],
      servers: mine.length,
      configuredServers: mine.length,
      meanServiceMinutes: mean(ticket.categoryId),
      settings,
      now,
    });
  }

  // Classes in arrival order: the policy only ever picks the oldest ticket of a class. An
  // expected ticket is a class of its own (it may be called only once it has come).
  const isExpected = new Set(expected);
  const classes = new Map<string, WaitingTicket[]>();
  for (const t of [...inReach, ...expected, ticket].sort((a, b) => a.queuedAt - b.queuedAt)) {
    const key = isExpected.has(t)
      ? `expected\u0000${t.id}`
      : `${t.categoryId}\u0000${t.weight}\u0000${t.targetCounterId ?? ''}\u0000${t.booked === true ? 'b' : ''}`;
    const list = classes.get(key);
    if (list) list.push(t);
    else classes.set(key, [t]);
  }
  const queues = [...classes.values()].map((list) => ({ list, head: 0 }));
  const state = counters.map((k) => ({
    counter: { ...k },
    mine: mine.includes(k),
    freeInMinutes: 0,
    idle: false,
  }));
  let ahead = 0;
  let work = 0;
  const steps = inReach.length + expected.length + state.length;
  for (let step = 0; step <= steps; step++) {
    let k: (typeof state)[number] | undefined;
    for (const s of state) if (!s.idle && (!k || s.freeInMinutes < k.freeInMinutes)) k = s;
    if (!k) break;
    const at = now + k.freeInMinutes * MS_PER_MINUTE;
    const heads: WaitingTicket[] = [];
    for (const q of queues) {
      const head = q.list[q.head];
      if (head && eligibleFor(k.counter, head) && (!isExpected.has(head) || head.queuedAt <= at))
        heads.push(head);
    }
    const choice = chooseNext(heads, k.counter, settings, at);
    if (!choice) {
      k.idle = true;
      continue;
    }
    const called = choice.ticket;
    if (called.id === ticket.id) {
      return {
        ahead,
        perPerson: ahead > 0 ? work / (mine.length * ahead) : mean(ticket.categoryId) / mine.length,
      };
    }
    const q = queues.find((x) => x.list[x.head] === called);
    if (q) q.head += 1;
    k.counter.consecutivePriorityCalls = isPriority(called) ? k.counter.consecutivePriorityCalls + 1 : 0;
    k.freeInMinutes += mean(called.categoryId);
    if (k.mine) {
      ahead += 1;
      work += mean(called.categoryId);
    }
  }
  // Only when no counter in reach may call the ticket: count as a single category would.
  return { ahead, perPerson: mean(ticket.categoryId) / Math.max(1, mine.length) };
}

/** How far ahead the estimate expects priority tickets, minutes. */
export const EXPECTED_HORIZON_MINUTES = 120;
/**
 * The share of the last hour's priority tickets expected again in each coming hour: measured in
 * the simulation, the full rate overstates what overtakes (an hour's count swings, and the
 * afternoon's arrivals fall).
 */
export const EXPECTED_RATE_SHARE = 0.75;

/**
 * The priority tickets a category can expect in the next {@link EXPECTED_HORIZON_MINUTES}, at
 * {@link EXPECTED_RATE_SHARE} of the rate of the last hour (`issuedLastHour` priority tickets
 * of `weight`), evenly spaced from half a gap after `now`. A priority ticket issued later
 * overtakes a regular ticket that has waited long enough, so the projection counts them; for a
 * priority ticket of the same weight they never rank ahead.
 */
export function expectedPriorityArrivals(
  categoryId: string,
  issuedLastHour: number,
  weight: number,
  now: number,
): WaitingTicket[] {
  if (!(weight > 1)) return [];
  return evenlySpaced(
    `expected:${categoryId}`,
    categoryId,
    issuedLastHour * EXPECTED_RATE_SHARE,
    weight,
    now,
    EXPECTED_HORIZON_MINUTES,
  );
}

/**
 * The regular walk-ins a booked client who checked in before the slot can expect to come before
 * it, at the rate of the last hour (`issuedLastHour` regular walk-ins of the category), evenly
 * spaced from half a gap after `now` until the slot (at most {@link EXPECTED_HORIZON_MINUTES}).
 * Until its slot a booked ticket has waited nothing, so a walk-in who comes meanwhile ranks
 * ahead of it for a while; for any other ticket a later regular walk-in never does, so only a
 * booked ticket's estimate counts them.
 */
export function expectedWalkInsBefore(
  ticket: WaitingTicket,
  issuedLastHour: number,
  now: number,
): WaitingTicket[] {
  if (ticket.booked !== true || !(ticket.queuedAt > now)) return [];
  const minutes = Math.min(EXPECTED_HORIZON_MINUTES, (ticket.queuedAt - now) / MS_PER_MINUTE);
  return evenlySpaced(`walk-in:${ticket.categoryId}`, ticket.categoryId, issuedLastHour, 1, now, minutes);
}

function evenlySpaced(
  prefix: string,
  categoryId: string,
  perHour: number,
  weight: number,
  now: number,
  minutes: number,
): WaitingTicket[] {
  if (!(perHour > 0)) return [];
  const gap = 60 / perHour;
  const out: WaitingTicket[] = [];
  for (let t = gap / 2; t < minutes; t += gap) {
    const id = `${prefix}:${out.length}`;
    out.push({ id, code: id, categoryId, weight, queuedAt: now + t * MS_PER_MINUTE, targetCounterId: null });
  }
  return out;
}
