import type { Category } from '@numerek/shared';
import type { CategoryRepository } from '../categories/category.repository.ts';
import type { CounterRepository, QueueCounter } from '../counters/counter.repository.ts';
import type { BookingRepository } from '../bookings/booking.repository.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import type { TicketRepository, WalkInsIssued } from '../tickets/ticket.repository.ts';
import { eligibleFor, type PolicySettings, type WaitingTicket } from './queue-policy.ts';
import {
  estimateWait,
  estimateWaitInOffice,
  EXPECTED_HORIZON_MINUTES,
  expectedPriorityArrivals,
  expectedWalkInsBefore,
  minutesPerPerson,
  PROJECTION_LIMIT,
  reachOf,
  servesNow,
  waitRange,
  type EstimateCounter,
  type Reach,
  type WaitEstimate,
} from './wait-estimate.ts';

/** Service time assumed for a category until it has finished tickets of its own. */
export const DEFAULT_SERVICE_MINUTES = 5;

/**
 * The office's queue as the rules see it: the policy settings who-is-next runs on, and the wait
 * a ticket can expect. Reads only; the tickets and counters modules make the changes.
 */
export class QueueService {
  /** Reach of a category's tickets, per office, kept while the office's counters stay the same. */
  private readonly reaches = new WeakMap<
    readonly QueueCounter[],
    { open: EstimateCounter[]; byKey: Map<string, Reach> }
  >();

  /** Per office: the last hour's priority walk-ins per category, and when they were read. */
  private readonly walkInRates = new Map<string, { at: number; rates: Map<string, WalkInsIssued> }>();

  constructor(
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly counters: CounterRepository,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
  ) {}

  /**
   * The policy settings the queue runs on for an office (max waits come from its categories, the
   * booked rules from their booking settings).
   */
  async policySettings(officeId: string): Promise<PolicySettings> {
    // Each part is kept in memory by its repository until it changes (see OfficeCache).
    const s = await this.offices.policySettings(officeId);
    const timeZone = (await this.offices.find(officeId))?.timeZone;
    return {
      consecutivePriorityCap: s.consecutivePriorityCap,
      strictPriority: s.strictPriority,
      maxWaitMinutes: await this.categories.maxWaitMinutes(officeId),
      booked: await this.bookings.bookedRules(officeId),
      ...(timeZone === undefined ? {} : { timeZone }),
    };
  }

  /**
   * People ahead and the wait range for a waiting ticket. Where the ticket's counters serve only
   * its category, a just-issued regular ticket has every competing ticket ahead, so a count
   * suffices, and any other ticket walks its category's queue; where they also serve other
   * categories, the office's queue is projected forward with the policy (`estimateWaitInOffice`),
   * unless more than `PROJECTION_LIMIT` wait in reach (a load test, not an office). Either way
   * the tickets expected to join count too ({@link expectedTickets}): the bookings due and the
   * priority clients the last hour predicts.
   */
  async estimate(
    officeId: string,
    category: Category,
    ticket: WaitingTicket,
    now: number,
    fresh: boolean,
  ): Promise<WaitEstimate> {
    const { counters, open, reach } = await this.reachOf(officeId, ticket);
    const categories = [...reach.categories];
    const means = await this.tickets.meanServiceMinutesOf(
      categories.includes(category.id) ? categories : [...categories, category.id],
    );
    const mean = (categoryId: string) => means.get(categoryId) ?? DEFAULT_SERVICE_MINUTES;
    const inReach = await this.tickets.countWaitingIn(categories);
    const expected =
      ticket.targetCounterId === null ? await this.expectedTickets(officeId, categories, now, ticket) : [];
    if (reach.categories.size === 1 || inReach > PROJECTION_LIMIT) {
      const servers = reach.mine.length;
      if (fresh && ticket.weight <= 1 && ticket.targetCounterId === null && ticket.booked !== true) {
        // Every waiting ticket of the category is older and weighs at least as much: counted, not
        // loaded; only the expected tickets are projected.
        const count = await this.tickets.countWaiting(category.id);
        if (expected.length === 0)
          return waitRange(count, minutesPerPerson(servers, servers, mean(category.id)));
        return estimateWait({
          ticket,
          waiting: [],
          aheadNow: count,
          expected,
          servers,
          configuredServers: servers,
          meanServiceMinutes: mean(category.id),
          settings: await this.policySettings(officeId),
          now,
        });
      }
      return estimateWait({
        ticket,
        waiting: ticket.targetCounterId === null ? await this.tickets.waitingInCategory(category.id) : [],
        expected,
        servers,
        configuredServers: servers,
        meanServiceMinutes: mean(category.id),
        settings: await this.policySettings(officeId),
        now,
      });
    }
    const waiting = await this.tickets.waitingInCategories(categories);
    const meanOf: Record<string, number> = {};
    for (const id of categories) meanOf[id] = mean(id);
    return estimateWaitInOffice({
      ticket,
      waiting,
      expected,
      openCounters: open,
      configuredCounters: counters,
      meanServiceMinutes: meanOf,
      defaultServiceMinutes: DEFAULT_SERVICE_MINUTES,
      settings: await this.policySettings(officeId),
      now,
    });
  }

