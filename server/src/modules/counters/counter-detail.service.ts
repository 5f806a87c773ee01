import type { CounterDetail } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { rankWaiting } from '../queue/queue-policy.ts';
import type { QueueService } from '../queue/queue.service.ts';
import { toStaffTicket, toWaitingTicket } from '../tickets/ticket.mapper.ts';
import type { TicketRepository, TicketRow } from '../tickets/ticket.repository.ts';
import { publicCounter } from './counter.mapper.ts';
import type { CounterRecord } from './counter.repository.ts';
import type { Committed, CounterSteps } from './counter-step.ts';

/** How many of each category's longest-waiting tickets the clerk's list shows at most. */
const LIST_PER_CATEGORY = 500;

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
      };
    }
    return this.build(counter, current);
  }

  private async build(counter: CounterRecord, ticket: TicketRow | null): Promise<CounterDetail> {
    const now = this.clock.now();
    const categoryIds = counter.state === 'closed' ? counter.categoryIds : counter.servingCategoryIds;
    const rows = await this.tickets.waitingRowsFor(categoryIds, counter.id, LIST_PER_CATEGORY);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const settings = await this.queue.policySettings(counter.officeId);
    const ranked = rankWaiting(
      rows.map(toWaitingTicket),
      { id: counter.id, categoryIds, consecutivePriorityCalls: counter.consecutivePriorityCalls },
      settings,
      now,
    );
    return {
      counter: publicCounter(counter),
      ticket: ticket ? toStaffTicket(ticket, now) : null,
      waiting: ranked.flatMap((w) => {
        const row = byId.get(w.id);
        return row ? [toStaffTicket(row, now, settings.timeZone)] : [];
      }),
    };
  }
}
