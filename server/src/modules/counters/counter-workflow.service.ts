import type {
  CallChosenBody,
  CounterActionOutcome,
  CounterDetail,
  OpenCounterBody,
  PauseBody,
  TicketEventType,
  TransferBody,
} from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { UserActor } from '../../http/actor.ts';
import type { DomainEvents } from '../../domain-events.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import {
  chooseNext,
  chooseSpecific,
  isPriority,
  rankWaiting,
  type PolicyChoice,
} from '../queue/queue-policy.ts';
import { toStaffTicket, toWaitingTicket } from '../tickets/ticket.mapper.ts';
import type { TicketRepository, TicketRow } from '../tickets/ticket.repository.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import { publicCounter, type CounterRecord, type CounterRepository } from './counter.repository.ts';

type Published = { [K in keyof DomainEvents]: { name: K; payload: DomainEvents[K] } }[keyof DomainEvents];

interface Step {
  counter: CounterRecord;
  ticket: TicketRow | null;
  reason: string | null;
  events: Published[];
}

const STATE_WORDS: Record<string, string> = { called: 'called', serving: 'in service' };

/**
 * The clerk's workflow as a state machine. Counter: closed → open ⇄ paused → closed. Ticket at a
 * counter: called (→ recalled) → serving → finished, or called → no_show, or called/serving →
 * transferred. Each action runs as one synchronous step inside the write queue, so `next` is
 * atomic: the choice and the marking happen with nothing in between, and no two counters can
 * call the same ticket. An illegal move is a 409 that says what to do instead.
 */
