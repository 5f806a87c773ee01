/**
 * One office day as a discrete-event simulation (docs: shared/design/priority.md, "How we know it
 * is fair"): clients take tickets, counters open, take their breaks and call with the server's own
 * call-next policy (`chooseNext`), and each ticket can carry the range the server would print at
 * issue (sim-estimator.ts). Booked clients are an optional part of the day
 * (docs/decisions/0033-bookings.md).
 *
 * Pure and deterministic: time is simulated minutes turned into epoch milliseconds from a fixed day.
 */
import { DEFAULT_PRIORITY_WEIGHT } from '@numerek/shared';
import {
  chooseNext,
  eligibleFor,
  isPriority,
  type PolicySettings,
  type WaitingTicket,
} from '../../server/src/modules/queue/queue-policy.ts';
import {
  EXPECTED_HORIZON_MINUTES,
  type Projection,
  type WaitEstimate,
} from '../../server/src/modules/queue/wait-estimate.ts';
import type { SimClient } from './day-clients.ts';
import type { Scenario } from './scenario.ts';
import { SimEstimator, type SimEstimate } from './sim-estimator.ts';

const MIN = 60_000;
/** The simulated day's opening, as epoch ms (only differences matter). */
const DAY_START = Date.UTC(2026, 10, 23, 7, 0);
const EPS = 1e-9;

const toMs = (minutes: number): number => DAY_START + Math.round(minutes * MIN);

/**
 * How the office calls booked clients. `merged`: Numerek's merge, a booked ticket waits from its
 * slot (with the booked weight and maximum wait of the day's settings); `bookingsFirst`: what
 * NovoSGA and Service BC do, every booked client present is called before every walk-in.
 */
export type BookingCalls = 'merged' | 'bookingsFirst';

/** A client of the day; a booked one also has its slot and the time it checks in. */
export interface DayClient extends SimClient {
  /** Minutes from opening of the booked slot's start; null or absent for a walk-in. */
  slot?: number | null;
  /** When the client takes a ticket or checks in at the kiosk, minutes from opening (default: its arrival). */
  checkIn?: number;
}

export interface DayPlan<C extends DayClient> {
  scenario: Scenario;
  /** The day's clients, in any order: each comes at its check-in (or arrival). */
  clients: readonly C[];
  settings: PolicySettings;
  /** A priority client's ticket carries the priority weight (not under first come, first served). */
  weighPriority: boolean;
  /** Every ticket gets the range the server would print at its issue time. */
  withEstimates: boolean;
  /** How booked clients are called; absent, every client is a walk-in. */
  bookings?: BookingCalls;
}

/** What happened to one client. */
export interface DayOutcome<C extends DayClient = SimClient> {
  client: C;
  /** Minutes from opening when the client was called. */
  calledAt: number;
  /** Minutes from the ticket (the check-in, for a booked client) to the call. */
  waitMinutes: number;
  /** The range printed on the ticket, counting the bookings not yet checked in (null without estimate). */
  estimate: WaitEstimate | null;
  /** The projection the printed range was put around (null without estimate). */
  projection: Projection | null;
  /** On a day with bookings, the range the same estimate would print without counting those bookings. */
  estimateWithoutBookings: WaitEstimate | null;
}

interface CounterState {
  id: string;
  categoryIds: string[];
  opensAt: number;
  freeAt: number;
  breaks: Array<{ at: number; minutes: number }>;
  nextBreak: number;
  onBreakUntil: number;
  consecutivePriorityCalls: number;
}

/** What a ticket carries from its issue: the printed range, and on a day with bookings the one that ignores them. */
interface Printed extends SimEstimate {
  withoutBookings: WaitEstimate | null;
}

/**
 * Runs the day. Counters call whenever they are free, open and not on a break; a break starts
 * when the clerk is first free at or after its time. Arrivals stop at closing time and the
 * counters serve everyone who has a ticket.
 */
