import type { CallDecision, CounterActionOutcome, TicketEventType } from '@numerek/shared';
import { canMove, TICKET_MOVES, type TicketMoveName } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import type { DomainEvents } from '../../domain-events.ts';
import { AppError, notFound } from '../../lib/app-error.ts';
import { officeLock, type Read } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import { toStaffTicket } from '../tickets/ticket.mapper.ts';
import type { TicketRepository, TicketRow } from '../tickets/ticket.repository.ts';
import { publicCounter } from './counter.mapper.ts';
import type { CounterRecord, CounterRepository } from './counter.repository.ts';

/** A domain event with its name, recorded in the step's write. */
export type Published = {
  [K in keyof DomainEvents]: { name: K; payload: DomainEvents[K] };
}[keyof DomainEvents];

/** What one action at a counter did: the counter and ticket after it, why, and what to tell. */
export interface Step {
  counter: CounterRecord;
  ticket: TicketRow | null;
  /** The English sentence of `decision`, for the API's integrators. */
  reason: string | null;
  /** Why the ticket was called, when the action called it (or called it again). */
  decision: CallDecision | null;
  events: Published[];
}

/**
 * An action's counter and client as its write committed them, and the office's stream number
 * then; or, for a `next` with nobody to call, as it found them, with nobody waiting.
 */
export interface Committed {
  counter: CounterRecord;
  ticket: TicketRow | null;
  seq: number;
  /** Nobody waits for the counter (read after `seq`): its list is empty without a read. */
  nobodyWaiting?: true;
}

/**
 * What an action at a counter answers, and, when it has just run (not a repeated answer), what
 * it committed: the panel's answer is made from that without reading it back.
 */
export interface CounterActionDone extends CounterActionOutcome {
  committed?: Committed;
}

const STATE_WORDS: Record<string, string> = { called: 'called', serving: 'in service' };

/** How the refusals below name a move. */
const VERBS: Record<TicketMoveName, string> = {
  recall: 'recall',
  start: 'start',
  finish: 'finish',
  'no-show': 'mark as a no-show',
  transfer: 'transfer',
};

/** What to do instead, when a move does not fit the state of the ticket at the desk. */
const HINTS: Partial<Record<TicketMoveName, string>> = {
  recall: 'is already in service; recall is for a called client who has not come yet',
  start: 'is already in service',
  finish: 'has been called but service has not started; start it first, or mark a no-show',
  'no-show': 'is already in service, so the client came; finish or transfer it',
};

export const counterChanged = (counter: CounterRecord): Published => ({
  name: 'counter.changed',
  payload: { officeId: counter.officeId, counterId: counter.id },
});

export const ticketChanged = (t: TicketRow, state: string, counterId: string | null): Published => ({
  name: 'ticket.changed',
  payload: { officeId: t.office_id, ticketId: t.id, state, counterId },
});

/** The moves that end in a plain change of state (recall and transfer do more). */
export type PlainMove = 'start' | 'finish' | 'no-show';

/**
 * How an action at a counter runs: the checks every action shares, and one step inside a write
 * under the office's lock, so that no other change to the office's queue happens between reading
 * the counter and changing it. An illegal move is a 409 that says what to do instead.
 */
