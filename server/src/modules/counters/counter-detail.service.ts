import { COUNTER_LIST_LIMIT, type CounterDetail, type CounterWaitingCount } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { rankWaiting } from '../queue/queue-policy.ts';
import type { QueueService } from '../queue/queue.service.ts';
import { minutesWaitedSince, toStaffTicket, toWaitingTicket } from '../tickets/ticket.mapper.ts';
import type { TicketRepository, TicketRow } from '../tickets/ticket.repository.ts';
import { publicCounter } from './counter.mapper.ts';
import type { CounterRecord } from './counter.repository.ts';
import type { Committed, CounterSteps } from './counter-step.ts';

/** What the clerk's panel shows: the counter, the client at the desk and who may be called. */
export class CounterDetailService {
  constructor(
    private readonly clock: Clock,
    private readonly steps: CounterSteps,
    private readonly tickets: TicketRepository,
    private readonly queue: QueueService,
  ) {}

  /** The counter, its current ticket and the tickets it may call, in the policy's order. */
  async detail(actor: UserActor, counterId: string): Promise<CounterDetail> {
    const counter = await this.steps.load(actor, counterId);
    const ticket = counter.currentTicketId ? await this.tickets.find(counter.currentTicketId) : null;
    return this.build(counter, ticket);
  }

  /**
   * The detail right after an action, from the counter and client its write committed (not read
   * back); only the list of who may be called is read, after the commit, unless the action found
   * it empty.
   */
  async after(committed: Committed): Promise<CounterDetail> {
    const { counter, ticket } = committed;
    const current =
      counter.currentTicketId === null
        ? null
        : ticket?.id === counter.currentTicketId
          ? ticket
          : await this.tickets.find(counter.currentTicketId);
    if (committed.nobodyWaiting) {
      const now = this.clock.now();
      return {
        counter: publicCounter(counter),
        ticket: current ? toStaffTicket(current, now) : null,
        waiting: [],
        waitingCounts: waitingCounts(callableCategories(counter), new Map(), now),
      };
    }
    return this.build(counter, current);
  }

  /**
   * The list holds the first {@link COUNTER_LIST_LIMIT} the counter would call, ranked over the
   * heads of each class (as many from each), which are the first over the whole queue: a long
   * queue costs no more to show than a short one. The counts cover every ticket it may call.
   */
  private async build(counter: CounterRecord, ticket: TicketRow | null): Promise<CounterDetail> {
    const now = this.clock.now();
    const categoryIds = callableCategories(counter);
    const rows = await this.tickets.waitingRowsFor(categoryIds, counter.id, COUNTER_LIST_LIMIT);
    const counts = await this.tickets.waitingCountsFor(categoryIds, counter.id);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ranked = rankWaiting(
      rows.map(toWaitingTicket),
      { id: counter.id, categoryIds, consecutivePriorityCalls: counter.consecutivePriorityCalls },
      await this.queue.policySettings(counter.officeId),
      now,
    );
    return {
      counter: publicCounter(counter),
      ticket: ticket ? toStaffTicket(ticket, now) : null,
      waiting: ranked.slice(0, COUNTER_LIST_LIMIT).flatMap((w) => {
        const row = byId.get(w.id);
        return row ? [toStaffTicket(row, now)] : [];
      }),
      waitingCounts: waitingCounts(categoryIds, counts, now),
    };
  }
}

/** The categories whose tickets the counter's panel lists: those it serves now, all of its own while closed. */
function callableCategories(counter: CounterRecord): string[] {
  return counter.state === 'closed' ? counter.categoryIds : counter.servingCategoryIds;
}

/** The counts per category: the counter's categories in their order, then those only of tickets transferred to it. */
function waitingCounts(
  categoryIds: readonly string[],
  counts: ReadonlyMap<string, { waiting: number; oldest: number }>,
  now: number,
): CounterWaitingCount[] {
  const ids = [...new Set([...categoryIds, ...counts.keys()])];
  return ids.map((categoryId) => {
    const c = counts.get(categoryId);
    return {
      categoryId,
      waiting: c?.waiting ?? 0,
      longestWaitMinutes: c ? minutesWaitedSince(c.oldest, now) : null,
    };
  });
}
