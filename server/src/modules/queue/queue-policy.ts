/**
 * Who is called next: the fair priority policy (docs: shared/design/priority.md).
 *
 * Accumulating priority with guard rails. Every waiting ticket has a score
 * `weight × minutes waited`; a counter calls the highest score among the tickets it may serve.
 * Before that, three guard rails apply in order: the maximum wait per category, the
 * consecutive-priority cap per counter and the strict mode.
 *
 * A ticket checked in for a booking waits from its slot's start (`queuedAt`, which may still be
 * ahead: a client who came early has waited nothing yet), with its category's booked weight
 * multiplying its own and the booked maximum wait (docs/decisions/0033-bookings.md). So a booking
 * merges into the same score: it is not served before its time, is called promptly once its slot
 * has passed, and never passes a walk-in who is over the maximum wait and came before its slot.
 *
 * Pure: time is passed in as epoch milliseconds, nothing is read from a clock or a database, so
 * the server, the simulation and the tests run the same code.
 */

import type { CallDecision, CallReasonCode } from '@numerek/shared';
import { clockOf } from '../../lib/office-time.ts';
import type {
  PolicyChoice,
  PolicyChoiceError,
  PolicyCounter,
  PolicyRule,
  PolicySettings,
  PolicyTicketFacts,
  WaitingTicket,
} from './queue-policy.types.ts';

export type * from './queue-policy.types.ts';

const MS_PER_MINUTE = 60_000;

/** Whether the ticket is a priority ticket (weight above the regular 1). */
export function isPriority(t: { weight: number }): boolean {
  return t.weight > 1;
}

// A clock slightly behind the one that stamped the ticket must not give a negative wait: a
// negative wait times a priority weight would sink priority tickets below just-issued regulars.
function waitedMs(t: WaitingTicket, now: number): number {
  return Math.max(0, now - t.queuedAt);
}

/**
 * The weight the score uses: the ticket's own, times its category's booked weight for a booked
 * ticket. Priority groups still apply to a booked client: both weights count.
 */
export function effectiveWeight(t: WaitingTicket, settings?: Pick<PolicySettings, 'booked'>): number {
  if (t.booked !== true) return t.weight;
  const booked = settings?.booked?.[t.categoryId]?.weight;
  return typeof booked === 'number' && Number.isFinite(booked) && booked >= 1 ? t.weight * booked : t.weight;
}

/**
 * The accumulating-priority score: weight × minutes waited (minutes as a float; a wait before
 * `queuedAt` counts as 0). With `settings`, a booked ticket weighs its booked weight too.
 */
export function score(t: WaitingTicket, now: number, settings?: Pick<PolicySettings, 'booked'>): number {
  return (effectiveWeight(t, settings) * waitedMs(t, now)) / MS_PER_MINUTE;
}

/**
 * Whether the counter may call the ticket: a transferred ticket only at its target counter,
 * any other ticket at the counters serving its category.
 */
export function eligibleFor(counter: PolicyCounter, t: WaitingTicket): boolean {
  if (t.targetCounterId !== null) return t.targetCounterId === counter.id;
  return counter.categoryIds.includes(t.categoryId);
}

// A zero, negative or non-numeric maximum would make every ticket "over" and silently turn the
// policy into first-come-first-served; treat it as unset instead (config validation rejects it).
function maxWaitMsFor(settings: PolicySettings, t: WaitingTicket): number | null {
  const minutes = maxWaitMinutesOf(settings, t);
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return null;
  return minutes * MS_PER_MINUTE;
}

// A booked ticket's maximum wait is its category's booked one, counted from its slot.
function maxWaitMinutesOf(settings: PolicySettings, t: WaitingTicket): number | null | undefined {
  return t.booked === true
    ? settings.booked?.[t.categoryId]?.maxWaitMinutes
    : settings.maxWaitMinutes[t.categoryId];
}

function isOverMaxWait(t: WaitingTicket, settings: PolicySettings, now: number): boolean {
  const max = maxWaitMsFor(settings, t);
  return max !== null && waitedMs(t, now) >= max;
}

// Same reasoning as the maximum wait: a cap of 0 would mean "regulars always first".
function activeCap(settings: PolicySettings): number | null {
  const cap = settings.consecutivePriorityCap;
  return cap !== null && Number.isFinite(cap) && cap >= 1 ? cap : null;
}

