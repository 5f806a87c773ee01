import { COUNTER_LIST_LIMIT, type CounterDetail, type CounterWaitingCount } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { rankWaiting } from '../queue/queue-policy.ts';
import type { QueueService } from '../queue/queue.service.ts';
import { minutesWaitedSince, toStaffTicket } from '../tickets/ticket.mapper.ts';
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
   * The list holds the first {@link COUNTER_LIST_LIMIT} the counter would call, ranked over that
   * many of the oldest of each class, which are the first over the whole queue, and then read
   * whole: a long queue costs no more to show than a short one. The counts cover every ticket
   * it may call.
   */
  private async build(counter: CounterRecord, ticket: TicketRow | null): Promise<CounterDetail> {
    const now = this.clock.now();
    const categoryIds = callableCategories(counter);
    const heads = await this.tickets.candidates(categoryIds, counter.id, COUNTER_LIST_LIMIT);
    const settings = await this.queue.policySettings(counter.officeId);
    const first = rankWaiting(
      heads,
      { id: counter.id, categoryIds, consecutivePriorityCalls: counter.consecutivePriorityCalls },
      settings,
      now,
    ).slice(0, COUNTER_LIST_LIMIT);
    const rows = new Map((await this.tickets.findMany(first.map((w) => w.id))).map((r) => [r.id, r]));
    const counts = await this.tickets.waitingCountsFor(categoryIds, counter.id);
    return {
      counter: publicCounter(counter),
      ticket: ticket ? toStaffTicket(ticket, now) : null,
      // One called meanwhile by another counter is no longer listed.
      waiting: first.flatMap((w) => {
        const row = rows.get(w.id);
        return row?.state === 'waiting' ? [toStaffTicket(row, now, settings.timeZone)] : [];
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
