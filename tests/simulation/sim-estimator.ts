/**
 * What the server knows when it prints a ticket's estimate, kept through a simulated day: the
 * rolling mean service time per category (the last 60 finished services, as the server's
 * `ROLLING_SERVICES`), the walk-ins issued in the last hour, and the counters configured and open. `estimate` then asks the
 * server's own pure core (`projectWaitInOffice`, `waitRange`), so the simulated ticket shows
 * what the office's kiosk would print.
 */
import {
  expectedPriorityArrivals,
  expectedWalkInsBefore,
  projectWaitInOffice,
  rangeShapeOf,
  waitRange,
  type EstimateCounter,
  type Projection,
  type WaitEstimate,
} from '../../server/src/modules/queue/wait-estimate.ts';
import {
  isPriority,
  type PolicySettings,
  type WaitingTicket,
} from '../../server/src/modules/queue/queue-policy.ts';

/** Rolling mean over this many last services, default when none: as the server computes it. */
export const ROLLING_SERVICES = 60;
export const DEFAULT_SERVICE_MINUTES = 5;

const EPS = 1e-9;

export interface SimEstimate {
  estimate: WaitEstimate;
  projection: Projection;
}

export class SimEstimator {
  private readonly recent = new Map<string, number[]>();
  private readonly finishes: Array<{ at: number; categoryId: string; minutes: number }> = [];
  private readonly priorityIssued = new Map<string, number[]>();
  private readonly regularIssued = new Map<string, number[]>();

  constructor(
    private readonly categoryIds: readonly string[],
    private readonly settings: PolicySettings,
    private readonly priorityWeight: number,
    /** Simulated minutes to epoch ms. */
    private readonly toMs: (minutes: number) => number,
  ) {}

  /** A service that ends at `at` (minutes) feeds the rolling mean from then on. */
  served(categoryId: string, at: number, minutes: number): void {
    this.finishes.push({ at, categoryId, minutes });
  }

  /**
   * A ticket issued at `now`: a priority walk-in counts towards the expected priority arrivals
   * (a checked-in booking does not: the bookings due are counted apart, as on the server).
   */
  issued(ticket: WaitingTicket, now: number): void {
    if (ticket.booked === true) return;
    const issued = isPriority(ticket) ? this.priorityIssued : this.regularIssued;
    const list = issued.get(ticket.categoryId) ?? [];
    list.push(now);
    issued.set(ticket.categoryId, list);
  }

  meanService(categoryId: string, now: number): number {
    this.flush(now);
    const list = this.recent.get(categoryId);
    if (!list || list.length === 0) return DEFAULT_SERVICE_MINUTES;
    return list.reduce((a, b) => a + b, 0) / list.length;
  }

  /**
   * The estimate printed at `now` for `ticket`: `counters` are the office's counters with the
   * minute each opens (a counter on a break counts, as a paused counter does on the server),
   * `booked` the bookings not yet checked in (booked tickets at their slot).
   */
  estimate(
    ticket: WaitingTicket,
    waiting: readonly WaitingTicket[],
    counters: ReadonlyArray<EstimateCounter & { opensAt: number }>,
    now: number,
    booked: readonly WaitingTicket[] = [],
  ): SimEstimate {
    const means: Record<string, number> = {};
    const expected: WaitingTicket[] = [...booked];
    for (const id of this.categoryIds) {
      means[id] = this.meanService(id, now);
      const lastHour = (this.priorityIssued.get(id) ?? []).filter((at) => at > now - 60).length;
      expected.push(...expectedPriorityArrivals(id, lastHour, this.priorityWeight, this.toMs(now)));
    }
    if (process.env.WALKIN !== '0') {
      const regularLastHour = (this.regularIssued.get(ticket.categoryId) ?? []).filter(
        (at) => at > now - 60,
      ).length;
      expected.push(...expectedWalkInsBefore(ticket, regularLastHour, this.toMs(now)));
    }
    const projection = projectWaitInOffice({
      ticket,
      waiting,
      expected,
      openCounters: counters.filter((k) => now + EPS >= k.opensAt),
      configuredCounters: counters,
      meanServiceMinutes: means,
      defaultServiceMinutes: DEFAULT_SERVICE_MINUTES,
      settings: this.settings,
      now: this.toMs(now),
    });
    return { projection, estimate: waitRange(projection.ahead, projection.perPerson, rangeShapeOf(ticket)) };
  }

  private flush(now: number): void {
    this.finishes.sort((a, b) => a.at - b.at);
    while (this.finishes.length > 0 && (this.finishes[0]?.at ?? Infinity) <= now + EPS) {
      const f = this.finishes.shift();
      if (!f) break;
      const list = this.recent.get(f.categoryId) ?? [];
      list.push(f.minutes);
      if (list.length > ROLLING_SERVICES) list.shift();
      this.recent.set(f.categoryId, list);
    }
  }
}
