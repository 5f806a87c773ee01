import type { OpenCounterBody, PauseBody } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import { AppError } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import type { CounterRecord, CounterRepository } from './counter.repository.ts';
import { counterChanged, type CounterActionDone, type CounterSteps, type Step } from './counter-step.ts';

/**
 * The clerk's session at a counter: closed → open ⇄ paused → closed. Only the clerk who opened
 * a counter acts at it, and a clerk has one counter open at a time. A supervisor or an
 * administrator may close any counter of their office for its clerk (someone left, or their
 * account was switched off): nobody at it is lost (see {@link closeFor}).
 */
export class CounterSessionService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly steps: CounterSteps,
    private readonly counters: CounterRepository,
  ) {}

  open(
    actor: UserActor,
    counterId: string,
    body: OpenCounterBody,
    once: Once | null = null,
  ): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: false }, once, async (counter, now) => {
      if (!counter.active)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Counter ${counter.number} is deactivated; ask a supervisor to activate it.`,
          { reason: 'counter_deactivated', counter: counter.number },
        );
      const serving = body.categoryIds ?? counter.categoryIds;
      const foreign = serving.filter((c) => !counter.categoryIds.includes(c));
      if (foreign.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Counter ${counter.number} is not set up to serve category ${foreign.join(', ')}; choose among its own categories.`,
          { field: 'categoryIds', counter: counter.number },
        );
      }
      if (counter.state !== 'closed') {
        if (counter.clerk?.id !== actor.id) {
          throw new AppError(
            'COUNTER_TAKEN',
            `Counter ${counter.number} is already open by ${counter.clerk?.displayName ?? 'another clerk'}.`,
            { reason: 'open_by_other', counter: counter.number },
          );
        }
        // Opening again is harmless: it only changes what the counter serves today.
        const next = { ...counter, servingCategoryIds: [...serving] };
        await this.counters.saveState(next, now);
        return {
          counter: next,
          ticket: await this.steps.current(next),
          reason: null,
          decision: null,
          events: [counterChanged(next)],
        };
      }
      const other = await this.counters.findByClerk(actor.id);
      if (other)
        throw new AppError(
          'COUNTER_TAKEN',
          `You already have counter ${other.number} open; close it first.`,
          {
            reason: 'yours_open',
            counter: other.number,
          },
        );
      const sessionId = newId();
      await this.counters.openSession(sessionId, counter.id, actor.id, serving, now);
      return this.save(
        {
          ...counter,
          state: 'open',
          sessionId,
          clerk: { id: actor.id, displayName: actor.displayName },
          servingCategoryIds: [...serving],
          pauseReason: null,
          currentTicketId: null,
          consecutivePriorityCalls: 0,
        },
        now,
      );
    });
  }

  /**
   * Closes the counter. Its clerk closes it with nobody at the desk (finish, no-show or transfer
   * first); a supervisor or an administrator closes a counter someone else has open whatever its
   * state, as {@link closeFor} says.
   */
  close(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: false }, once, async (counter, now) => {
      if (counter.state === 'closed' || counter.clerk?.id === actor.id || actor.role === 'clerk') {
        this.steps.assertOwnOpen(actor, counter);
        await this.steps.assertFree(counter);
        return this.end(counter, now);
      }
      return this.closeFor(actor, counter, now, false);
    });
  }

  /**
   * Closes the counter a user has open, if any, for them: their account is being deactivated.
   * Runs inside the caller's write, which holds the office's lock.
   */
  async closeForDeactivated(actor: UserActor, userId: string): Promise<void> {
    const counter = await this.counters.findByClerk(userId);
    if (!counter || counter.officeId !== actor.officeId) return;
    const step = await this.closeFor(actor, counter, this.ctx.clock.now(), true);
    this.steps.publish(step.events);
  }

  /**
   * Closes a counter for its clerk, losing nobody: a client called but not yet served goes back to
   * the waiting queue at the place they had (steps.returnToQueue), a client in service is finished
   * as the clerk's own "finish" would (steps.move). Audited with whose counter it was and what
   * became of the client; the answer's ticket is that client's, as it is now.
   */
  private async closeFor(
    actor: UserActor,
    counter: CounterRecord,
    now: number,
    accountDeactivated: boolean,
  ): Promise<Step> {
    const t = await this.steps.current(counter);
    const why = { counterClosed: true, ...(accountDeactivated ? { accountDeactivated } : {}) };
    const handled =
      t?.state === 'called'
        ? await this.steps.returnToQueue(actor, counter, t, now, why)
        : t?.state === 'serving'
          ? await this.steps.move(actor, counter, t, 'finish', now, why)
          : null;
    const closed = await this.end(handled?.counter ?? counter, now);
    await this.ctx.audit(actor, 'close', 'counter', counter.id, {
      clerk: counter.clerk?.displayName ?? null,
      ...(t ? { code: t.code, ticketOutcome: t.state === 'called' ? 'returned_to_queue' : 'finished' } : {}),
      ...(accountDeactivated ? { accountDeactivated } : {}),
    });
    // The counter's change is told once, as closed.
    const moved = (handled?.events ?? []).filter((e) => e.name !== 'counter.changed');
    return { ...closed, ticket: handled?.ticket ?? null, events: [...moved, ...closed.events] };
  }

  /** Ends the clerk's session at the counter: closed, nobody's, serving nothing. */
  private async end(counter: CounterRecord, now: number): Promise<Step> {
    if (counter.sessionId) {
      await this.counters.endPause(counter.sessionId, now);
      await this.counters.closeSession(counter.sessionId, now);
    }
    return this.save(
      {
        ...counter,
        state: 'closed',
        sessionId: null,
        clerk: null,
        servingCategoryIds: [],
        pauseReason: null,
        consecutivePriorityCalls: 0,
      },
      now,
    );
  }

  pause(
    actor: UserActor,
    counterId: string,
    body: PauseBody,
    once: Once | null = null,
  ): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      if (counter.state === 'paused')
        throw new AppError('ILLEGAL_TRANSITION', `Counter ${counter.number} is already paused.`, {
          reason: 'already_paused',
          counter: counter.number,
        });
      await this.steps.assertFree(counter);
      if (counter.sessionId) await this.counters.startPause(counter.sessionId, body.reason, now);
      return this.save({ ...counter, state: 'paused', pauseReason: body.reason }, now);
    });
  }

  resume(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      if (counter.state !== 'paused')
        throw new AppError('ILLEGAL_TRANSITION', `Counter ${counter.number} is not paused.`, {
          reason: 'not_paused',
          counter: counter.number,
        });
      if (counter.sessionId) await this.counters.endPause(counter.sessionId, now);
      return this.save({ ...counter, state: 'open', pauseReason: null }, now);
    });
  }

  /** Saves the counter in its new state, in that state since now, and tells who follows it. */
  private async save(counter: CounterRecord, now: number): Promise<Step> {
    const next: CounterRecord = { ...counter, stateSince: new Date(now).toISOString() };
    await this.counters.saveState(next, now);
    return { counter: next, ticket: null, reason: null, decision: null, events: [counterChanged(next)] };
  }
}
