import type { OpenCounterBody, PauseBody } from '@numerek/shared';
import type { UserActor } from '../../actor.ts';
import { AppError } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import type { CounterRecord, CounterRepository } from './counter.repository.ts';
import { counterChanged, type CounterActionDone, type CounterSteps, type Step } from './counter-step.ts';

/**
 * The clerk's session at a counter: closed → open ⇄ paused → closed. Only the clerk who opened
 * a counter acts at it, and a clerk has one counter open at a time.
 */
export class CounterSessionService {
  constructor(
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

  close(actor: UserActor, counterId: string, once: Once | null = null): Promise<CounterActionDone> {
    return this.steps.run(actor, counterId, { needsOwnOpen: true }, once, async (counter, now) => {
      await this.steps.assertFree(counter);
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
    });
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