  /**
   * Whether a counter that may call the ticket is open now (or paused for a while: a break ends,
   * as the estimate assumes; a pause for the end of the day does not). Reads the office's kept
   * counters, so asking costs no query while they stay the same.
   */
  async servedNow(officeId: string, ticket: WaitingTicket): Promise<boolean> {
    const { open } = await this.reachOf(officeId, ticket);
    return open.some((c) => eligibleFor(c, ticket));
  }

  /**
   * The tickets expected to join the categories' queues (docs/decisions/0007-wait-estimate.md):
   * the bookings not yet checked in whose slot falls within the estimate's horizon, as booked
   * tickets of weight 1 at their slot (whether the client has priority is told only at check-in),
   * and the priority tickets the last hour's rate predicts; for a booked `ticket` checked in before
   * its slot, also the regular walk-ins that rate predicts until the slot.
   */
  async expectedTickets(
    officeId: string,
    categoryIds: readonly string[],
    now: number,
    ticket?: WaitingTicket,
  ): Promise<WaitingTicket[]> {
    const expected: WaitingTicket[] = [];
    const horizon = now + EXPECTED_HORIZON_MINUTES * 60_000;
    for (const b of await this.bookings.due(officeId, categoryIds, now, horizon)) {
      const id = `booking:${b.id}`;
      expected.push({
        id,
        code: id,
        categoryId: b.categoryId,
        weight: 1,
        queuedAt: b.slotAt,
        targetCounterId: null,
        booked: true,
      });
    }
    const rates = await this.walkInsLastHour(officeId, now);
    for (const [categoryId, { priority, weight }] of rates)
      if (categoryIds.includes(categoryId))
        expected.push(...expectedPriorityArrivals(categoryId, priority, weight, now));
    if (ticket)
      expected.push(...expectedWalkInsBefore(ticket, rates.get(ticket.categoryId)?.regular ?? 0, now));
    return expected;
  }

  /**
   * The office's walk-ins of the last hour per category, read at most once a minute: a rate over
   * an hour does not need a fresher count, and issuing stays a count when tickets pour in.
   */
  private async walkInsLastHour(officeId: string, now: number): Promise<Map<string, WalkInsIssued>> {
    const cached = this.walkInRates.get(officeId);
    if (cached && now >= cached.at && now - cached.at < 60_000) return cached.rates;
    const categories = (await this.categories.list(officeId)).map((c) => c.id);
    const rates = await this.tickets.walkInsIssuedSince(officeId, categories, now - 60 * 60_000);
    this.walkInRates.set(officeId, { at: now, rates });
    return rates;
  }

  private async reachOf(officeId: string, ticket: WaitingTicket) {
    const counters = await this.counters.queueCounters(officeId);
    let known = this.reaches.get(counters);
    if (!known) {
      // A counter paused for a while counts as open: it comes back within the wait being
      // estimated. One paused for the end of the day does not (servesNow).
      const open = counters.filter(servesNow).map((c) => ({ ...c, categoryIds: c.servingCategoryIds }));
      known = { open, byKey: new Map() };
      this.reaches.set(counters, known);
    }
    const key = `${ticket.categoryId}>${ticket.targetCounterId ?? ''}`;
    let reach = known.byKey.get(key);
    if (!reach) {
      reach = reachOf(ticket, known.open, counters);
      known.byKey.set(key, reach);
    }
    return { counters, open: known.open, reach };
  }
}
