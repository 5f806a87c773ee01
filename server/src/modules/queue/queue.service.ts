import type { Category } from '@numerek/shared';
import type { CategoryRepository } from '../categories/category.repository.ts';
import type { CounterRepository, QueueCounter } from '../counters/counter.repository.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import type { TicketRepository } from '../tickets/ticket.repository.ts';
import type { PolicySettings, WaitingTicket } from './queue-policy.ts';
import {
  estimateWait,
  estimateWaitInOffice,
  minutesPerPerson,
  PROJECTION_LIMIT,
  reachOf,
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

  constructor(
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly counters: CounterRepository,
    private readonly offices: OfficeRepository,
  ) {}

  /** The policy settings the queue runs on for an office (max waits come from its categories). */
  policySettings(officeId: string): PolicySettings {
    const s = this.offices.policySettings(officeId);
    const maxWaitMinutes: Record<string, number | null> = {};
    for (const c of this.categories.list(officeId)) maxWaitMinutes[c.id] = c.maxWaitMinutes;
    return {
      consecutivePriorityCap: s.consecutivePriorityCap,
      strictPriority: s.strictPriority,
      maxWaitMinutes,
    };
  }

  /**
   * People ahead and the wait range for a waiting ticket. Where the ticket's counters serve only
   * its category, a just-issued regular ticket has every competing ticket ahead, so a count
   * suffices, and any other ticket walks its category's queue; where they also serve other
   * categories, the office's queue is projected forward with the policy (`estimateWaitInOffice`),
   * unless more than `PROJECTION_LIMIT` wait in reach (a load test, not an office).
   */
  estimate(
    officeId: string,
    category: Category,
    ticket: WaitingTicket,
    now: number,
    fresh: boolean,
  ): WaitEstimate {
    const { counters, open, reach } = this.reachOf(officeId, ticket);
    const mean = (categoryId: string) =>
      this.tickets.meanServiceMinutes(categoryId) ?? DEFAULT_SERVICE_MINUTES;
    const categories = [...reach.categories];
    const inReach = categories.reduce((n, id) => n + this.tickets.countWaiting(id), 0);
    if (reach.categories.size === 1 || inReach > PROJECTION_LIMIT) {
      const servers = reach.mine.length;
      if (fresh && ticket.weight <= 1 && ticket.targetCounterId === null) {
        return waitRange(
          this.tickets.countWaiting(category.id),
          minutesPerPerson(servers, servers, mean(category.id)),
        );
      }
      return estimateWait({
        ticket,
        waiting: ticket.targetCounterId === null ? this.tickets.waitingInCategory(category.id) : [],
        servers,
        configuredServers: servers,
        meanServiceMinutes: mean(category.id),
        settings: this.policySettings(officeId),
        now,
      });
    }
    return estimateWaitInOffice({
      ticket,
      waiting: categories.flatMap((id) => this.tickets.waitingInCategory(id)),
      openCounters: open,
      configuredCounters: counters,
      meanServiceMinutes: Object.fromEntries(categories.map((id) => [id, mean(id)])),
      defaultServiceMinutes: DEFAULT_SERVICE_MINUTES,
      settings: this.policySettings(officeId),
      now,
    });
  }

  private reachOf(officeId: string, ticket: WaitingTicket) {
    const counters = this.counters.queueCounters(officeId);
    let known = this.reaches.get(counters);
    if (!known) {
      const open = counters.filter((c) => c.open).map((c) => ({ ...c, categoryIds: c.servingCategoryIds }));
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