export class CounterWorkflowService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly counters: CounterRepository,
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly ticketService: TicketService,
  ) {}

  /** The counter, its current ticket and the tickets it may call, in the policy's order. */
  detail(actor: UserActor, counterId: string): CounterDetail {
    const counter = this.load(actor, counterId);
    const now = this.ctx.clock.now();
    const ticket = counter.currentTicketId ? this.tickets.find(counter.currentTicketId) : null;
    const categoryIds = counter.state === 'closed' ? counter.categoryIds : counter.servingCategoryIds;
    const waiting = rankWaiting(
      this.tickets.waitingFor(categoryIds, counter.id, 500),
      { id: counter.id, categoryIds, consecutivePriorityCalls: counter.consecutivePriorityCalls },
      this.ticketService.policySettings(counter.officeId),
      now,
    );
    const rows = waiting.map((w) => this.tickets.find(w.id)).filter((t): t is TicketRow => t !== null);
    return {
      counter: publicCounter(counter),
      ticket: ticket ? toStaffTicket(ticket, now) : null,
      waiting: rows.map((t) => toStaffTicket(t, now)),
    };
  }

  open(
    actor: UserActor,
    counterId: string,
    body: OpenCounterBody,
    once: Once | null = null,
  ): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: false }, once, (counter, now) => {
      if (!counter.active)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Counter ${counter.number} is deactivated; ask a supervisor to activate it.`,
        );
      const serving = body.categoryIds ?? counter.categoryIds;
      const foreign = serving.filter((c) => !counter.categoryIds.includes(c));
      if (foreign.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Counter ${counter.number} is not set up to serve category ${foreign.join(', ')}; choose among its own categories.`,
        );
      }
      if (counter.state !== 'closed') {
        if (counter.clerk?.id !== actor.id) {
          throw new AppError(
            'COUNTER_TAKEN',
            `Counter ${counter.number} is already open by ${counter.clerk?.displayName ?? 'another clerk'}.`,
          );
        }
        // Opening again is harmless: it only changes what the counter serves today.
        const next = { ...counter, servingCategoryIds: [...serving] };
        this.counters.saveState(next, now);
        return { counter: next, ticket: this.current(next), reason: null, events: [changed(next)] };
      }
      const other = this.counters.findByClerk(actor.id);
      if (other)
        throw new AppError('COUNTER_TAKEN', `You already have counter ${other.number} open; close it first.`);
      const sessionId = newId();
      this.counters.openSession(sessionId, counter.id, actor.id, serving, now);
      const next: CounterRecord = {
        ...counter,
        state: 'open',
        sessionId,
        clerk: { id: actor.id, displayName: actor.displayName },
        servingCategoryIds: [...serving],
        pauseReason: null,
        currentTicketId: null,
        consecutivePriorityCalls: 0,
        stateSince: new Date(now).toISOString(),
      };
      this.counters.saveState(next, now);
      return { counter: next, ticket: null, reason: null, events: [changed(next)] };
    });
  }

  close(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      this.assertFree(counter);
      if (counter.sessionId) {
        this.counters.endPause(counter.sessionId, now);
        this.counters.closeSession(counter.sessionId, now);
      }
      const next: CounterRecord = {
        ...counter,
        state: 'closed',
        sessionId: null,
        clerk: null,
        servingCategoryIds: [],
        pauseReason: null,
        consecutivePriorityCalls: 0,
        stateSince: new Date(now).toISOString(),
      };
      this.counters.saveState(next, now);
      return { counter: next, ticket: null, reason: null, events: [changed(next)] };
    });
  }

  /** Calls the next client by the office's policy; `ticket: null` when nobody waits. */
  next(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      this.assertReady(counter);
      const policyCounter = {
        id: counter.id,
        categoryIds: counter.servingCategoryIds,
        consecutivePriorityCalls: counter.consecutivePriorityCalls,
      };
      const choice = chooseNext(
        this.tickets.candidates(counter.servingCategoryIds, counter.id),
        policyCounter,
        this.ticketService.policySettings(counter.officeId),
        now,
      );
      if (!choice) {
        return {
          counter,
          ticket: null,
          reason: 'Nobody is waiting for the categories this counter serves.',
          events: [],
        };
      }
      return this.call(actor, counter, choice, now, {});
    });
  }

  /** Calls a ticket the clerk picked from the list; needs a reason code, which is audited. */
  callChosen(
    actor: UserActor,
    counterId: string,
    body: CallChosenBody,
    once: Once | null = null,
  ): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      this.assertReady(counter);
      const chosen = this.tickets.find(body.ticketId);
      if (!chosen || chosen.office_id !== counter.officeId) throw notFound(`Ticket ${body.ticketId}`);
      if (chosen.state !== 'waiting') {
        throw new AppError(
          'TICKET_NOT_WAITING',
          `Ticket ${chosen.code} is not waiting (it is ${chosen.state.replace('_', '-')}).`,
        );
      }
      const candidates = this.tickets.candidates(counter.servingCategoryIds, counter.id);
      if (!candidates.some((c) => c.id === chosen.id)) candidates.push(toWaitingTicket(chosen));
      const choice = chooseSpecific(
        candidates,
        {
          id: counter.id,
          categoryIds: counter.servingCategoryIds,
          consecutivePriorityCalls: counter.consecutivePriorityCalls,
        },
        this.ticketService.policySettings(counter.officeId),
        now,
        chosen.id,
        body.reasonCode,
      );
      if ('error' in choice) {
        const category = this.categories.find(chosen.category_id);
        throw new AppError(
          'TICKET_NOT_ELIGIBLE',
          chosen.target_counter_id
            ? `Ticket ${chosen.code} was transferred to another counter; only that counter can call it.`
            : `Ticket ${chosen.code} is for ${category?.names.pl ?? 'a category'}, which counter ${counter.number} does not serve today.`,
        );
      }
      this.ctx.audit(actor, 'call_chosen', 'ticket', chosen.id, {
        code: chosen.code,
        counterId: counter.id,
        reasonCode: body.reasonCode,
        policyWouldCall: choice.detail.runnerUp?.code ?? null,
      });
      return this.call(actor, counter, choice, now, { reasonCode: body.reasonCode });
    });
  }

  recall(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      const t = this.requireCurrent(counter, ['called'], 'recall');
      this.tickets.update(t.id, { recall_count: t.recall_count + 1 });
      this.event(actor, t, 'recalled', now, counter.id, { recall: t.recall_count + 1 });
      const ticket = { ...t, recall_count: t.recall_count + 1 };
      return {
        counter,
        ticket,
        reason: t.call_reason,
        events: [
          {
            name: 'ticket.called',
            payload: {
              officeId: counter.officeId,
              ticketId: t.id,
              code: t.code,
              counterId: counter.id,
              calledAt: now,
              recall: true,
            },
          },
        ],
      };
    });
  }

  start(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.move(
      actor,
      counterId,
      once,
      ['called'],
      'start',
      'serving',
      'started',
      (now) => ({ started_at: now }),
      false,
    );
  }

  finish(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.move(
      actor,
      counterId,
      once,
      ['serving'],
      'finish',
      'finished',
      'finished',
      (now) => ({ finished_at: now }),
      true,
    );
  }

  noShow(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.move(
      actor,
      counterId,
      once,
      ['called'],
      'mark as a no-show',
      'no_show',
      'no_show',
      (now) => ({ finished_at: now }),
      true,
    );
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
  ): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      if (body.categoryId === undefined && body.counterId === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Say where to transfer the client: "categoryId", "counterId" or both.',
        );
      }
      const t = this.requireCurrent(counter, ['called', 'serving'], 'transfer');
      const categoryId = body.categoryId ?? t.category_id;
      const category = this.categories.find(categoryId);
      if (!category || category.officeId !== counter.officeId) throw notFound(`Category ${categoryId}`);
      if (!category.active)
        throw new AppError(
          'CATEGORY_INACTIVE',
          `Category ${category.prefix} is not offered at the moment; choose another.`,
        );
      let targetCounterId: string | null = null;
      if (body.counterId !== undefined) {
        const target = this.counters.find(body.counterId);
        if (!target || target.officeId !== counter.officeId) throw notFound(`Counter ${body.counterId}`);
        if (!target.active)
          throw new AppError(
            'ILLEGAL_TRANSITION',
            `Counter ${target.number} is deactivated; choose another.`,
          );
        if (target.id === counter.id)
          throw new AppError('ILLEGAL_TRANSITION', `The client is already at counter ${counter.number}.`);
        targetCounterId = target.id;
      } else if (categoryId === t.category_id) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Ticket ${t.code} is already in category ${category.prefix}; choose another category or a counter.`,
        );
      }
      const childId = newId();
      const estimate = this.ticketService.estimate(
        counter.officeId,
        category,
        {
          id: childId,
          code: t.code,
          categoryId,
          weight: t.priority_weight,
          queuedAt: t.queued_at,
          targetCounterId,
        },
        now,
        false,
      );
      this.tickets.transition(t.id, t.state, { state: 'transferred', finished_at: now });
      this.tickets.insert({
        id: childId,
        office_id: t.office_id,
        category_id: categoryId,
        service_day: t.service_day,
        number: t.number,
        code: t.code,
        priority_weight: t.priority_weight,
        state: 'waiting',
        target_counter_id: targetCounterId,
        parent_ticket_id: t.id,
        note: body.note ?? null,
        language: t.language,
        issued_at: now,
        queued_at: t.queued_at,
        estimate_min: estimate.minMinutes,
        estimate_max: estimate.maxMinutes,
        issued_by_device_id: null,
        issued_by_user_id: actor.id,
        interpreter_requested: t.interpreter_requested,
      });
      this.event(actor, t, 'transferred', now, counter.id, {
        toTicketId: childId,
        toCategoryId: categoryId,
        toCounterId: targetCounterId,
      });
      const child = this.tickets.find(childId) as TicketRow;
      this.event(actor, child, 'transferred_in', now, counter.id, {
        fromTicketId: t.id,
        fromCounterId: counter.id,
      });
      const next = { ...counter, currentTicketId: null };
      this.counters.saveState(next, now);
      return {
        counter: next,
        ticket: this.tickets.find(t.id),
        reason: null,
        events: [
          changed(next),
          {
            name: 'ticket.changed',
            payload: { officeId: t.office_id, ticketId: t.id, state: 'transferred', counterId: counter.id },
          },
          { name: 'ticket.issued', payload: { officeId: t.office_id, ticketId: childId, categoryId } },
        ],
      };
    });
  }

  pause(
    actor: UserActor,
    counterId: string,
    body: PauseBody,
    once: Once | null = null,
  ): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      if (counter.state === 'paused')
        throw new AppError('ILLEGAL_TRANSITION', `Counter ${counter.number} is already paused.`);
      this.assertFree(counter);
      if (counter.sessionId) this.counters.startPause(counter.sessionId, body.reason, now);
      const next: CounterRecord = {
        ...counter,
        state: 'paused',
        pauseReason: body.reason,
        stateSince: new Date(now).toISOString(),
      };
      this.counters.saveState(next, now);
      return { counter: next, ticket: null, reason: null, events: [changed(next)] };
    });
  }

  resume(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      if (counter.state !== 'paused')
        throw new AppError('ILLEGAL_TRANSITION', `Counter ${counter.number} is not paused.`);
      if (counter.sessionId) this.counters.endPause(counter.sessionId, now);
      const next: CounterRecord = {
        ...counter,
        state: 'open',
        pauseReason: null,
        stateSince: new Date(now).toISOString(),
      };
      this.counters.saveState(next, now);
      return { counter: next, ticket: null, reason: null, events: [changed(next)] };
    });
  }

  // --- the machinery ---------------------------------------------------------------------

  /**
   * Runs one step in the write queue. The answer is made inside the same write, so that with
   * `once` (an Idempotency-Key) it is stored in the step's own transaction: after a crash either
   * both the action and its stored answer exist or neither does.
   */
  private async act(
    actor: UserActor,
    counterId: string,
    opts: { needsOwnOpen: boolean },
    once: Once | null,
    step: (counter: CounterRecord, now: number) => Step,
  ): Promise<CounterActionOutcome> {
    const { answer, events } = await this.ctx.writes.write(() => {
      const counter = this.load(actor, counterId);
      if (opts.needsOwnOpen) this.assertOwnOpen(actor, counter);
      const now = this.ctx.clock.now();
      const result = step(counter, now);
      const answer: CounterActionOutcome = {
        counter: publicCounter(result.counter),
        ticket: result.ticket ? toStaffTicket(result.ticket, now) : null,
        reason: result.reason,
      };
      once?.record(answer);
      return { answer, events: result.events };
    });
    for (const e of events) this.ctx.bus.publish(e.name, e.payload as never);
    return answer;
  }

  private call(
    actor: UserActor,
    counter: CounterRecord,
    choice: PolicyChoice,
    now: number,
    data: Record<string, unknown>,
  ): Step {
    const ok = this.tickets.transition(choice.ticket.id, 'waiting', {
      state: 'called',
      counter_id: counter.id,
      clerk_user_id: actor.id,
      called_at: now,
      call_reason: choice.reason,
    });
    // Cannot happen while one process owns the database; kept so a future storage can't double-call.
    if (!ok)
      throw new AppError(
        'TICKET_NOT_WAITING',
        `Ticket ${choice.ticket.code} was just called elsewhere; call the next one.`,
      );
    const ticket = this.tickets.find(choice.ticket.id) as TicketRow;
    this.event(actor, ticket, 'called', now, counter.id, {
      rule: choice.rule,
      reason: choice.reason,
      ...data,
    });
    const next: CounterRecord = {
      ...counter,
      currentTicketId: ticket.id,
      consecutivePriorityCalls: isPriority(choice.ticket) ? counter.consecutivePriorityCalls + 1 : 0,
    };
    this.counters.saveState(next, now);
    return {
      counter: next,
      ticket,
      reason: choice.reason,
      events: [
        {
          name: 'ticket.called',
          payload: {
            officeId: counter.officeId,
            ticketId: ticket.id,
            code: ticket.code,
            counterId: counter.id,
            calledAt: now,
            recall: false,
          },
        },
        changed(next),
      ],
    };
  }

  private move(
    actor: UserActor,
    counterId: string,
    once: Once | null,
    from: TicketRow['state'][],
    verb: string,
    to: TicketRow['state'],
    type: TicketEventType,
    fields: (now: number) => Partial<TicketRow>,
    releasesCounter: boolean,
  ): Promise<CounterActionOutcome> {
    return this.act(actor, counterId, { needsOwnOpen: true }, once, (counter, now) => {
      const t = this.requireCurrent(counter, from, verb);
      this.tickets.transition(t.id, t.state, { state: to, ...fields(now) });
      this.event(actor, t, type, now, counter.id, {});
      const next = releasesCounter ? { ...counter, currentTicketId: null } : counter;
      if (releasesCounter) this.counters.saveState(next, now);
      return {
        counter: next,
        ticket: this.tickets.find(t.id),
        reason: null,
        events: [
          {
            name: 'ticket.changed',
            payload: { officeId: t.office_id, ticketId: t.id, state: to, counterId: counter.id },
          },
          ...(releasesCounter ? [changed(next)] : []),
        ],
      };
    });
  }

  private load(actor: UserActor, counterId: string): CounterRecord {
    const counter = this.counters.find(counterId);
    if (!counter || counter.officeId !== actor.officeId) throw notFound(`Counter ${counterId}`);
    return counter;
  }

  private assertOwnOpen(actor: UserActor, counter: CounterRecord): void {
    if (counter.state === 'closed')
      throw new AppError('COUNTER_NOT_OPEN', `Counter ${counter.number} is closed; open it first.`);
    if (counter.clerk?.id !== actor.id) {
      throw new AppError(
        'FORBIDDEN',
        `Counter ${counter.number} is open by ${counter.clerk?.displayName ?? 'another clerk'}; only they can act at it.`,
      );
    }
  }

  /** Open, not paused, and with no client at the desk. */
  private assertReady(counter: CounterRecord): void {
    if (counter.state === 'paused')
      throw new AppError('COUNTER_PAUSED', `Counter ${counter.number} is paused; resume it first.`);
    this.assertFree(counter);
  }

  private assertFree(counter: CounterRecord): void {
    const t = this.current(counter);
    if (t) {
      throw new AppError(
        'COUNTER_BUSY',
        `Counter ${counter.number} already has ticket ${t.code} ${STATE_WORDS[t.state] ?? t.state}; finish it, mark a no-show or transfer it first.`,
      );
    }
  }

  private current(counter: CounterRecord): TicketRow | null {
    if (!counter.currentTicketId) return null;
    const t = this.tickets.find(counter.currentTicketId);
    return t && (t.state === 'called' || t.state === 'serving') ? t : null;
  }

  private requireCurrent(counter: CounterRecord, allowed: TicketRow['state'][], verb: string): TicketRow {
    const t = this.current(counter);
    if (!t)
      throw new AppError(
        'NO_CURRENT_TICKET',
        `Counter ${counter.number} has no client to ${verb}; call the next one first.`,
      );
    if (!allowed.includes(t.state)) {
      const hint: Record<string, string> = {
        recall: `ticket ${t.code} is already in service; recall is for a called client who has not come yet`,
        start: `ticket ${t.code} is already in service`,
        finish: `ticket ${t.code} has been called but service has not started; start it first, or mark a no-show`,
        'mark as a no-show': `ticket ${t.code} is already in service, so the client came; finish or transfer it`,
      };
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Cannot ${verb} at counter ${counter.number}: ${hint[verb] ?? `ticket ${t.code} is ${t.state}`}.`,
      );
    }
    return t;
  }

  private event(
    actor: UserActor,
    t: TicketRow,
    type: TicketEventType,
    at: number,
    counterId: string,
    data: Record<string, unknown>,
  ): void {
    this.tickets.addEvent({
      ticket_id: t.id,
      office_id: t.office_id,
      type,
      at,
      actor_kind: 'user',
      actor_id: actor.id,
      counter_id: counterId,
      data,
    });
  }
}

function changed(counter: CounterRecord): Published {
  return { name: 'counter.changed', payload: { officeId: counter.officeId, counterId: counter.id } };
}