export class CounterSteps {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly counters: CounterRepository,
    private readonly tickets: TicketRepository,
  ) {}

  /**
   * Runs one step in the write queue. The answer is made inside the same write, so that with
   * `once` (an Idempotency-Key) it is stored in the step's own transaction: after a crash either
   * both the action and its stored answer exist or neither does.
   */
  async run(
    actor: UserActor,
    counterId: string,
    opts: { needsOwnOpen: boolean; prefetch?: ReadonlyArray<Read | null> },
    once: Once | null,
    step: (counter: CounterRecord, now: number) => Promise<Step>,
  ): Promise<CounterActionDone> {
    const receipt = new Map<string, number>();
    /** The step's result, from the write's last attempt. */
    const kept: { step?: Step } = {};
    const answer = await this.ctx.writes.write(
      async () => {
        const counter = await this.load(actor, counterId);
        if (opts.needsOwnOpen) this.assertOwnOpen(actor, counter);
        const now = this.ctx.clock.now();
        const result = await step(counter, now);
        kept.step = result;
        const answer: CounterActionOutcome = {
          counter: publicCounter(result.counter),
          ticket: result.ticket ? toStaffTicket(result.ticket, now) : null,
          reason: result.reason,
          decision: result.decision,
        };
        this.publish(result.events);
        await once?.record(answer);
        return answer;
      },
      {
        lock: officeLock(actor.officeId),
        receipt,
        // The counter (the step's first read) and what the caller knows the step will read next
        // come with the office's lock.
        prefetch: [this.counters.findRead(counterId), ...(opts.prefetch ?? [])].filter(
          (r): r is Read => r !== null,
        ),
      },
    );
    const seq = receipt.get(actor.officeId);
    if (seq === undefined || !kept.step) return answer;
    return { ...answer, committed: { counter: kept.step.counter, ticket: kept.step.ticket, seq } };
  }

  /** Records a step's facts in the write that made them. */
  publish(events: readonly Published[]): void {
    for (const e of events) this.ctx.events.add(e.name, e.payload as never);
  }

  /** The counter, if it is in the actor's office. */
  async load(actor: UserActor, counterId: string): Promise<CounterRecord> {
    const counter = await this.counters.find(counterId);
    if (!counter || counter.officeId !== actor.officeId) throw notFound(`Counter ${counterId}`);
    return counter;
  }

  /** Open, and by the actor: only the clerk who opened a counter acts at it. */
  assertOwnOpen(actor: UserActor, counter: CounterRecord): void {
    if (counter.state === 'closed')
      throw new AppError('COUNTER_NOT_OPEN', `Counter ${counter.number} is closed; open it first.`, {
        counter: counter.number,
      });
    if (counter.clerk?.id !== actor.id) {
      throw new AppError(
        'FORBIDDEN',
        `Counter ${counter.number} is open by ${counter.clerk?.displayName ?? 'another clerk'}; only they can act at it.`,
        { reason: 'not_your_counter', counter: counter.number },
      );
    }
  }

  /** Open, not paused, and with no client at the desk. */
  async assertReady(counter: CounterRecord): Promise<void> {
    if (counter.state === 'paused')
      throw new AppError('COUNTER_PAUSED', `Counter ${counter.number} is paused; resume it first.`, {
        counter: counter.number,
      });
    await this.assertFree(counter);
  }

  async assertFree(counter: CounterRecord): Promise<void> {
    const t = await this.current(counter);
    if (t) {
      throw new AppError(
        'COUNTER_BUSY',
        `Counter ${counter.number} already has ticket ${t.code} ${STATE_WORDS[t.state] ?? t.state}; finish it, mark a no-show or transfer it first.`,
        { counter: counter.number, ticket: t.code, state: t.state },
      );
    }
  }

  /** The client at the desk: the counter's ticket while it is called or in service. */
  async current(counter: CounterRecord): Promise<TicketRow | null> {
    if (!counter.currentTicketId) return null;
    const t = await this.tickets.find(counter.currentTicketId);
    return t && (t.state === 'called' || t.state === 'serving') ? t : null;
  }

  /** The client at the desk, in a state `move` starts from (TICKET_MOVES). */
  async requireCurrent(counter: CounterRecord, move: TicketMoveName): Promise<TicketRow> {
    const t = await this.current(counter);
    const verb = VERBS[move];
    if (!t)
      throw new AppError(
        'NO_CURRENT_TICKET',
        `Counter ${counter.number} has no client to ${verb}; call the next one first.`,
        { counter: counter.number },
      );
    if (!canMove(move, t.state)) {
      const hint = HINTS[move] ?? `is ${t.state}`;
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Cannot ${verb} at counter ${counter.number}: ticket ${t.code} ${hint}.`,
        { reason: 'ticket_state', counter: counter.number, ticket: t.code, state: t.state },
      );
    }
    return t;
  }

  /**
   * Makes a move that only changes the state of the ticket at the desk, as TICKET_MOVES describes
   * it, and frees the counter if the move does. `data` goes to the ticket's log with the move.
   */
  async move(
    actor: UserActor,
    counter: CounterRecord,
    t: TicketRow,
    name: PlainMove,
    now: number,
    data: Record<string, unknown> = {},
  ): Promise<Step> {
    const move = TICKET_MOVES[name];
    const stamp = move.to === 'serving' ? { started_at: now } : { finished_at: now };
    const moved = await this.tickets.transition(t.id, t.state, { state: move.to, ...stamp });
    await this.logEvent(actor, t, move.event, now, counter.id, data);
    const next = move.releasesCounter ? { ...counter, currentTicketId: null } : counter;
    if (move.releasesCounter) await this.counters.saveState(next, now);
    return {
      counter: next,
      ticket: moved,
      reason: null,
      decision: null,
      events: [
        ticketChanged(t, move.to, counter.id),
        ...(move.releasesCounter ? [counterChanged(next)] : []),
      ],
    };
  }

  /**
   * Sends the client called to the desk back to the waiting queue, at the place they had: their
   * queued time is kept, so the queue policy weighs the wait they really had, no more and no less,
   * and they are called next if they are first. The counter is freed.
   */
  async returnToQueue(
    actor: UserActor,
    counter: CounterRecord,
    t: TicketRow,
    now: number,
    data: Record<string, unknown>,
  ): Promise<Step> {
    const back = await this.tickets.returnToQueue(t.id);
    await this.logEvent(actor, t, 'returned_to_queue', now, counter.id, data);
    const next = { ...counter, currentTicketId: null };
    await this.counters.saveState(next, now);
    return {
      counter: next,
      ticket: back,
      reason: null,
      decision: null,
      events: [ticketChanged(t, 'waiting', counter.id), counterChanged(next)],
    };
  }

  /** Writes a clerk's action to the ticket's log. */
  logEvent(
    actor: UserActor,
    t: TicketRow,
    type: TicketEventType,
    at: number,
    counterId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    return this.tickets.addEvent({
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
