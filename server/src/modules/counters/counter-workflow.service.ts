import type { CallChosenBody, Category, TransferBody } from '@numerek/shared';
import { TICKET_MOVES } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import { describeNextOpening, openState } from '../categories/opening-hours.ts';
import { noCounterFor } from '../categories/category-refusals.ts';
import { localTime } from '../../lib/office-time.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import { chooseNext, chooseSpecific, isPriority, type PolicyChoice } from '../queue/queue-policy.ts';
import type { QueueService } from '../queue/queue.service.ts';
import { transferredTicket } from '../tickets/ticket-rows.ts';
import { callDecisionOf, toWaitingTicket } from '../tickets/ticket.mapper.ts';
import { describeDecision } from '../queue/call-reason.ts';
import type { TicketRepository, TicketRow } from '../tickets/ticket.repository.ts';
import type { CounterRecord, CounterRepository } from './counter.repository.ts';
import { publicCounter } from './counter.mapper.ts';
import {
  counterChanged,
  ticketChanged,
  type CounterActionDone,
  type CounterSteps,
  type PlainMove,
  type Published,
  type Step,
} from './counter-step.ts';

/**
 * The ticket at a counter: called (→ recalled) → serving → finished, or called → no_show, or
 * called/serving → transferred, by the table in `@numerek/shared/ticket-moves`. `next` is atomic:
 * the choice and the marking happen in one write under the office's lock, with no other change to
 * the office's queue in between, so no two counters can call the same ticket.
 */