function byArrival(a: WaitingTicket, b: WaitingTicket): number {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// The order without the guard rails that depend on the clock limit or the counter: strict
// class-then-arrival, or the score. Scores are compared in weight × ms so that equal scores
// stay exactly equal (dividing by 60 000 first could split a tie by rounding).
function compareNormal(a: WaitingTicket, b: WaitingTicket, settings: PolicySettings, now: number): number {
  if (settings.strictPriority) {
    const pa = isPriority(a);
    if (pa !== isPriority(b)) return pa ? -1 : 1;
  } else {
    const sa = effectiveWeight(a, settings) * waitedMs(a, now);
    const sb = effectiveWeight(b, settings) * waitedMs(b, now);
    if (sa !== sb) return sb - sa;
  }
  return byArrival(a, b);
}

/**
 * The policy's order between two tickets at `now`, ignoring the consecutive-priority cap (it
 * depends on the counter's recent calls, not on the tickets): negative when `a` goes first.
 * Tickets over their category's maximum wait come first, oldest first; then strict mode
 * (priority first, each class by arrival) or the highest score; ties by `queuedAt`, then `id`.
 * A total order, so sorting with it is deterministic.
 */
export function comparePolicyOrder(
  a: WaitingTicket,
  b: WaitingTicket,
  settings: PolicySettings,
  now: number,
): number {
  const overA = isOverMaxWait(a, settings, now);
  if (overA !== isOverMaxWait(b, settings, now)) return overA ? -1 : 1;
  if (overA) return byArrival(a, b);
  return compareNormal(a, b, settings, now);
}

function minBy<T>(items: readonly T[], cmp: (a: T, b: T) => number): T | null {
  let best: T | null = null;
  for (const item of items) if (best === null || cmp(item, best) < 0) best = item;
  return best;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function facts(t: WaitingTicket, settings: PolicySettings, now: number): PolicyTicketFacts {
  const waitedMinutes = round1(waitedMs(t, now) / MS_PER_MINUTE);
  return {
    code: t.code,
    weight: t.weight,
    waitedMinutes,
    // From the minutes as told, so that a reader's weight × minutes gives the score shown.
    score: Math.round(effectiveWeight(t, settings) * waitedMinutes * 100) / 100,
    ...(t.booked === true && settings.timeZone !== undefined
      ? { bookedFor: clockOf(t.queuedAt, settings.timeZone) }
      : {}),
  };
}

function buildChoice(
  ticket: WaitingTicket,
  rule: PolicyRule,
  other: WaitingTicket | null,
  settings: PolicySettings,
  now: number,
  extra: Omit<CallDecision, 'rule' | 'ticket' | 'other'> = {},
): PolicyChoice {
  return {
    ticket,
    decision: {
      rule,
      ticket: facts(ticket, settings, now),
      other: other === null ? null : facts(other, settings, now),
      ...extra,
    },
  };
}

// The ticket a score/strict call is compared against. When a priority ticket is called while
// an older regular one waits, that regular ticket is the one its holder would complain about,
// so it is named even if another priority ticket is the true second.
function comparisonFor(
  winner: WaitingTicket,
  eligible: readonly WaitingTicket[],
  settings: PolicySettings,
  now: number,
): WaitingTicket | null {
  const others = eligible.filter((t) => t !== winner);
  if (isPriority(winner)) {
    const bestRegular = minBy(
      others.filter((t) => !isPriority(t)),
      (a, b) => compareNormal(a, b, settings, now),
    );
    if (bestRegular !== null && bestRegular.queuedAt < winner.queuedAt) return bestRegular;
  }
  return minBy(others, (a, b) => compareNormal(a, b, settings, now));
}

function chooseAmong(
  eligible: readonly WaitingTicket[],
  counter: PolicyCounter,
  settings: PolicySettings,
  now: number,
): PolicyChoice | null {
  const strict = settings.strictPriority;
  const normal = (a: WaitingTicket, b: WaitingTicket): number => compareNormal(a, b, settings, now);

  const over = eligible.filter((t) => isOverMaxWait(t, settings, now));
  const oldestOver = minBy(over, byArrival);
  if (oldestOver !== null) {
    const max = maxWaitMinutesOf(settings, oldestOver);
    const runnerUp = minBy(
      eligible.filter((t) => t !== oldestOver),
      normal,
    );
    return buildChoice(oldestOver, 'max_wait', runnerUp, settings, now, {
      maxWaitMinutes: max ?? 0,
      overMaxWait: over.length,
    });
  }

  const best = minBy(eligible, normal);
  if (best === null) return null;

  const cap = activeCap(settings);
  if (cap !== null && counter.consecutivePriorityCalls >= cap && isPriority(best)) {
    const bestRegular = minBy(
      eligible.filter((t) => !isPriority(t)),
      normal,
    );
    if (bestRegular !== null) {
      return buildChoice(bestRegular, 'priority_cap', best, settings, now, {
        priorityCallsInRow: counter.consecutivePriorityCalls,
      });
    }
  }

  const runnerUp = comparisonFor(best, eligible, settings, now);
  return buildChoice(best, strict ? 'strict' : 'score', runnerUp, settings, now);
}

/**
 * The ticket the counter should call next, and why; null when no waiting ticket is eligible.
 *
 * Rules, in order, among the eligible tickets ({@link eligibleFor}):
 * 1. `max_wait`: a ticket that has waited at least its category's maximum wait, oldest first;
 * 2. `priority_cap`: after `consecutivePriorityCap` priority calls in a row at this counter, the
 *    best regular ticket, if one waits and the normal order would call a priority ticket;
 * 3. `strict`: in strict mode, priority tickets first, each class in arrival order;
 * 4. `score`: the highest weight × wait; ties by earlier `queuedAt`, then `id`.
 *
 * O(n) in the number of waiting tickets.
 */
export function chooseNext(
  waiting: readonly WaitingTicket[],
  counter: PolicyCounter,
  settings: PolicySettings,
  now: number,
): PolicyChoice | null {
  return chooseAmong(
    waiting.filter((t) => eligibleFor(counter, t)),
    counter,
    settings,
    now,
  );
}

/**
 * The clerk calls a ticket picked from the list instead of the policy's choice. The ticket must
 * be waiting and eligible at this counter. The decision names the ticket the policy would have
 * called, so the audit log shows what was skipped.
 */
export function chooseSpecific(
  waiting: readonly WaitingTicket[],
  counter: PolicyCounter,
  settings: PolicySettings,
  now: number,
  ticketId: string,
  reasonCode: CallReasonCode,
): PolicyChoice | PolicyChoiceError {
  const ticket = waiting.find((t) => t.id === ticketId);
  if (ticket === undefined) return { error: 'not_waiting' };
  if (!eligibleFor(counter, ticket)) return { error: 'not_eligible' };

  const policy = chooseNext(waiting, counter, settings, now);
  const skipped = policy === null || policy.ticket.id === ticket.id ? null : policy.ticket;
  return buildChoice(ticket, 'chosen', skipped, settings, now, { reasonCode });
}

/**
 * The eligible tickets in the order {@link chooseNext} would call them if this counter called
 * them one after another right now with no new arrivals: element 0 is always `chooseNext`'s
 * ticket. The consecutive-priority cap is simulated from the counter's current count (a
 * priority call adds one, a regular call resets it), so regular tickets appear where the cap
 * would slot them in. O(n log n).
 */
export function rankWaiting(
  waiting: readonly WaitingTicket[],
  counter: PolicyCounter,
  settings: PolicySettings,
  now: number,
): WaitingTicket[] {
  const normal = (a: WaitingTicket, b: WaitingTicket): number => compareNormal(a, b, settings, now);
  const eligible = waiting.filter((t) => eligibleFor(counter, t));

  const over: WaitingTicket[] = [];
  const priority: WaitingTicket[] = [];
  const regular: WaitingTicket[] = [];
  for (const t of eligible) {
    if (isOverMaxWait(t, settings, now)) over.push(t);
    else if (isPriority(t)) priority.push(t);
    else regular.push(t);
  }
  over.sort(byArrival);
  priority.sort(normal);
  regular.sort(normal);

  const cap = activeCap(settings);
  let count = counter.consecutivePriorityCalls;
  const ranked: WaitingTicket[] = [];
  const take = (t: WaitingTicket): void => {
    ranked.push(t);
    count = isPriority(t) ? count + 1 : 0;
  };

  for (const t of over) take(t);
  // Two sorted runs merged by the same comparator give the normal order; the cap only ever
  // swaps in the head of the regular run, exactly as chooseNext would.
  let p = 0;
  let r = 0;
  for (;;) {
    const headP = priority[p];
    const headR = regular[r];
    const capReached = cap !== null && count >= cap;
    if (headR !== undefined && (headP === undefined || capReached || normal(headR, headP) < 0)) {
      r += 1;
      take(headR);
    } else if (headP !== undefined) {
      p += 1;
      take(headP);
    } else {
      break;
    }
  }
  return ranked;
}