export function runOfficeDay<C extends DayClient>(plan: DayPlan<C>): Array<DayOutcome<C>> {
  const { scenario, settings, bookings } = plan;
  const weight = scenario.priorityWeight ?? DEFAULT_PRIORITY_WEIGHT;
  const noShowMinutes = scenario.noShowMinutes ?? 1;
  const comesAt = (c: C): number => c.checkIn ?? c.arrival;
  const slotOf = (c: C): number | null => (bookings === undefined ? null : (c.slot ?? null));
  const clients = [...plan.clients].sort((a, b) => comesAt(a) - comesAt(b) || a.id.localeCompare(b.id));
  const byId = new Map(clients.map((c) => [c.id, c]));
  const counters: CounterState[] = scenario.counters.map((k) => ({
    id: k.id,
    categoryIds: k.categoryIds,
    opensAt: k.opensAt ?? 0,
    freeAt: k.opensAt ?? 0,
    breaks: [...(k.breaks ?? [])].sort((a, b) => a.at - b.at),
    nextBreak: 0,
    onBreakUntil: -Infinity,
    consecutivePriorityCalls: 0,
  }));
  const waiting: WaitingTicket[] = [];
  const printed = new Map<string, Printed>();
  const outcomes: Array<DayOutcome<C>> = [];
  /** The next client to come. */
  let next = 0;
  const estimator = new SimEstimator(
    scenario.categories.map((c) => c.id),
    settings,
    weight,
    toMs,
  );

  // The bookings not yet checked in, as the server reads them: a booked ticket of weight 1 at its
  // slot (whether the client has priority is told only at the kiosk).
  const bookingsDue = (now: number): WaitingTicket[] =>
    clients.slice(next).flatMap((b): WaitingTicket[] => {
      const slot = slotOf(b);
      if (slot === null || slot > now + EXPECTED_HORIZON_MINUTES) return [];
      return [
        {
          id: b.id,
          code: b.code,
          categoryId: b.categoryId,
          weight: 1,
          queuedAt: toMs(slot),
          targetCounterId: null,
          booked: true,
        },
      ];
    });

  const print = (ticket: WaitingTicket, now: number): Printed => {
    if (bookings === undefined)
      return { ...estimator.estimate(ticket, waiting, counters, now), withoutBookings: null };
    const counted = estimator.estimate(ticket, waiting, counters, now, bookingsDue(now));
    return { ...counted, withoutBookings: estimator.estimate(ticket, waiting, counters, now).estimate };
  };

  const issue = (c: C, now: number): void => {
    const slot = slotOf(c);
    const ticket: WaitingTicket = {
      id: c.id,
      code: c.code,
      categoryId: c.categoryId,
      weight: plan.weighPriority && c.priority ? weight : 1,
      // A booked ticket waits from its slot.
      queuedAt: toMs(slot ?? comesAt(c)),
      targetCounterId: null,
      ...(slot === null ? {} : { booked: true }),
    };
    if (plan.withEstimates) printed.set(c.id, print(ticket, now));
    waiting.push(ticket);
    estimator.issued(ticket, now);
  };

  // A counter whose clerk is free at or after a break's time goes on that break now.
  const startBreaks = (now: number): void => {
    for (const k of counters) {
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at && now + EPS >= k.freeAt && now + EPS >= k.onBreakUntil) {
        k.onBreakUntil = now + b.minutes;
        k.freeAt = k.onBreakUntil;
        k.nextBreak += 1;
      }
    }
  };

  const choose = (k: CounterState, now: number): WaitingTicket | null => {
    if (bookings !== 'bookingsFirst') return chooseNext(waiting, k, settings, toMs(now))?.ticket ?? null;
    const present = waiting.filter((w) => w.booked === true && eligibleFor(k, w));
    const walkIns = waiting.filter((w) => w.booked !== true);
    return (
      present.sort((x, y) => x.queuedAt - y.queuedAt)[0] ??
      chooseNext(walkIns, k, settings, toMs(now))?.ticket ??
      null
    );
  };

  const call = (k: CounterState, now: number): void => {
    const chosen = choose(k, now);
    if (!chosen) return;
    waiting.splice(waiting.indexOf(chosen), 1);
    k.consecutivePriorityCalls = isPriority(chosen) ? k.consecutivePriorityCalls + 1 : 0;
    const client = byId.get(chosen.id) as C;
    k.freeAt = now + (client.noShow ? noShowMinutes : client.serviceMinutes);
    if (!client.noShow) estimator.served(client.categoryId, k.freeAt, client.serviceMinutes);
    const onTicket = printed.get(client.id);
    outcomes.push({
      client,
      calledAt: now,
      waitMinutes: now - comesAt(client),
      estimate: onTicket?.estimate ?? null,
      projection: onTicket?.projection ?? null,
      estimateWithoutBookings: onTicket?.withoutBookings ?? null,
    });
  };

  const isOpen = (k: CounterState, now: number): boolean =>
    now + EPS >= k.opensAt && now + EPS >= k.onBreakUntil;

  let now = -1;
  for (;;) {
    // The next moment something can happen: an arrival, a counter becoming free or opening, a
    // break starting or ending. Everything at or before `now` has been handled.
    const arrival = clients[next];
    if (!arrival && waiting.length === 0) break;
    let t = arrival ? comesAt(arrival) : Infinity;
    const later = (x: number): void => {
      if (x > now + EPS && x < t) t = x;
    };
    if (now < 0) later(0);
    for (const k of counters) {
      later(k.freeAt);
      later(k.opensAt);
      later(k.onBreakUntil);
      const b = k.breaks[k.nextBreak];
      if (b) later(b.at);
    }
    if (t === Infinity) break;
    now = t;

    for (let c = clients[next]; c && comesAt(c) <= now + EPS; c = clients[next]) {
      next += 1;
      issue(c, now);
    }

    startBreaks(now);
    for (const k of counters) {
      if (k.freeAt > now + EPS || !isOpen(k, now) || waiting.length === 0) continue;
      const b = k.breaks[k.nextBreak];
      if (b && now + EPS >= b.at) continue;
      call(k, now);
    }
  }
  return outcomes;
}