export class CounterWorkflowService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly steps: CounterSteps,
    private readonly counters: CounterRepository,
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly queue: QueueService,
    private readonly offices: OfficeRepository,
  ) {}

  /**
   * Calls the next client by the office's policy; `ticket: null` when nobody waits. A clerk with
   * an empty queue is answered from one read, without the office's lock or a write: the answer
   * is the one the write would give at the moment of the read, and it changes nothing, so it
   * needs no stored answer either (a retry is judged afresh, as after a failed attempt). That
   * read is the whole answer: the counter with the stream number it reflects, and an empty list.
   */
  async next(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    const found = await this.nobodyToCall(actor, counterId);
    if ('idle' in found) return found.idle;
    // Whom the counter may call, as the counter was found: read with the office's lock, and
    // used if the counter still serves the same categories then.
    const prefetch = found.counter
      ? [this.tickets.candidatesRead(found.counter.servingCategoryIds, found.counter.id)]
      : [];
    return this.steps.run(actor, counterId, { needsOwnOpen: true, prefetch }, once, async (counter, now) => {
      await this.steps.assertReady(counter);
      const choice = chooseNext(
        await this.tickets.candidates(counter.servingCategoryIds, counter.id),
        policyCounter(counter),
        await this.queue.policySettings(counter.officeId),
        now,
      );
      if (!choice) {
        return { counter, ticket: null, reason: null, decision: null, events: [] };
      }
      return this.call(actor, counter, choice, now, {});
    });
  }

  /**
   * `next`'s answer when the clerk's own open counter, free and not paused, has nobody to call;
   * in every other case the counter as found (null if none), and the write decides (and refuses
   * where it must). The counter,
   * the office's stream number and whether anyone waits for the counter are one statement, so the
   * answer's detail is at least as new as its seq says. Only a counter that serves part of its
   * categories today, with someone waiting, asks again about the categories it serves.
   */
  private async nobodyToCall(
    actor: UserActor,
    counterId: string,
  ): Promise<{ idle: CounterActionDone } | { counter: CounterRecord | null }> {
    const found = await this.counters.findForNext(counterId, actor.officeId, this.ctx.events);
    if (!found) return { counter: null };
    const { counter, seq } = found;
    if (counter.officeId !== actor.officeId) return { counter: null };
    if (counter.state !== 'open' || counter.clerk?.id !== actor.id || counter.currentTicketId !== null)
      return { counter };
    if (found.anyoneWaiting) {
      const servesAll = counter.categoryIds.every((c) => counter.servingCategoryIds.includes(c));
      if (servesAll || (await this.tickets.anyToCall(counter.servingCategoryIds, counter.id)))
        return { counter };
    }
    const idle: CounterActionDone = {
      counter: publicCounter(counter),
      ticket: null,
      reason: null,
      decision: null,
      committed: { counter, ticket: null, seq, nobodyWaiting: true },
    };
    return { idle };
  }

  /** Calls a ticket the clerk picked from the list; needs a reason code, which is audited. */
  callChosen(
    actor: UserActor,
    counterId: string,
    body: CallChosenBody,
    once: Once | null = null,
  ): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      await this.steps.assertReady(counter);
      const chosen = await this.tickets.find(body.ticketId);
      if (!chosen || chosen.office_id !== counter.officeId) throw notFound(`Ticket ${body.ticketId}`);
      if (chosen.state !== 'waiting') {
        throw new AppError(
          'TICKET_NOT_WAITING',
          `Ticket ${chosen.code} is not waiting (it is ${chosen.state.replace('_', '-')}).`,
          { reason: 'state', ticket: chosen.code, state: chosen.state },
        );
      }
      const candidates = await this.tickets.candidates(counter.servingCategoryIds, counter.id);
      if (!candidates.some((c) => c.id === chosen.id)) candidates.push(toWaitingTicket(chosen));
      const choice = chooseSpecific(
        candidates,
        policyCounter(counter),
        await this.queue.policySettings(counter.officeId),
        now,
        chosen.id,
        body.reasonCode,
      );
      if ('error' in choice) {
        const category = await this.categories.find(chosen.category_id);
        if (chosen.target_counter_id)
          throw new AppError(
            'TICKET_NOT_ELIGIBLE',
            `Ticket ${chosen.code} was transferred to another counter; only that counter can call it.`,
            { reason: 'transferred_elsewhere', ticket: chosen.code },
          );
        throw new AppError(
          'TICKET_NOT_ELIGIBLE',
          `Ticket ${chosen.code} is for ${category?.names.pl ?? 'a category'}, which counter ${counter.number} does not serve today.`,
          {
            reason: 'category_not_served',
            ticket: chosen.code,
            counter: counter.number,
            ...(category ? { category: category.prefix } : {}),
          },
        );
      }
      await this.ctx.audit(actor, 'call_chosen', 'ticket', chosen.id, {
        code: chosen.code,
        counterId: counter.id,
        reasonCode: body.reasonCode,
        policyWouldCall: choice.decision.other?.code ?? null,
      });
      return this.call(actor, counter, choice, now, { reasonCode: body.reasonCode });
    });
  }

  recall(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      const t = await this.steps.requireCurrent(counter, 'recall');
      const ticket = { ...t, recall_count: t.recall_count + 1 };
      await this.tickets.update(t.id, { recall_count: ticket.recall_count });
      await this.steps.logEvent(actor, t, TICKET_MOVES.recall.event, now, counter.id, {
        recall: ticket.recall_count,
      });
      return {
        counter,
        ticket,
        reason: t.call_reason,
        decision: callDecisionOf(t),
        events: [called(counter, t, now, true)],
      };
    });
  }

  start(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.move(actor, counterId, 'start', once);
  }

  finish(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.move(actor, counterId, 'finish', once);
  }

  noShow(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.move(actor, counterId, 'no-show', once);
  }

  /**
   * Sends the client to another category or counter without a new number: a child ticket keeps
   * the code and the place by original issue time, and carries the note for the next clerk.
   */
  transfer(
    actor: UserActor,
    counterId: string,
    body: TransferBody,
    once: Once | null = null,
  ): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      if (body.categoryId === undefined && body.counterId === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Say where to transfer the client: "categoryId", "counterId" or both.',
          { field: 'categoryId' },
        );
      }
      const move = TICKET_MOVES.transfer;
      const t = await this.steps.requireCurrent(counter, 'transfer');
      const categoryId = body.categoryId ?? t.category_id;
      const category = await this.categories.find(categoryId);
      if (!category || category.officeId !== counter.officeId) throw notFound(`Category ${categoryId}`);
      if (!category.active)
        throw new AppError(
          'CATEGORY_INACTIVE',
          `Category ${category.prefix} is not offered at the moment; choose another.`,
          { category: category.prefix },
        );
      const targetCounterId = await this.transferTarget(counter, body.counterId);
      if (targetCounterId === null && categoryId === t.category_id) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Ticket ${t.code} is already in category ${category.prefix}; choose another category or a counter.`,
          { reason: 'same_category', ticket: t.code, category: category.prefix },
        );
      }
      if (categoryId !== t.category_id) await this.assertTakesTransfers(category, targetCounterId, now);
      const to = { id: newId(), categoryId, targetCounterId, note: body.note ?? null };
      const estimate = await this.queue.estimate(
        counter.officeId,
        category,
        { ...toWaitingTicket(t), id: to.id, categoryId, targetCounterId },
        now,
        false,
      );
      const moved = await this.tickets.transition(t.id, t.state, { state: move.to, finished_at: now });
      await this.tickets.insert(transferredTicket(t, to, estimate, actor.id, now));
      await this.steps.logEvent(actor, t, move.event, now, counter.id, {
        toTicketId: to.id,
        toCategoryId: categoryId,
        toCounterId: targetCounterId,
      });
      const child = (await this.tickets.find(to.id)) as TicketRow;
      await this.steps.logEvent(actor, child, 'transferred_in', now, counter.id, {
        fromTicketId: t.id,
        fromCounterId: counter.id,
      });
      const next = { ...counter, currentTicketId: null };
      await this.counters.saveState(next, now);
      return {
        counter: next,
        ticket: moved,
        reason: null,
        decision: null,
        events: [
          counterChanged(next),
          ticketChanged(t, move.to, counter.id),
          { name: 'ticket.issued', payload: { officeId: t.office_id, ticketId: to.id, categoryId } },
        ],
      };
    });
  }

  /**
   * A transfer into another category needs someone to call the client there: the category must be
   * open now (a client sent to a closed service would wait for nobody), and, unless the transfer
   * names a counter (which calls it whatever its categories), an active counter must be set up
   * for it. A counter that is closed for the moment still counts: its clerk comes back to it
   * (docs/decisions/0041-transfer-to-closed.md).
   */
  private async assertTakesTransfers(
    category: Category,
    targetCounterId: string | null,
    now: number,
  ): Promise<void> {
    const office = await this.offices.find(category.officeId);
    if (!office) throw notFound(`Office ${category.officeId}`);
    const open = openState(category.openingHours, localTime(now, office.timeZone));
    if (!open.open)
      throw new AppError(
        'CATEGORY_CLOSED',
        `Category ${category.prefix} is closed now; it ${describeNextOpening(open)}. Choose another.`,
        {
          reason: 'outside_hours',
          category: category.prefix,
          ...(open.next ? { day: open.next.day, time: open.next.at } : {}),
        },
      );
    if (
      targetCounterId === null &&
      (await this.counters.servers(category.officeId, category.id)).configured === 0
    )
      throw noCounterFor(category);
  }

  /** The counter a transfer sends the client to, if one was chosen; null for any of the category's. */
  private async transferTarget(counter: CounterRecord, targetId: string | undefined): Promise<string | null> {
    if (targetId === undefined) return null;
    const target = await this.counters.find(targetId);
    if (!target || target.officeId !== counter.officeId) throw notFound(`Counter ${targetId}`);
    if (!target.active)
      throw new AppError('ILLEGAL_TRANSITION', `Counter ${target.number} is deactivated; choose another.`, {
        reason: 'counter_deactivated',
        counter: target.number,
      });
    if (target.id === counter.id)
      throw new AppError('ILLEGAL_TRANSITION', `The client is already at counter ${counter.number}.`, {
        reason: 'already_here',
        counter: counter.number,
      });
    return target.id;
  }

  private async call(
    actor: UserActor,
    counter: CounterRecord,
    choice: PolicyChoice,
    now: number,
    data: Record<string, unknown>,
  ): Promise<Step> {
    const reason = describeDecision(choice.decision);
    const ticket = await this.tickets.transition(choice.ticket.id, 'waiting', {
      state: 'called',
      counter_id: counter.id,
      clerk_user_id: actor.id,
      called_at: now,
      call_reason: reason,
      call_decision: JSON.stringify(choice.decision),
    });
    // Cannot happen while the office's writes run one at a time; kept so that a change of storage can never double-call.
    if (!ticket)
      throw new AppError(
        'TICKET_NOT_WAITING',
        `Ticket ${choice.ticket.code} was just called elsewhere; call the next one.`,
        { reason: 'taken', ticket: choice.ticket.code },
      );
    await this.steps.logEvent(actor, ticket, 'called', now, counter.id, {
      rule: choice.decision.rule,
      reason,
      decision: choice.decision,
      ...data,
    });
    const next: CounterRecord = {
      ...counter,
      currentTicketId: ticket.id,
      consecutivePriorityCalls: isPriority(choice.ticket) ? counter.consecutivePriorityCalls + 1 : 0,
    };
    await this.counters.saveState(next, now);
    return {
      counter: next,
      ticket,
      reason,
      decision: choice.decision,
      events: [called(counter, ticket, now, false), counterChanged(next)],
    };
  }

  /** A move that only changes the ticket's state, as TICKET_MOVES describes it. */
  private move(
    actor: UserActor,
    counterId: string,
    name: PlainMove,
    once: Once | null,
  ): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) =>
      this.steps.move(actor, counter, await this.steps.requireCurrent(counter, name), name, now),
    );
  }
}

/** The counter as the queue policy sees it. */
function policyCounter(counter: CounterRecord) {
  return {
    id: counter.id,
    categoryIds: counter.servingCategoryIds,
    consecutivePriorityCalls: counter.consecutivePriorityCalls,
  };
}

function called(counter: CounterRecord, t: TicketRow, now: number, recall: boolean): Published {
  return {
    name: 'ticket.called',
    payload: {
      officeId: counter.officeId,
      ticketId: t.id,
      categoryId: t.category_id,
      code: t.code,
      counterId: counter.id,
      calledAt: now,
      recall,
    },
  };
}
